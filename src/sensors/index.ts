// Sensors: the CGM, the finger-stick glucose meter and the capillary ketone meter.
export * from './johnsonSu.ts';
export * from './cgmNoise.ts';
export * from './cgm.ts';
export * from './meter.ts';
export * from './ketoneMeter.ts';
