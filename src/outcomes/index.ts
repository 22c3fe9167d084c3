// Outcomes: consensus glucose metrics, CGM events, the AGP and incidence rates.
export * from './ranges.ts';
export * from './risk.ts';
export * from './metrics.ts';
export * from './eventDefinitions.ts';
export * from './events.ts';
export * from './agp.ts';
export * from './gamma.ts';
export * from './incidence.ts';
export * from './meanInterval.ts';
