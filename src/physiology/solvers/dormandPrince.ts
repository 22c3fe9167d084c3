// Dormand–Prince 5(4) (Dormand & Prince, J Comput Appl Math 6:19–26, 1980; the tableau of
// Hairer, Nørsett & Wanner, "Solving ODEs I", 2nd ed., Table 5.2): a 5th-order solution with an
// embedded 4th-order error estimate, FSAL. Used to validate the fixed-step RK4 of the run loop.
// Adaptive mode controls the local error against absTol + relTol·|x|; fixed-step mode (for the
// convergence-order check of the conformance suite) takes steps of `dtMinutes`.
import type { Integrator, OdeSystem, ReturnCode, SolverStats } from './types.ts';
import { allFinite } from './types.ts';

export interface DormandPrinceOptions {
  /** Relative tolerance per component. Default 1e-6. */
  readonly relTol?: number;
  /** Absolute tolerance per component (in the state's units). Default 1e-8. */
  readonly absTol?: number;
  /** Smallest step before giving up with DtLessThanMin, minutes. Default 1e-9. */
  readonly dtMinMinutes?: number;
  /** Largest step, minutes. Default Infinity. */
  readonly dtMaxMinutes?: number;
  /** Step limit (accepted + rejected) per `advance` call. Default 1,000,000. */
  readonly maxStepsPerAdvance?: number;
  /** If set, no error control: fixed steps of this many minutes. */
  readonly fixedDtMinutes?: number;
}

const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
// 5th-order weights (also row 7 of the tableau: FSAL).
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
// Difference between the 5th- and 4th-order weights: the local error estimate.
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;

const SAFETY = 0.9;
const GROWTH_MAX = 5;
const SHRINK_MIN = 0.2;

export class DormandPrince54 implements Integrator {
  readonly name = 'dormand-prince-5(4)';
  readonly order = 5;
  private readonly relTol: number;
  private readonly absTol: number;
  private readonly dtMinMinutes: number;
  private readonly dtMaxMinutes: number;
  private readonly maxStepsPerAdvance: number;
  private readonly fixedDtMinutes: number | undefined;
  private lastDtMinutes = Number.NaN;
  private k1 = new Float64Array(0);
  private k2 = new Float64Array(0);
  private k3 = new Float64Array(0);
  private k4 = new Float64Array(0);
  private k5 = new Float64Array(0);
  private k6 = new Float64Array(0);
  private k7 = new Float64Array(0);
  private stage = new Float64Array(0);
  private next = new Float64Array(0);

  constructor(options: DormandPrinceOptions = {}) {
    this.relTol = positive('relTol', options.relTol ?? 1e-6);
    this.absTol = positive('absTol', options.absTol ?? 1e-8);
    this.dtMinMinutes = positive('dtMinMinutes', options.dtMinMinutes ?? 1e-9);
    this.dtMaxMinutes = options.dtMaxMinutes ?? Number.POSITIVE_INFINITY;
    this.maxStepsPerAdvance = options.maxStepsPerAdvance ?? 1_000_000;
    this.fixedDtMinutes =
      options.fixedDtMinutes === undefined
        ? undefined
        : positive('fixedDtMinutes', options.fixedDtMinutes);
    if (!(Number.isInteger(this.maxStepsPerAdvance) && this.maxStepsPerAdvance >= 1)) {
      throw new RangeError(
        `dormand-prince maxStepsPerAdvance: ${this.maxStepsPerAdvance}, allowed: an integer ≥ 1`,
      );
    }
  }

  advance<Inputs>(
    system: OdeSystem<Inputs>,
    x: Float64Array,
    t0Minutes: number,
    t1Minutes: number,
    inputs: Inputs,
    stats: SolverStats,
  ): ReturnCode {
    if (this.stage.length !== x.length) this.allocate(x.length);
    let t = t0Minutes;
    if (t1Minutes - t <= 0) return 'Success';
    system.derivative(t, x, inputs, this.k1); // inputs may have changed since the last call: no FSAL
    stats.derivativeEvaluations += 1;
    let dt = this.fixedDtMinutes ?? this.startingStep(t1Minutes - t);
    let steps = 0;
    while (t1Minutes - t > 1e-12 * Math.max(1, Math.abs(t1Minutes))) {
      if (steps >= this.maxStepsPerAdvance) return 'MaxIters';
      steps += 1;
      const h = Math.min(dt, t1Minutes - t);
      const error = this.attempt(system, t, x, inputs, h);
      stats.derivativeEvaluations += 6;
      if (this.fixedDtMinutes !== undefined || error <= 1) {
        t += h;
        this.accept(system, t, x, inputs, stats);
        if (this.fixedDtMinutes !== undefined) continue;
        this.lastDtMinutes = h;
        dt = h * clamp(SAFETY * Math.pow(error, -0.2), SHRINK_MIN, GROWTH_MAX);
      } else {
        stats.stepsRejected += 1;
        dt =
          h *
          (Number.isFinite(error)
            ? Math.max(SHRINK_MIN, SAFETY * Math.pow(error, -0.2))
            : SHRINK_MIN);
      }
      dt = Math.min(dt, this.dtMaxMinutes);
      if (dt < this.dtMinMinutes) return 'DtLessThanMin';
    }
    return allFinite(x) ? 'Success' : 'Unstable';
  }

  /** Computes the stages and the candidate `next` from (t, x); returns the scaled error norm. */
  private attempt<Inputs>(
    system: OdeSystem<Inputs>,
    t: number,
    x: Float64Array,
    inputs: Inputs,
    h: number,
  ): number {
    const { k1, k2, k3, k4, k5, k6, k7, stage, next } = this;
    const n = x.length;
    for (let i = 0; i < n; i += 1) stage[i] = x[i]! + h * A21 * k1[i]!;
    system.derivative(t + C2 * h, stage, inputs, k2);
    for (let i = 0; i < n; i += 1) stage[i] = x[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    system.derivative(t + C3 * h, stage, inputs, k3);
    for (let i = 0; i < n; i += 1) {
      stage[i] = x[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    }
    system.derivative(t + C4 * h, stage, inputs, k4);
    for (let i = 0; i < n; i += 1) {
      stage[i] = x[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    }
    system.derivative(t + C5 * h, stage, inputs, k5);
    for (let i = 0; i < n; i += 1) {
      stage[i] =
        x[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    }
    system.derivative(t + h, stage, inputs, k6);
    for (let i = 0; i < n; i += 1) {
      next[i] = x[i]! + h * (B1 * k1[i]! + B3 * k3[i]! + B4 * k4[i]! + B5 * k5[i]! + B6 * k6[i]!);
    }
    system.derivative(t + h, next, inputs, k7);
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const e =
        h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const scale = this.absTol + this.relTol * Math.max(Math.abs(x[i]!), Math.abs(next[i]!));
      sum += (e / scale) * (e / scale);
    }
    const norm = Math.sqrt(sum / n);
    return Number.isNaN(norm) ? Number.POSITIVE_INFINITY : norm;
  }

  /** Takes `next` as the new state; k7 becomes k1 (FSAL) unless a projection changed x. */
  private accept<Inputs>(
    system: OdeSystem<Inputs>,
    t: number,
    x: Float64Array,
    inputs: Inputs,
    stats: SolverStats,
  ): void {
    x.set(this.next);
    stats.stepsAccepted += 1;
    if (system.project === undefined) {
      this.k1.set(this.k7);
      return;
    }
    system.project(x);
    system.derivative(t, x, inputs, this.k1);
    stats.derivativeEvaluations += 1;
  }

  /** The last accepted step, or a small fraction of the interval on the first call. */
  private startingStep(intervalMinutes: number): number {
    const guess = Number.isNaN(this.lastDtMinutes) ? intervalMinutes * 1e-3 : this.lastDtMinutes;
    return Math.min(Math.max(guess, this.dtMinMinutes), this.dtMaxMinutes);
  }

  private allocate(dimension: number): void {
    this.k1 = new Float64Array(dimension);
    this.k2 = new Float64Array(dimension);
    this.k3 = new Float64Array(dimension);
    this.k4 = new Float64Array(dimension);
    this.k5 = new Float64Array(dimension);
    this.k6 = new Float64Array(dimension);
    this.k7 = new Float64Array(dimension);
    this.stage = new Float64Array(dimension);
    this.next = new Float64Array(dimension);
  }
}

function positive(field: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RangeError(`dormand-prince ${field}: ${value}, allowed: a finite number > 0`);
  }
  return value;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export function dormandPrince(options: DormandPrinceOptions = {}): DormandPrince54 {
  return new DormandPrince54(options);
}
