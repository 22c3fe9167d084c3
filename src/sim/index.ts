export * from './presets.ts';
export * from './result.ts';
export * from './run.ts';
export * from './scenario.ts';
export * from './traceCsv.ts';
