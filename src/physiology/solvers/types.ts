// The solver interface (SciMLBase style): a problem is solved by a swappable integrator into a
// solution that carries a return code and statistics. A `PatientModel` is an `OdeSystem` whose
// inputs are `ModelInputs`, so every solver advances every patient model.

/** A first-order ODE system dx/dt = f(t, x, inputs); `inputs` are held constant over a step. */
export interface OdeSystem<Inputs> {
  derivative(t: number, x: Float64Array, inputs: Inputs, out: Float64Array): void;
  /**
   * Optional fused form of `derivative`: dx/dt at the stage point s = x + h·k, reading each
   * component as `stageComponent(x, h, k, i)` (x[i] + h·k[i]) instead of from a vector the
   * caller has formed. It must write exactly what `derivative(t, s, inputs, out)` writes, bit for
   * bit. RK4 uses it for its three inner stages when present: forming a stage vector is a pass
   * over the whole state, which on V8 costs more than the few extra reads inside the system.
   * (Positional arguments: the solver calls it three times per step and must not allocate.)
   */
  derivativeAt?(
    t: number,
    x: Float64Array,
    h: number,
    k: Float64Array,
    inputs: Inputs,
    out: Float64Array,
  ): void;
  /**
   * Keeps the state physical after an accepted step (e.g. clamps amounts at zero). A solver that
   * has seen every component of the new x while writing it passes `hasNegative`: false tells
   * the system that no component is below zero, so a projection that clamps negatives can skip
   * that pass over the state. Omitted: not known.
   */
  project?(x: Float64Array, hasNegative?: boolean): void;
}

/** The signature of `OdeSystem.derivativeAt`, for systems that always have one. */
export type DerivativeAt<Inputs> = NonNullable<OdeSystem<Inputs>['derivativeAt']>;

/**
 * Component i of the stage point x + h·k that `OdeSystem.derivativeAt` evaluates at: the same
 * operation, in the same order, that forms a solver's stage vector. With h = 0 and k = x it is
 * x[i] itself, bit for bit, for every finite x[i] (x + 0·x = x, signed zeros included), which
 * lets a system implement `derivative` as `derivativeAt(t, x, 0, x, …)`.
 */
export function stageComponent(x: Float64Array, h: number, k: Float64Array, i: number): number {
  return x[i]! + h * k[i]!;
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

/**
 * Sets every negative component of x to zero: round-off below zero after a step, for states that
 * are amounts or concentrations. −0 and NaN are left as they are.
 */
export function clampNegativeToZero(x: Float64Array): void {
  for (let i = 0; i < x.length; i += 1) {
    if (x[i]! < 0) x[i] = 0;
  }
}
