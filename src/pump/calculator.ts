// The pump's bolus calculator: the shared bolus formula (insulin/bolusFormula.ts) with the
// scheduled carb ratio, sensitivity and target of the moment and the pump's way of taking insulin
// on board off, never negative, rounded down to the pump's pulse and capped at the maximum bolus
// (saying so).
import { bolusFormula } from '../insulin/bolusFormula.ts';
import type { ScheduleSegment, PumpSettings } from './settings.ts';
import { SECONDS_PER_DAY } from './state.ts';

export interface CalculatorInput {
  readonly carbsGrams: number;
  /** Current glucose; omitted when the user enters none (no correction then). */
  readonly glucoseMgdl?: number;
  readonly iobUnits: number;
  /** Local minute of the day, to pick the scheduled ratio, sensitivity and target. */
  readonly localMinuteOfDay: number;
}

export interface BolusRecommendation {
  readonly carbUnits: number;
  readonly correctionUnits: number;
  readonly iobUnits: number;
  /** What the formula gives before rounding and caps (may be negative). */
  readonly rawUnits: number;
  /** What the pump offers to deliver: ≥ 0, a multiple of the pulse, at most the maximum bolus. */
  readonly units: number;
  readonly cappedAtMaxBolus: boolean;
  readonly carbRatioGramsPerUnit: number;
  readonly sensitivityMgdlPerUnit: number;
  readonly target: { lowMgdl: number; highMgdl: number };
  readonly notes: string[];
}

export function scheduledValue<T>(schedule: readonly ScheduleSegment<T>[], minuteOfDay: number): T {
  let value = schedule[0]?.value;
  for (const segment of schedule) {
    if (segment.startMinutes <= minuteOfDay) value = segment.value;
    else break;
  }
  if (value === undefined) throw new Error('calculator schedule is empty');
  return value;
}

export function recommendBolus(
  settings: PumpSettings,
  input: CalculatorInput,
): BolusRecommendation {
  const minute = ((input.localMinuteOfDay % 1440) + 1440) % 1440;
  const { calculator } = settings;
  const carbRatio = scheduledValue(calculator.carbRatioGramsPerUnit, minute);
  const sensitivity = scheduledValue(calculator.sensitivityMgdlPerUnit, minute);
  const target = scheduledValue(calculator.target, minute);
  const { carbUnits, correctionUnits, rawUnits } = bolusFormula({
    carbsGrams: input.carbsGrams,
    iobUnits: input.iobUnits,
    carbRatioGramsPerUnit: carbRatio,
    sensitivityMgdlPerUnit: sensitivity,
    targetLowMgdl: target.lowMgdl,
    targetHighMgdl: target.highMgdl,
    iobSubtracted: calculator.iobSubtracted,
    ...(input.glucoseMgdl === undefined ? {} : { glucoseMgdl: input.glucoseMgdl }),
  });
  const notes: string[] = [];
  // Rounding down to whole pulses is done on milliunits with a tolerance for float noise.
  const rawMilliunits = Math.max(0, rawUnits * 1000);
  let milliunits =
    Math.floor(rawMilliunits / settings.pulseMilliunits + 1e-9) * settings.pulseMilliunits;
  if (rawUnits <= 0) notes.push('Insulin on board and glucose call for no bolus.');
  const cappedAtMaxBolus = milliunits > settings.maxBolusMilliunits;
  if (cappedAtMaxBolus) {
    notes.push(`Capped at the maximum bolus of ${settings.maxBolusMilliunits / 1000} U.`);
    milliunits = settings.maxBolusMilliunits;
  }
  return {
    carbUnits,
    correctionUnits,
    iobUnits: input.iobUnits,
    rawUnits,
    units: milliunits / 1000,
    cappedAtMaxBolus,
    carbRatioGramsPerUnit: carbRatio,
    sensitivityMgdlPerUnit: sensitivity,
    target,
    notes,
  };
}

export function localMinuteOfDay(nowSeconds: number, clockOffsetSeconds: number): number {
  const local =
    (((nowSeconds + clockOffsetSeconds) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return Math.floor(local / 60);
}
