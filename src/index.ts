// The package's entry: what `import … from 'opencsii'` gives. One flat list of the parts a
// program drives: the main job, cohorts and studies, the pump engine, the virtual patients, the
// sensors, the insulin curves, the outcome metrics and the units. Modules not listed here are
// internals of these and may change without notice.
export * from './sim/index.ts';
export * from './cohort/index.ts';
export * from './cohort/farm/index.ts';
export * from './studies/index.ts';
export * from './experiments/index.ts';
export * from './pump/index.ts';
export * from './physiology/population.ts';
export * from './physiology/model.ts';
export * from './physiology/hovorka.ts';
export * from './physiology/uvaPadova.ts';
export * from './physiology/ketones.ts';
export * from './sensors/index.ts';
export * from './insulin/index.ts';
export * from './outcomes/index.ts';
export * from './report/index.ts';
export * from './units/index.ts';
export * from './random/rng.ts';
export * from './therapy/controllers/index.ts';
// Both the result and the outcome module name their AGP bin; the result's is the one a caller reads.
export type { AgpBin } from './sim/index.ts';
export type { AgpBin as AgpProfileBin } from './outcomes/agp.ts';
