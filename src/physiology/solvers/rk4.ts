// Classical fixed-step Runge–Kutta 4, the default solver of the simulation loop (1-minute step).
// Work arrays are allocated once per state dimension; a step allocates nothing.
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
  // One slope array suffices: each slope is folded into `stage` (the next evaluation point) and
  // `sum` (the running RK4 combination) as soon as it is computed. Fewer passes over memory than
  // keeping k1…k4 and combining them at the end.
  private slope = new Float64Array(0);
  private stage = new Float64Array(0);
  private sum = new Float64Array(0);

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
    if (this.slope.length !== x.length) this.allocate(x.length);
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
    const { slope, stage, sum } = this;
    const n = x.length;
    const half = 0.5 * dt;
    const sixth = dt / 6;
    const third = dt / 3;
    system.derivative(t, x, inputs, slope);
    for (let i = 0; i < n; i += 1) {
      const k = slope[i]!;
      stage[i] = x[i]! + half * k;
      sum[i] = x[i]! + sixth * k;
    }
    system.derivative(t + half, stage, inputs, slope);
    for (let i = 0; i < n; i += 1) {
      const k = slope[i]!;
      stage[i] = x[i]! + half * k;
      sum[i] = sum[i]! + third * k;
    }
    system.derivative(t + half, stage, inputs, slope);
    for (let i = 0; i < n; i += 1) {
      const k = slope[i]!;
      stage[i] = x[i]! + dt * k;
      sum[i] = sum[i]! + third * k;
    }
    system.derivative(t + dt, stage, inputs, slope);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      const value = sum[i]! + sixth * slope[i]!;
      x[i] = value;
      total += value;
    }
    if (system.project !== undefined) system.project(x);
    return total;
  }

  private allocate(dimension: number): void {
    this.slope = new Float64Array(dimension);
    this.stage = new Float64Array(dimension);
    this.sum = new Float64Array(dimension);
  }
}

export function rk4(options: Rk4Options = {}): Rk4 {
  return new Rk4(options);
}
