// The bolus formula every calculator shares (pump calculators, injection apps):
//   carbs / carb ratio + correction − insulin on board,
// where the correction aims at the top of the target range when glucose is above it, at the
// bottom when below it, and is zero inside it (the convention of most pump calculators).
// Calculators differ in what insulin on board is taken from (`IobSubtracted`): the whole bolus
// (the YpsoPump calculator's first method), or the correction alone, never below zero, the food
// bolus left whole (Medtronic's Bolus Wizard): insulin still acting on an earlier meal is
// spoken for.
// Rounding and caps belong to the device: a pump rounds down to its pulse, a pen to its step.

export const IOB_SUBTRACTED = ['from-total', 'from-correction'] as const;
export type IobSubtracted = (typeof IOB_SUBTRACTED)[number];

export interface BolusFormulaInput {
  readonly carbsGrams: number;
  /** Current glucose; omitted when none was entered (no correction then). */
  readonly glucoseMgdl?: number;
  readonly iobUnits: number;
  readonly carbRatioGramsPerUnit: number;
  readonly sensitivityMgdlPerUnit: number;
  readonly targetLowMgdl: number;
  readonly targetHighMgdl: number;
  /** What insulin on board is taken from (default 'from-total'). */
  readonly iobSubtracted?: IobSubtracted;
}

export interface BolusFormulaResult {
  readonly carbUnits: number;
  readonly correctionUnits: number;
  /** carbUnits + correctionUnits less insulin on board: may be negative (then no bolus). */
  readonly rawUnits: number;
}

export function bolusFormula(input: BolusFormulaInput): BolusFormulaResult {
  const carbUnits = input.carbsGrams / input.carbRatioGramsPerUnit;
  const glucose = input.glucoseMgdl;
  let correctionUnits = 0;
  if (glucose !== undefined && glucose > input.targetHighMgdl) {
    correctionUnits = (glucose - input.targetHighMgdl) / input.sensitivityMgdlPerUnit;
  } else if (glucose !== undefined && glucose < input.targetLowMgdl) {
    correctionUnits = (glucose - input.targetLowMgdl) / input.sensitivityMgdlPerUnit;
  }
  if (input.iobSubtracted === 'from-correction') {
    const correction =
      correctionUnits > 0 ? Math.max(0, correctionUnits - input.iobUnits) : correctionUnits;
    return { carbUnits, correctionUnits, rawUnits: carbUnits + correction };
  }
  return { carbUnits, correctionUnits, rawUnits: carbUnits + correctionUnits - input.iobUnits };
}
