// The solver interface (SciMLBase style): a problem is solved by a swappable integrator into a
// solution that carries a return code and statistics. A `PatientModel` is an `OdeSystem` whose
// inputs are `ModelInputs`, so every solver advances every patient model.

/** A first-order ODE system dx/dt = f(t, x, inputs); `inputs` are held constant over a step. */
export interface OdeSystem<Inputs> {
  derivative(t: number, x: Float64Array, inputs: Inputs, out: Float64Array): void;
  /** Keeps the state physical after an accepted step (e.g. clamps amounts at zero). */
  project?(x: Float64Array): void;
}

/**
 * How an integration ended (the closed set of SciML's return codes that apply here):
 * - Success: reached the end time;
 * - MaxIters: the step limit was reached first;
 * - DtLessThanMin: an adaptive solver needed a step below its minimum;
 * - Unstable: the state became non-finite (NaN or ±Infinity).
 */
export type ReturnCode = 'Success' | 'MaxIters' | 'DtLessThanMin' | 'Unstable';

/** Work counters, accumulated in place across calls (no allocation in the hot loop). */
export interface SolverStats {
  derivativeEvaluations: number;
  stepsAccepted: number;
  stepsRejected: number;
}

export function emptyStats(): SolverStats {
  return { derivativeEvaluations: 0, stepsAccepted: 0, stepsRejected: 0 };
}

export interface Integrator {
  readonly name: string;
  /** Order of accuracy of the solution it returns (4 for RK4, 5 for Dormand–Prince 5(4)). */
  readonly order: number;
  /**
   * Advances `x` in place from `t0Minutes` to `t1Minutes` (t1 ≥ t0) with `inputs` held
   * constant, adding its work to `stats`. On a code other than Success, `x` holds the state
   * where it stopped. (Positional times rather than a span object: the run loop calls this
   * every simulated minute and must not allocate.)
   */
  advance<Inputs>(
    system: OdeSystem<Inputs>,
    x: Float64Array,
    t0Minutes: number,
    t1Minutes: number,
    inputs: Inputs,
    stats: SolverStats,
  ): ReturnCode;
}

/** An impulse or input change at a step boundary: it may change the state and the inputs. */
export interface OdeEvent<Inputs> {
  readonly atMinutes: number;
  apply(x: Float64Array, inputs: Inputs): void;
}

export interface OdeProblem<Inputs extends object> {
  readonly system: OdeSystem<Inputs>;
  /** Initial state; `solve` copies it and never changes it. */
  readonly x0: Float64Array;
  readonly t0Minutes: number;
  readonly t1Minutes: number;
  /** Initial inputs; `solve` works on a shallow copy that events may change. */
  readonly inputs: Inputs;
  /** Applied in time order; at equal times, in the given order. */
  readonly events?: readonly OdeEvent<Inputs>[];
  /** Times at which to record the state (after the events at that time), ascending. */
  readonly saveAtMinutes?: readonly number[];
}

export interface OdeSolution {
  readonly retcode: ReturnCode;
  /** The time the integration reached (t1 on Success). */
  readonly tMinutes: number;
  /** The state at `tMinutes`. */
  readonly x: Float64Array;
  readonly savedTimesMinutes: readonly number[];
  readonly savedStates: readonly Float64Array[];
  readonly stats: SolverStats;
}

/** True when every component is finite; called once per advance, not per component update. */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i += 1) {
    if (!Number.isFinite(x[i]!)) return false;
  }
  return true;
}
