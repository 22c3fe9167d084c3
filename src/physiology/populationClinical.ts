// The settings a clinician would program for a virtual patient, each from a stated rule:
// basal from the model's steady state, carb ratio from a meal test run in the model, total daily
// dose from basal plus the insulin for a day's carbohydrate, correction factor from a correction
// test run in the model.
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
/**
 * The correction test gives its bolus this long after the test meal eaten without one, min: the
 * meal is absorbed (94 % of it) and glucose is high, as a correction-factor test asks (glucose
 * high, the last meal 3–5 h before; Walsh & Roberts, "Pumping Insulin").
 */
export const CORRECTION_TEST_AFTER_MEAL_MINUTES = 180;
/** Glucose is followed this long after the test correction, min. */
export const CORRECTION_TEST_WATCH_MINUTES = 480;
/** Strongest correction factor the test searches, mg/dL per U. */
const CORRECTION_FACTOR_MIN_MGDL_PER_UNIT = 5;
/** Weakest correction factor a pump's calculator takes, mg/dL per U (clinical.md: 1–400). */
export const CORRECTION_FACTOR_MAX_MGDL_PER_UNIT = 400;
/** Root search: stop when the lowest glucose is within this of its aim, mg/dL. */
const DOSE_TEST_TOLERANCE_MGDL = 0.05;
/** Root search: iteration limit ("put a limit on everything"). */
const DOSE_TEST_ITERATIONS_MAX = 60;

export interface MealTestOptions {
  readonly basalUnitsPerHour: number;
  /** Default RK4 with a 1-minute step. */
  readonly solver?: Integrator;
}

interface TestSettings {
  readonly basalUnitsPerHour: number;
  readonly solver: Integrator;
}

/** Advances `x` by `minutes` on basal alone; calls `each` with plasma glucose after each minute. */
function runOnBasal(
  model: PatientModel,
  x: Float64Array,
  minutes: number,
  settings: TestSettings,
  each?: (minute: number, glucoseMgdl: number) => void,
): void {
  const inputs: ModelInputs = {
    rapidInsulinUnitsPerMinute: settings.basalUnitsPerHour / MINUTES_PER_HOUR,
    carbsGramsPerMinute: 0,
  };
  const stats = emptyStats();
  for (let minute = 0; minute < minutes; minute += 1) {
    const code = settings.solver.advance(model, x, minute, minute + 1, inputs, stats);
    if (code !== 'Success') throw new Error(`dose test of ${model.name}: solver returned ${code}`);
    each?.(minute + 1, model.plasmaGlucoseMgdl(x));
  }
}

/**
 * The lowest plasma glucose (mg/dL) from `fromMinute` to `minutes` after `bolusUnits` of the rapid
 * depot given at `start` (and `mealGrams` eaten with it), basal continuing.
 */
function lowestGlucoseAfter(
  model: PatientModel,
  start: Float64Array,
  dose: { readonly mealGrams: number; readonly bolusUnits: number },
  watch: { readonly minutes: number; readonly fromMinute: number },
  settings: TestSettings,
): number {
  const x = Float64Array.from(start);
  if (dose.mealGrams > 0) model.applyMeal(x, dose.mealGrams);
  model.applyInsulinDose(x, 'rapid', dose.bolusUnits);
  let lowest = Infinity;
  runOnBasal(model, x, watch.minutes, settings, (minute, glucose) => {
    if (minute >= watch.fromMinute) lowest = Math.min(lowest, glucose);
  });
  return lowest;
}

/**
 * The dose (U) at which `excess` (mg/dL, falling as the dose grows) reaches zero, between
 * `leastUnits` and `mostUnits` (Illinois regula falsi: the root of a monotone function). Null when
 * it does not cross zero there: glucose stays high even after the most, or is low enough with the
 * least (with none: needs no insulin at all).
 */
export function doseWhereExcessEnds(
  excess: (units: number) => number,
  mostUnits: number,
  leastUnits = 0,
): number | null {
  let low = leastUnits;
  let high = mostUnits;
  let fLow = excess(low);
  let fHigh = excess(high);
  if (fHigh > 0 || fLow <= 0) return null;
  let dose = high;
  let side = 0;
  for (let i = 0; i < DOSE_TEST_ITERATIONS_MAX; i += 1) {
    dose = (low * fHigh - high * fLow) / (fHigh - fLow);
    const f = excess(dose);
    if (Math.abs(f) < DOSE_TEST_TOLERANCE_MGDL) break;
    if (f > 0) {
      low = dose;
      fLow = f;
      if (side === -1) fHigh /= 2; // Illinois: halve the stale end so the bracket keeps shrinking
      side = -1;
    } else {
      high = dose;
      fHigh = f;
      if (side === 1) fLow /= 2;
      side = 1;
    }
  }
  return dose;
}

function testSettings(model: PatientModel, options: MealTestOptions): TestSettings {
  return {
    basalUnitsPerHour: options.basalUnitsPerHour,
    solver: options.solver ?? modelIntegrator(model),
  };
}

/**
 * Carb ratio (g/U) by the meal test: the test meal divided by the largest bolus after which plasma
 * glucose comes back down to its pre-meal value and no lower within `CARB_RATIO_WATCH_MINUTES`
 * (from the basal steady state). Null when even the bolus of the smallest carb ratio leaves
 * glucose high, or the meal needs no insulin.
 */
export function carbRatioByMealTest(model: PatientModel, options: MealTestOptions): number | null {
  const settings = testSettings(model, options);
  const start = model.steadyState(settings.basalUnitsPerHour);
  const preMealMgdl = model.plasmaGlucoseMgdl(start);
  const watch = { minutes: CARB_RATIO_WATCH_MINUTES, fromMinute: CARB_RATIO_NADIR_FROM_MINUTES };
  const excess = (bolusUnits: number): number =>
    lowestGlucoseAfter(
      model,
      start,
      { mealGrams: CARB_RATIO_TEST_MEAL_GRAMS, bolusUnits },
      watch,
      settings,
    ) - preMealMgdl;
  const bolus = doseWhereExcessEnds(
    excess,
    CARB_RATIO_TEST_MEAL_GRAMS / CARB_RATIO_MIN_GRAMS_PER_UNIT,
  );
  return bolus === null ? null : CARB_RATIO_TEST_MEAL_GRAMS / bolus;
}

/**
 * Correction factor (mg/dL per U) by the correction test: the test meal eaten without a bolus,
 * then `CORRECTION_TEST_AFTER_MEAL_MINUTES` later, with glucose high, the largest correction after
 * which plasma glucose comes down to `targetMgdl` and no lower within
 * `CORRECTION_TEST_WATCH_MINUTES`; the factor is the fall it aims at per unit. The 1800 rule,
 * used before, does not fit the model: basal insulin alone brings high glucose part of the way
 * down, and a unit acts more or less than the rule assumes. For the built-in 100 this factor is
 * 0.65–4.7 times the rule's (median 1.5), and the rule's took 21 of them below 70 mg/dL in this
 * test (8 below 54). Null when glucose comes back to the target without a correction, or with
 * so little that the factor is beyond what a pump's calculator takes.
 */
export function correctionFactorByTest(
  model: PatientModel,
  options: MealTestOptions & { readonly targetMgdl: number },
): number | null {
  const settings = testSettings(model, options);
  const start = model.steadyState(settings.basalUnitsPerHour);
  model.applyMeal(start, CARB_RATIO_TEST_MEAL_GRAMS);
  runOnBasal(model, start, CORRECTION_TEST_AFTER_MEAL_MINUTES, settings);
  const fallMgdl = model.plasmaGlucoseMgdl(start) - options.targetMgdl;
  if (!(fallMgdl > 0)) return null;
  const watch = { minutes: CORRECTION_TEST_WATCH_MINUTES, fromMinute: 0 };
  const excess = (units: number): number =>
    lowestGlucoseAfter(model, start, { mealGrams: 0, bolusUnits: units }, watch, settings) -
    options.targetMgdl;
  const units = doseWhereExcessEnds(excess, fallMgdl / CORRECTION_FACTOR_MIN_MGDL_PER_UNIT);
  if (units === null) return null;
  const factor = fallMgdl / units;
  return factor <= CORRECTION_FACTOR_MAX_MGDL_PER_UNIT ? factor : null;
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
