// The pure core of cohorts: the specification, seeds, one patient's run, the reduction to
// outcomes per arm, and the cost model. The runners (farm/) and the CLI build on these.
export * from './cost.ts';
export {
  COST_DEFAULTS,
  LIEGE_COSTS_EUR_PER_PATIENT_YEAR,
  REFERENCE_PUMP_PATIENT_YEAR,
} from './costDefaults.ts';
export { cohortMethods } from './methods.ts';
export * from './patientRun.ts';
export * from './reduce.ts';
export * from './seeds.ts';
export * from './spec.ts';
export type { YearSummary } from './yearOutcomes.ts';
