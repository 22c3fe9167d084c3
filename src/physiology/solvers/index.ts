export * from './types.ts';
export * from './rk4.ts';
export * from './dormandPrince.ts';
export * from './solve.ts';
