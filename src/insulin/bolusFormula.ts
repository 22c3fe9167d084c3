// The bolus formula every calculator shares (pump calculators, injection apps):
//   carbs / carb ratio + correction − insulin on board,
// where the correction aims at the top of the target range when glucose is above it, at the
// bottom when below it, and is zero inside it (the convention of most pump calculators).
// Rounding and caps belong to the device: a pump rounds down to its pulse, a pen to its step.

export interface BolusFormulaInput {
  readonly carbsGrams: number;
  /** Current glucose; omitted when none was entered (no correction then). */
  readonly glucoseMgdl?: number;
  readonly iobUnits: number;
  readonly carbRatioGramsPerUnit: number;
  readonly sensitivityMgdlPerUnit: number;
  readonly targetLowMgdl: number;
  readonly targetHighMgdl: number;
}

export interface BolusFormulaResult {
  readonly carbUnits: number;
  readonly correctionUnits: number;
  /** carbUnits + correctionUnits − iob: may be negative (then no bolus is offered). */
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
  return { carbUnits, correctionUnits, rawUnits: carbUnits + correctionUnits - input.iobUnits };
}
