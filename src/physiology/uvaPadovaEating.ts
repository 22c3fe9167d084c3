// The eating phase of the UVA/Padova patient, with simglucose's conventions
// (simglucose/patient/t1dpatient.py: EAT_RATE = 5 g/min, SAMPLE_TIME = 1 min), held in the
// model's own state so that the run loop only says "a meal starts now" (`applyMeal`).
//
// simglucose eats min(5 g, grams left) in each 1-minute step, at a constant rate over that
// minute: a 45 g meal lasts 9 minutes, a 47 g meal 10 (9 × 5 g, then 2 g). A rate that is a
// function of the state alone cannot reproduce that with a Runge–Kutta step (its last stage, at
// the end of the final minute, sits where the next step's first stage starts), so the rate is a
// held value, changed only between steps:
// - `eatingRate` (mg/min, derivative 0) is set by `applyMeal` and after every step by the
//   model's `project` (which both solvers call once after each accepted step) to
//   min(5 g/min, left / 1 min). With 1-minute steps this is simglucose's schedule exactly; with
//   shorter steps the last portion is eaten with a geometric tail; longer adaptive steps are cut
//   by the solver's error control where the rate switches off (see `eatingRateMgPerMinute`).
// - `mealLeftToEat` (mg) is integrated: d/dt = −rate, and qsto1 gains the same rate, so the
//   meal is eaten exactly (a linear invariant every Runge–Kutta method keeps).
// - Dbar, the amount the gastric-emptying curve is scaled to, is simglucose's: the stomach
//   content (qsto1 + qsto2) when the meal started plus the carbohydrate eaten of it so far,
//   counting the minute being eaten (simglucose adds a minute's grams before integrating it), in
//   mg (simglucose once added grams to milligrams here: github.com/jxx123/simglucose/issues/41,
//   fixed there). It is held (`dbar`) and recomputed with the rate. After the meal it keeps its
//   value until the next meal, as in simglucose and Dalla Man 2007 (D is the last meal's amount):
//   kempt = kmax only while Dbar = 0, i.e. before the first meal.
// - A meal continues the current one (simglucose: "eating in the previous minute") when grams are
//   still left to eat or the patient ate during the last minute (`minutesSinceEating` < 1: an
//   integrated clock, set to 0 by a meal, that stands still while eating); otherwise it starts a
//   new meal.
import { UVA_STATE as S } from './uvaPadovaState.ts';
import { stageComponent } from './solvers/types.ts';

// State indices as module constants: V8 folds these into the hot derivative, whereas it
// re-reads the fields of an imported object on every access (about 2× slower per step).
const {
  mealLeftToEat: MEAL_LEFT_TO_EAT,
  eatingRate: EATING_RATE,
  mealTotal: MEAL_TOTAL,
  dbar: DBAR,
  stomachAtMealStart: STOMACH_AT_MEAL_START,
  minutesSinceEating: MINUTES_SINCE_EATING,
  qsto1: QSTO1,
  qsto2: QSTO2,
} = S;

/** Milligrams per gram: an SI prefix (the gut states are in mg, meals in g). */
export const MG_PER_G = 1000;
/** simglucose's eating rate (T1DPatient.EAT_RATE = 5 g/min), mg/min. */
export const EAT_RATE_MG_PER_MINUTE = 5 * MG_PER_G;
/** The grid the eating schedule is defined on (simglucose's SAMPLE_TIME), minutes. */
export const EATING_GRID_MINUTES = 1;
/**
 * Less than this left to eat is rounding, not food, mg: the RK4 weights (1/6, 2/6, …) leave
 * ~1e-12 mg after the last minute. Dropping it ends the meal (and keeps crumbs from holding the
 * eating clock at zero); the mass it drops is under a microgram per meal.
 */
const CRUMB_MG = 1e-3;

/**
 * The rate qsto1 receives, mg/min. The held rate applies while the meal is not over-eaten
 * (left ≥ 0): in the final 1-minute step the last stage lands exactly on left = 0 and must still
 * eat. If a caller never calls `project`, eating still stops within about one step.
 */
export function eatingRateMgPerMinute(x: Float64Array): number {
  return eatingRateAt(x, 0, x);
}

/** `eatingRateMgPerMinute` at the solver's stage point x + h·k (`OdeSystem.derivativeAt`). */
function eatingRateAt(x: Float64Array, h: number, k: Float64Array): number {
  return stageComponent(x, h, k, MEAL_LEFT_TO_EAT) >= 0 ? stageComponent(x, h, k, EATING_RATE) : 0;
}

/** Sets the rate for the coming step and Dbar from the meal's state (idempotent). */
export function scheduleEating(x: Float64Array): void {
  const left = x[MEAL_LEFT_TO_EAT]! > CRUMB_MG ? x[MEAL_LEFT_TO_EAT]! : 0;
  x[MEAL_LEFT_TO_EAT] = left;
  const rate =
    left >= EAT_RATE_MG_PER_MINUTE * EATING_GRID_MINUTES
      ? EAT_RATE_MG_PER_MINUTE
      : left / EATING_GRID_MINUTES;
  x[EATING_RATE] = rate;
  const eatenIncludingComingStep = x[MEAL_TOTAL]! - left + rate * EATING_GRID_MINUTES;
  x[DBAR] = x[STOMACH_AT_MEAL_START]! + eatenIncludingComingStep;
}

/** Starts a meal of `carbsMg`, or adds it to the meal being eaten (see above). */
export function startMeal(x: Float64Array, carbsMg: number): void {
  const eating = x[MEAL_LEFT_TO_EAT]! > 0 || x[MINUTES_SINCE_EATING]! < EATING_GRID_MINUTES;
  if (!eating) {
    x[STOMACH_AT_MEAL_START] = x[QSTO1]! + x[QSTO2]!;
    x[MEAL_TOTAL] = 0;
  }
  x[MEAL_TOTAL]! += carbsMg;
  x[MEAL_LEFT_TO_EAT]! += carbsMg;
  x[MINUTES_SINCE_EATING] = 0;
  scheduleEating(x);
}

/**
 * Writes d/dt of the eating states, read at the solver's stage point x + h·k
 * (`OdeSystem.derivativeAt`; h = 0 and k = x read x itself), and returns the rate into qsto1,
 * mg/min.
 */
export function eatingDerivativeAt(
  x: Float64Array,
  h: number,
  k: Float64Array,
  out: Float64Array,
): number {
  const rate = eatingRateAt(x, h, k);
  out[MEAL_LEFT_TO_EAT] = -rate;
  out[MEAL_TOTAL] = 0;
  out[STOMACH_AT_MEAL_START] = 0;
  out[EATING_RATE] = 0;
  out[DBAR] = 0;
  out[MINUTES_SINCE_EATING] = rate > 0 ? 0 : 1;
  return rate;
}
