export * from './action.ts';
export * from './curveSettings.ts';
export * from './presets.ts';
export * from './onBoard.ts';
export * from './formulations.ts';
export * from './bolusFormula.ts';
