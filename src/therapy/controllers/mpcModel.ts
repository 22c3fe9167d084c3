// The MPC's internal patient model: a linear, low-order model in deviation from the basal steady
// state, built from the user's settings and a few population constants (the controller never sees
// the virtual patient's parameters).
//
// Structure. The Cambridge controller (Hovorka et al., Physiol Meas 25:905–920, 2004) predicts with
// a compartment model of the glucoregulatory system with submodels for subcutaneous insulin and
// gut absorption, and adapts time-varying parameters by Bayesian estimation. We keep the
// compartment structure, linearised around the scheduled basal where the settings are calibrated,
// and replace the parameter estimation by a Kalman filter on a disturbance (mpcEstimator.ts):
// - insulin, net of the scheduled basal, U: C1 → C2 → C3, each with time constant τi; its
//   glucose-lowering action is ISFm·C3/τi (mg/dL/min);
// - announced carbohydrate, g: A1 → A2 with time constant τm; its action is CSFm·A2/τm;
// - unexplained appearance, mg/dL: U1 → U2 with time constant τu, and a slow bias b (mg/dL/min):
//   what the Kalman filter attributes to unannounced meals, sensitivity errors or drift. A
//   meal-shaped disturbance (rather than a constant offset) lets the prediction know that an
//   unannounced meal's rise ends;
// - glucose g = G − target, mg/dL, with self-regulation −k·g (glucose effectiveness), and the one
//   nonlinearity kept: renal excretion above 9 mmol/L, 0.003·(G − 162 mg/dL) mg/dL/min (Hovorka
//   2004: FR = 0.003·(G − 9)·VG mmol/min). After an unannounced meal glucose spends hours above
//   250 mg/dL, where the kidneys clear 0.3–0.7 mg/dL/min, as much as the insulin does; a model
//   without it expects too little fall and gives too much insulin at the peak. It enters the free
//   prediction and the estimator (explicit Euler over each 5-min step); the optimiser's responses
//   stay linear, which overstates what extra insulin does at high glucose (the safe side).
//
// Identification (its fitting script is not in the repository). The constants were fitted, by
// least squares over 12 h, to the response of interstitial glucose to a 1-U bolus and to a 20-g
// meal at the basal steady state in 60 virtual patients of two populations that are NOT the
// default cohort (seeds 1 and 2, 30 patients each; the default cohort is kept for testing):
// - insulin: a 3-chain fits each response to 0.8 mg/dL RMS (median); τi median 45 min (p10–p90
//   35–65), k median 0.0015 /min, fall = 0.88 × the ISF setting (1800 rule; p10–p90 0.65–1.22).
//   The controller's default τi is 55 min, about the 80th centile: a model slower than most
//   patients errs on the side where the danger is (a slow absorber, e.g. tmaxI 110 min, still has
//   insulin to act when a median model thinks it spent); on the tuning populations this halved the
//   time below 70 mg/dL at the same time in range;
// - carbohydrate: a 2-chain with τm 40 min (Hovorka 2004 tmaxG), rise = 1.3 × ISF/CR (median).
// The pump's 5-h exponential curve, or a 2-chain, ends insulin action hours too early for these
// patients (the Hovorka remote-insulin effect, ka1 ≈ 0.006 /min, outlasts it), and a controller
// that trusts it stacks insulin. So the controller keeps its own insulin record, fed with the
// deliveries (mpcInsulin.ts), instead of reading it off the pump's insulin on board.
// One control interval is 5 minutes; the transition over it is exact (matrix exponential).
import { mmolL, mmolLToMgdl } from '../../units/index.ts';
import { expm } from '../../physiology/solvers/matrixExponential.ts';

/** Renal threshold, mg/dL (Hovorka 2004: 9 mmol/L). */
export const RENAL_THRESHOLD_MGDL: number = mmolLToMgdl(mmolL(9));

/** The CGM period and the control interval, min (every call is one CGM reading). */
export const STEP_MINUTES = 5;

/** Index of each state in the model's state vector. */
export const STATE = {
  glucose: 0,
  insulin1: 1,
  insulin2: 2,
  insulin3: 3,
  carbs1: 4,
  carbs2: 5,
  unexplained1: 6,
  unexplained2: 7,
  bias: 8,
  /** The net insulin rate held over the interval, U/min (a constant input written as a state). */
  rate: 9,
} as const;
export const STATE_COUNT = 10;

export interface ModelParameters {
  /** ISFm: glucose fall per unit of net insulin, mg/dL/U. */
  readonly isfMgdlPerUnit: number;
  /** CSFm: glucose rise per gram of announced carbohydrate, mg/dL/g. */
  readonly csfMgdlPerGram: number;
  readonly insulinTauMinutes: number;
  readonly carbTauMinutes: number;
  readonly unexplainedTauMinutes: number;
  /** Glucose effectiveness k, /min (0: glucose integrates its fluxes). */
  readonly selfRegulationPerMinute: number;
  /** Time constant of the bias's return to 0, min. */
  readonly biasTauMinutes: number;
  /** Renal clearance above RENAL_THRESHOLD_MGDL, /min (Hovorka 2004: 0.003; 0 to leave out). */
  readonly renalClearancePerMinute: number;
  /** Prediction horizon, 5-min steps. */
  readonly horizonSteps: number;
}

export interface InternalModel {
  readonly parameters: ModelParameters;
  /** exp(A·5 min), STATE_COUNT × STATE_COUNT, row-major. */
  readonly transition: Float64Array;
  /** Glucose change k steps after a 1-U bolus now, mg/dL (index k = 0…horizonSteps). */
  readonly bolusResponse: Float64Array;
  /** Glucose change k steps after a net rate of 1 U/h starts now and is held, mg/dL. */
  readonly rateStepResponse: Float64Array;
}

function continuousMatrix(p: ModelParameters): Float64Array {
  const n = STATE_COUNT;
  const a = new Float64Array(n * n);
  const set = (row: number, column: number, value: number): void => {
    a[row * n + column] = value;
  };
  const s = STATE;
  const ti = p.insulinTauMinutes;
  const tm = p.carbTauMinutes;
  const tu = p.unexplainedTauMinutes;
  set(s.glucose, s.glucose, -p.selfRegulationPerMinute);
  set(s.glucose, s.insulin3, -p.isfMgdlPerUnit / ti);
  set(s.glucose, s.carbs2, p.csfMgdlPerGram / tm);
  set(s.glucose, s.unexplained2, 1 / tu);
  set(s.glucose, s.bias, 1);
  set(s.insulin1, s.rate, 1);
  set(s.insulin1, s.insulin1, -1 / ti);
  set(s.insulin2, s.insulin1, 1 / ti);
  set(s.insulin2, s.insulin2, -1 / ti);
  set(s.insulin3, s.insulin2, 1 / ti);
  set(s.insulin3, s.insulin3, -1 / ti);
  set(s.carbs1, s.carbs1, -1 / tm);
  set(s.carbs2, s.carbs1, 1 / tm);
  set(s.carbs2, s.carbs2, -1 / tm);
  set(s.unexplained1, s.unexplained1, -1 / tu);
  set(s.unexplained2, s.unexplained1, 1 / tu);
  set(s.unexplained2, s.unexplained2, -1 / tu);
  set(s.bias, s.bias, -1 / p.biasTauMinutes);
  return a;
}

/** x ← Φ·x, using `scratch` (length STATE_COUNT) so nothing is allocated. */
export function stepState(transition: Float64Array, x: Float64Array, scratch: Float64Array): void {
  const n = STATE_COUNT;
  for (let i = 0; i < n; i += 1) {
    let sum = 0;
    for (let j = 0; j < n; j += 1) sum += transition[i * n + j]! * x[j]!;
    scratch[i] = sum;
  }
  x.set(scratch);
}

function glucoseResponse(transition: Float64Array, x0: Float64Array, steps: number): Float64Array {
  const out = new Float64Array(steps + 1);
  const x = Float64Array.from(x0);
  const scratch = new Float64Array(STATE_COUNT);
  for (let k = 1; k <= steps; k += 1) {
    stepState(transition, x, scratch);
    out[k] = x[STATE.glucose]!;
  }
  return out;
}

/** Builds the model: the exact 5-min transition and the responses the optimiser combines. */
export function buildInternalModel(parameters: ModelParameters): InternalModel {
  const transition = expm(continuousMatrix(parameters), STATE_COUNT, STEP_MINUTES);
  const bolus = new Float64Array(STATE_COUNT);
  bolus[STATE.insulin1] = 1;
  const rate = new Float64Array(STATE_COUNT);
  rate[STATE.rate] = 1 / 60; // 1 U/h in U/min
  return {
    parameters,
    transition,
    bolusResponse: glucoseResponse(transition, bolus, parameters.horizonSteps),
    rateStepResponse: glucoseResponse(transition, rate, parameters.horizonSteps),
  };
}

/**
 * Renal excretion over one step, subtracted from the glucose deviation after the linear step
 * (explicit Euler from the step's end value: 0.015 of the excess per step, far inside stability).
 */
export function applyRenal(model: InternalModel, x: Float64Array, targetMgdl: number): void {
  const excess = x[STATE.glucose]! + targetMgdl - RENAL_THRESHOLD_MGDL;
  if (excess <= 0) return;
  x[STATE.glucose] =
    x[STATE.glucose]! - STEP_MINUTES * model.parameters.renalClearancePerMinute * excess;
}

/** Sets the announced-carbohydrate chain (A1, A2, g) from the announcements, at `nowMinutes`. */
export function loadAnnouncedCarbs(
  x: Float64Array,
  carbs: readonly { readonly atMinutes: number; readonly carbsGrams: number }[],
  options: { readonly nowMinutes: number; readonly carbTauMinutes: number },
): void {
  let first = 0;
  let second = 0;
  for (let i = 0; i < carbs.length; i += 1) {
    const meal = carbs[i]!;
    const age = options.nowMinutes - meal.atMinutes;
    if (age < 0) continue; // announced for later: it enters when it is eaten
    const r = age / options.carbTauMinutes;
    const decay = Math.exp(-r);
    first += meal.carbsGrams * decay;
    second += meal.carbsGrams * r * decay;
  }
  x[STATE.carbs1] = first;
  x[STATE.carbs2] = second;
}

/**
 * Glucose deviation predicted at steps 0…horizonSteps with the net rate held at 0 (the scheduled
 * basal), renal excretion included (the deviation is from `targetMgdl`).
 */
export function predictFree(
  model: InternalModel,
  x0: Float64Array,
  work: {
    readonly state: Float64Array;
    readonly scratch: Float64Array;
    readonly out: Float64Array;
    readonly targetMgdl: number;
  },
): void {
  const { state, scratch, out } = work;
  state.set(x0);
  state[STATE.rate] = 0;
  out[0] = state[STATE.glucose]!;
  for (let k = 1; k <= model.parameters.horizonSteps; k += 1) {
    stepState(model.transition, state, scratch);
    applyRenal(model, state, work.targetMgdl);
    out[k] = state[STATE.glucose]!;
  }
}
