// The MPC's state estimate: the internal model's full state (mpcModel.ts), of which a Kalman
// filter estimates four — glucose (deviation from target, mg/dL), the unexplained-appearance chain
// U1, U2 (mg/dL) and the slow bias b (mg/dL/min) — from each CGM reading. The insulin and
// announced-carbohydrate states are known inputs (mpcInsulin.ts, the announcements): they move the
// mean through the model but carry no uncertainty.
//
// Process noise enters U1 (a meal-shaped disturbance that fades once its chain empties), the bias
// (a slow random walk for sensitivity errors and drift, fading with τb in the prediction) and
// glucose itself; measurement noise is the CGM's. Why fading disturbances rather than an
// integrator: a disturbance model with an integrator (ARIMAX) gave more hypoglycaemia than one
// without (ARMAX) in MPC on a Hovorka virtual clinic (Boiroux, Duun-Henriksen, Schmidt et al.,
// "Adaptive control in an artificial pancreas for people with type 1 diabetes", DTU).
// The covariance is 4 × 4, written out by index: no allocation per call.
import type { InternalModel } from './mpcModel.ts';
import { applyRenal, STATE, STATE_COUNT, STEP_MINUTES, stepState } from './mpcModel.ts';

/** The estimated states, in the order of the covariance's rows. */
const ESTIMATED = [STATE.glucose, STATE.unexplained1, STATE.unexplained2, STATE.bias] as const;
const N = ESTIMATED.length;

export interface EstimatorNoise {
  /** SD of the CGM reading about the modelled glucose, mg/dL. */
  readonly measurementSdMgdl: number;
  /** SD of the unexplained appearance added per 5 minutes, mg/dL. */
  readonly unexplainedSdMgdl: number;
  /** SD of the bias change per 5 minutes, mg/dL/min. */
  readonly biasSdMgdlPerMinute: number;
  /** SD of glucose's own change per 5 minutes, mg/dL. */
  readonly glucoseSdMgdl: number;
}

export interface Estimate {
  /** The model state (mpcModel.ts STATE): the filter's mean for the estimated entries. */
  readonly state: Float64Array;
  /** Covariance of the estimated entries, 4 × 4, row-major. */
  readonly covariance: Float64Array;
  /** Time the state refers to, min (NaN before the first reading). */
  atMinutes: number;
  readonly scratch: Float64Array;
  readonly work: Float64Array;
}

export function createEstimate(): Estimate {
  return {
    state: new Float64Array(STATE_COUNT),
    covariance: new Float64Array(N * N),
    atMinutes: Number.NaN,
    scratch: new Float64Array(STATE_COUNT),
    work: new Float64Array(N * N),
  };
}

/** The filter's matrices, taken once per model: F (4 × 4) and the diagonal of Q. */
export interface FilterMatrices {
  readonly model: InternalModel;
  readonly transition: Float64Array;
  readonly processVariance: Float64Array;
  readonly measurementVariance: number;
}

export function filterMatrices(model: InternalModel, noise: EstimatorNoise): FilterMatrices {
  const transition = new Float64Array(N * N);
  for (let i = 0; i < N; i += 1) {
    for (let j = 0; j < N; j += 1) {
      transition[i * N + j] = model.transition[ESTIMATED[i]! * STATE_COUNT + ESTIMATED[j]!]!;
    }
  }
  return {
    model,
    transition,
    processVariance: Float64Array.of(
      noise.glucoseSdMgdl ** 2,
      noise.unexplainedSdMgdl ** 2,
      0,
      noise.biasSdMgdlPerMinute ** 2,
    ),
    measurementVariance: noise.measurementSdMgdl ** 2,
  };
}

/**
 * Starts the estimated entries at a reading: glucose at the reading, the part of the recent CGM
 * slope that the known inputs do not explain put into U2 (a flux that fades with τu).
 */
export function startEstimate(
  estimate: Estimate,
  start: {
    readonly atMinutes: number;
    readonly glucoseDeviationMgdl: number;
    readonly unexplainedSlopeMgdlPerMinute: number;
    readonly unexplainedTauMinutes: number;
    readonly noise: EstimatorNoise;
  },
): void {
  const { state, covariance } = estimate;
  state[STATE.glucose] = start.glucoseDeviationMgdl;
  state[STATE.unexplained1] = 0;
  state[STATE.unexplained2] = start.unexplainedSlopeMgdlPerMinute * start.unexplainedTauMinutes;
  state[STATE.bias] = 0;
  covariance.fill(0);
  // An uncertain start: a reading's worth on glucose, a few steps of disturbance on U1 and U2.
  covariance[0] = start.noise.measurementSdMgdl ** 2;
  covariance[1 * N + 1] = 4 * start.noise.unexplainedSdMgdl ** 2;
  covariance[2 * N + 2] = 4 * start.noise.unexplainedSdMgdl ** 2;
  covariance[3 * N + 3] = 4 * start.noise.biasSdMgdlPerMinute ** 2;
  estimate.atMinutes = start.atMinutes;
}

/**
 * One 5-minute prediction: x ← Φ·x (all states) with renal excretion above the threshold
 * (glucose is the deviation from `targetMgdl`), P ← F·P·Fᵀ + Q (estimated entries).
 */
export function predictEstimate(
  estimate: Estimate,
  filter: FilterMatrices,
  targetMgdl: number,
): void {
  const { covariance, work } = estimate;
  stepState(filter.model.transition, estimate.state, estimate.scratch);
  applyRenal(filter.model, estimate.state, targetMgdl);
  const f = filter.transition;
  for (let i = 0; i < N; i += 1) {
    for (let j = 0; j < N; j += 1) {
      let sum = 0;
      for (let k = 0; k < N; k += 1) sum += f[i * N + k]! * covariance[k * N + j]!;
      work[i * N + j] = sum;
    }
  }
  for (let i = 0; i < N; i += 1) {
    for (let j = 0; j < N; j += 1) {
      let sum = 0;
      for (let k = 0; k < N; k += 1) sum += work[i * N + k]! * f[j * N + k]!;
      covariance[i * N + j] = sum + (i === j ? filter.processVariance[i]! : 0);
    }
  }
  estimate.atMinutes += STEP_MINUTES;
}

/** Measurement update with a CGM reading of glucose (H picks the glucose entry). */
export function updateEstimate(
  estimate: Estimate,
  filter: FilterMatrices,
  readingDeviationMgdl: number,
): void {
  const { state, covariance, work } = estimate;
  const innovation = readingDeviationMgdl - state[STATE.glucose]!;
  const s = covariance[0]! + filter.measurementVariance;
  // work[0…3]: row 0 of P (= H·P); the gain is its transpose / s.
  for (let j = 0; j < N; j += 1) work[j] = covariance[j]!;
  for (let i = 0; i < N; i += 1) {
    const gain = work[i]! / s;
    state[ESTIMATED[i]!] = state[ESTIMATED[i]!]! + gain * innovation;
    for (let j = 0; j < N; j += 1) {
      covariance[i * N + j] = covariance[i * N + j]! - gain * work[j]!;
    }
  }
}

/** Least-squares slope of the readings at or after `fromMinutes`, mg/dL/min (0 if fewer than 2). */
export function recentSlope(
  cgm: readonly { readonly atMinutes: number; readonly glucoseMgdl: number }[],
  fromMinutes: number,
): number {
  let n = 0;
  let st = 0;
  let sg = 0;
  let stt = 0;
  let stg = 0;
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const p = cgm[i]!;
    if (p.atMinutes < fromMinutes) break;
    const t = p.atMinutes - fromMinutes;
    n += 1;
    st += t;
    sg += p.glucoseMgdl;
    stt += t * t;
    stg += t * p.glucoseMgdl;
  }
  const denominator = n * stt - st * st;
  return n >= 2 && denominator > 0 ? (n * stg - st * sg) / denominator : 0;
}
