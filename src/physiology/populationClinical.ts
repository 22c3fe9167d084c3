// The settings a clinician would program for a virtual patient, each from a stated rule:
// basal from the model's steady state, carb ratio from a meal test run in the model, total daily
// dose from basal plus the insulin for a day's carbohydrate, correction factor by the 1800 rule.
import { modelIntegrator, type ModelInputs, type PatientModel } from './model.ts';
import type { Integrator } from './solvers/types.ts';
import { emptyStats } from './solvers/types.ts';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../units/index.ts';

const HOURS_PER_DAY = MINUTES_PER_DAY / MINUTES_PER_HOUR;

/** Test meal of the carb-ratio rule, g (a usual main meal). */
export const CARB_RATIO_TEST_MEAL_GRAMS = 50;
/**
 * Glucose is followed this long after the meal, min. A clinician judges a carb ratio by whether
 * glucose comes back to its pre-meal value once the meal and its bolus have acted, without a low
 * after: 4–5 h for most, but a slow insulin in the model still lowers glucose 8–10 h on. Judged
 * at 5 h, the ratio of such a patient left glucose falling into the night (a dinner's bolus
 * brought 50–55 mg/dL at 3 a.m., night after night).
 */
export const CARB_RATIO_WATCH_MINUTES = 720;
/** The lowest glucose is sought from this minute after the meal on (past its first rise). */
const CARB_RATIO_NADIR_FROM_MINUTES = 60;
/** Smallest carb ratio the meal test searches, g/U (more insulin than this is not a T1D adult). */
export const CARB_RATIO_MIN_GRAMS_PER_UNIT = 2;
/** The 1800 rule (Davidson; Walsh & Roberts, "Pumping Insulin"): CF = 1800 / TDD, mg/dL per U. */
export const CORRECTION_RULE_MGDL_UNITS = 1800;
/** Meal-test root search: stop when glucose at the check is within this of pre-meal, mg/dL. */
const MEAL_TEST_TOLERANCE_MGDL = 0.05;
/** Meal-test root search: iteration limit ("put a limit on everything"). */
const MEAL_TEST_ITERATIONS_MAX = 60;

export interface MealTestOptions {
  readonly basalUnitsPerHour: number;
  /** Default RK4 with a 1-minute step. */
  readonly solver?: Integrator;
}

/**
 * The lowest plasma glucose (mg/dL) from 1 h to `CARB_RATIO_WATCH_MINUTES` after a test meal with
 * `bolusUnits` of the rapid depot at the meal, starting from the basal steady state (basal
 * continues).
 */
function lowestGlucoseAfterMeal(
  model: PatientModel,
  start: Float64Array,
  bolusUnits: number,
  options: { basalUnitsPerHour: number; solver: Integrator },
): number {
  const x = Float64Array.from(start);
  model.applyMeal(x, CARB_RATIO_TEST_MEAL_GRAMS);
  model.applyInsulinDose(x, 'rapid', bolusUnits);
  const inputs: ModelInputs = {
    rapidInsulinUnitsPerMinute: options.basalUnitsPerHour / MINUTES_PER_HOUR,
    carbsGramsPerMinute: 0,
  };
  const stats = emptyStats();
  let lowest = Infinity;
  for (let minute = 0; minute < CARB_RATIO_WATCH_MINUTES; minute += 1) {
    const code = options.solver.advance(model, x, minute, minute + 1, inputs, stats);
    if (code !== 'Success') throw new Error(`meal test of ${model.name}: solver returned ${code}`);
    if (minute + 1 >= CARB_RATIO_NADIR_FROM_MINUTES)
      lowest = Math.min(lowest, model.plasmaGlucoseMgdl(x));
  }
  return lowest;
}

/**
 * Carb ratio (g/U) by the meal test: the test meal divided by the largest bolus after which plasma
 * glucose comes back down to its pre-meal value and no lower within `CARB_RATIO_WATCH_MINUTES`.
 * The lowest glucose falls as the bolus grows, so the bolus is the root of a monotone function
 * (Illinois regula falsi between 0 U and the bolus of the smallest carb ratio). Null when even
 * that bolus leaves glucose high.
 */
export function carbRatioByMealTest(model: PatientModel, options: MealTestOptions): number | null {
  const settings = {
    basalUnitsPerHour: options.basalUnitsPerHour,
    solver: options.solver ?? modelIntegrator(model),
  };
  const start = model.steadyState(settings.basalUnitsPerHour);
  const preMealMgdl = model.plasmaGlucoseMgdl(start);
  const excess = (bolusUnits: number): number =>
    lowestGlucoseAfterMeal(model, start, bolusUnits, settings) - preMealMgdl;
  let low = 0;
  let high = CARB_RATIO_TEST_MEAL_GRAMS / CARB_RATIO_MIN_GRAMS_PER_UNIT;
  let fLow = excess(low);
  let fHigh = excess(high);
  if (fHigh > 0) return null;
  if (fLow <= 0) return null; // the meal alone is gone in time: no insulin need to measure
  let bolus = high;
  let side = 0;
  for (let i = 0; i < MEAL_TEST_ITERATIONS_MAX; i += 1) {
    bolus = (low * fHigh - high * fLow) / (fHigh - fLow);
    const f = excess(bolus);
    if (Math.abs(f) < MEAL_TEST_TOLERANCE_MGDL) break;
    if (f > 0) {
      low = bolus;
      fLow = f;
      if (side === -1) fHigh /= 2; // Illinois: halve the stale end so the bracket keeps shrinking
      side = -1;
    } else {
      high = bolus;
      fHigh = f;
      if (side === 1) fLow /= 2;
      side = 1;
    }
  }
  return CARB_RATIO_TEST_MEAL_GRAMS / bolus;
}

/** Total daily dose, U: 24 h of basal plus the insulin for a day's carbohydrate at the carb ratio. */
export function totalDailyDoseUnits(options: {
  basalUnitsPerHour: number;
  dailyCarbsGrams: number;
  carbRatioGramsPerUnit: number;
}): number {
  return (
    HOURS_PER_DAY * options.basalUnitsPerHour +
    options.dailyCarbsGrams / options.carbRatioGramsPerUnit
  );
}

/** Correction factor by the 1800 rule, mg/dL per U. */
export function correctionFactorMgdlPerUnit(totalDailyDoseUnits: number): number {
  return CORRECTION_RULE_MGDL_UNITS / totalDailyDoseUnits;
}
