// Classical fixed-step Runge–Kutta 4, the default solver of the simulation loop (1-minute step).
// Work arrays are allocated once per state dimension; a step allocates nothing.
//
// Cost model (V8, measured with bench/hovorka.bench.ts and bench/uvaPadova.bench.ts): a loop over
// the state costs about 2 ns per component, because V8 re-checks every typed array on each
// iteration, while a model reads a component with a constant index for a fraction of that. So
// a step makes as few passes over the state as it can: with a system that evaluates its
// derivative at the stage point x + h·k itself (`OdeSystem.derivativeAt`), only the final
// combination remains, and it also tells `project` whether any component went below zero, which
// spares the usual clamping pass. The results are those of the textbook formulation, bit for bit
// (rk4.test.ts).
import type { Integrator, OdeSystem, ReturnCode, SolverStats } from './types.ts';

export interface Rk4Options {
  /** Step, minutes; the last step of an advance is shortened to land on t1. Default 1. */
  readonly dtMinutes?: number;
  /** Step limit per `advance` call ("put a limit on everything"). Default 10,000,000. */
  readonly maxStepsPerAdvance?: number;
}

const DEFAULT_DT_MINUTES = 1;
const DEFAULT_MAX_STEPS = 10_000_000;
/** A remaining interval shorter than this fraction of a step is rounding noise, not a step. */
const STEP_EPSILON = 1e-9;

export class Rk4 implements Integrator {
  readonly name = 'rk4';
  readonly order = 4;
  readonly dtMinutes: number;
  readonly maxStepsPerAdvance: number;
  private work = new Rk4Work(0);

  constructor(options: Rk4Options = {}) {
    this.dtMinutes = options.dtMinutes ?? DEFAULT_DT_MINUTES;
    this.maxStepsPerAdvance = options.maxStepsPerAdvance ?? DEFAULT_MAX_STEPS;
    if (!(this.dtMinutes > 0 && Number.isFinite(this.dtMinutes))) {
      throw new RangeError(`rk4 dtMinutes: ${this.dtMinutes}, allowed: a finite number > 0`);
    }
    if (!(Number.isInteger(this.maxStepsPerAdvance) && this.maxStepsPerAdvance >= 1)) {
      throw new RangeError(
        `rk4 maxStepsPerAdvance: ${this.maxStepsPerAdvance}, allowed: an integer ≥ 1`,
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
    if (this.work.dimension !== x.length) this.work = new Rk4Work(x.length);
    let t = t0Minutes;
    let steps = 0;
    let code: ReturnCode = 'Success';
    while (t1Minutes - t > STEP_EPSILON * this.dtMinutes) {
      if (steps >= this.maxStepsPerAdvance) {
        code = 'MaxIters';
        break;
      }
      const dt = Math.min(this.dtMinutes, t1Minutes - t);
      steps += 1;
      if (!Number.isFinite(this.step(system, t, x, inputs, dt))) {
        code = 'Unstable';
        break;
      }
      t += dt;
    }
    stats.derivativeEvaluations += 4 * steps;
    stats.stepsAccepted += steps;
    return code;
  }

  /**
   * One RK4 step of `dt` minutes from (t, x), in place. Returns the sum of the new state's
   * components: non-finite exactly when a component is (the caller's stability check, folded
   * into the last pass instead of a separate one).
   */
  step<Inputs>(
    system: OdeSystem<Inputs>,
    t: number,
    x: Float64Array,
    inputs: Inputs,
    dt: number,
  ): number {
    const w = this.work;
    const half = 0.5 * dt;
    if (system.derivativeAt !== undefined) {
      // The system reads each stage point x + c·dt·k itself: no stage vector to form. The
      // first stage is the point x + 0·x, which is x itself for every finite x.
      system.derivativeAt(t, x, 0, x, inputs, w.k1);
      system.derivativeAt(t + half, x, half, w.k1, inputs, w.k2);
      system.derivativeAt(t + half, x, half, w.k2, inputs, w.k3);
      system.derivativeAt(t + dt, x, dt, w.k3, inputs, w.k4);
    } else {
      system.derivative(t, x, inputs, w.k1);
      w.setStage(x, half, K1);
      system.derivative(t + half, w.stage, inputs, w.k2);
      w.setStage(x, half, K2);
      system.derivative(t + half, w.stage, inputs, w.k3);
      w.setStage(x, dt, K3);
      system.derivative(t + dt, w.stage, inputs, w.k4);
    }
    const total = w.combine(x, dt);
    if (system.project !== undefined) system.project(x, w.combinedHasNegative);
    return total;
  }
}

/** Block of each slope in the work buffer (the stage is block STAGE). */
const K1 = 0;
const K2 = 1;
const K3 = 2;
const K4 = 3;
const STAGE = 4;

/**
 * RK4's work arrays for one state dimension: the four slopes and the stage, as blocks of a
 * single buffer. The derivative writes each slope through its own view; the passes that combine
 * them read the one buffer, so V8 checks two arrays per component (x and the buffer) instead of
 * up to five.
 */
class Rk4Work {
  readonly dimension: number;
  readonly buffer: Float64Array;
  readonly k1: Float64Array;
  readonly k2: Float64Array;
  readonly k3: Float64Array;
  readonly k4: Float64Array;
  readonly stage: Float64Array;
  /** Whether the last `combine` wrote a component below zero (the hint `project` receives). */
  combinedHasNegative = true;

  constructor(dimension: number) {
    this.dimension = dimension;
    this.buffer = new Float64Array(5 * dimension);
    this.k1 = this.block(K1);
    this.k2 = this.block(K2);
    this.k3 = this.block(K3);
    this.k4 = this.block(K4);
    this.stage = this.block(STAGE);
  }

  private block(index: number): Float64Array {
    return this.buffer.subarray(index * this.dimension, (index + 1) * this.dimension);
  }

  /** stage = x + h·k, for the slope in block `slope`. */
  setStage(x: Float64Array, h: number, slope: number): void {
    const { buffer, dimension: n } = this;
    const k = slope * n;
    const stage = STAGE * n;
    for (let i = 0; i < n; i += 1) buffer[stage + i] = x[i]! + h * buffer[k + i]!;
  }

  /**
   * x ← x + dt·(k1 + 2·k2 + 2·k3 + k4)/6, added left to right; returns the sum of the new x
   * (non-finite exactly when a component is) and records whether a component is negative.
   */
  combine(x: Float64Array, dt: number): number {
    const { buffer, dimension: n } = this;
    const sixth = dt / 6;
    const third = dt / 3;
    let total = 0;
    let hasNegative = false;
    for (let i = 0; i < n; i += 1) {
      let value = x[i]! + sixth * buffer[i]!;
      value += third * buffer[n + i]!;
      value += third * buffer[2 * n + i]!;
      value += sixth * buffer[3 * n + i]!;
      x[i] = value;
      total += value;
      if (value < 0) hasNegative = true;
    }
    this.combinedHasNegative = hasNegative;
    return total;
  }
}

export function rk4(options: Rk4Options = {}): Rk4 {
  return new Rk4(options);
}
