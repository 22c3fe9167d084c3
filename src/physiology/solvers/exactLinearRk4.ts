// RK4 with the linear compartments stepped exactly: the integrator the simulation steps a model
// with when the model declares which of its states are linear (`SplitSystem`).
//
// A patient model is mostly linear compartments with constant rates (subcutaneous depots,
// plasma insulin and its actions, the gut) feeding a few nonlinear states (glucose, ketones).
// For the linear part y' = A·y + B·u, with the inputs u constant over a step, the solution is
// exact: y(t + h) = e^(A·h)·y(t) + (∫₀ʰ e^(A·s) ds)·B·u, both blocks of the exponential of
// [[A, B], [0, 0]] (matrixExponential.ts). Only the nonlinear states are stepped by classical
// RK4, whose stages read the linear states exactly at t, t + h/2 and t + h. The linear states
// are thus free of RK4's truncation error, and a step costs a fraction of a full RK4 step.
//
// A and B are read off the system's own derivative (it is affine in the linear states), so the
// model's equations are written once. The system's claim is checked: a linear state's rate must
// be affine in the linear states and must not move with a nonlinear state.
//
// Why generated code: the step runs every simulated minute and is a few dozen products with
// fixed indices. As loops over index arrays V8 spends ~2 ns on each entry; written out as
// straight-line code with constant indices it costs a fraction of that. So the step is written
// out once per structure (which states are linear, which matrix entries can be non-zero), as
// source text made of indices and arithmetic only, and compiled with `new Function`; the
// coefficients stay data, so every patient of a structure shares one compiled step.
import { expm, multiplyInto } from './matrixExponential.ts';
import type { Integrator, OdeSystem, ReturnCode, SolverStats } from './types.ts';

/** A system that says which of its states are linear compartments (see the file header). */
export interface SplitSystem<Inputs> extends OdeSystem<Inputs> {
  readonly stateNames: readonly string[];
  /** The states whose rates are not linear; every other state is a linear compartment. */
  readonly nonlinearStates: readonly number[];
  /** The linear states that `nonlinearRates` reads (it needs them at the half step too). */
  readonly linearStatesReadByNonlinear: readonly number[];
  /** The inputs as numbers (their count is fixed), and back: for reading B off the derivative. */
  readonly inputCount: number;
  inputVector(inputs: Inputs, out: Float64Array): void;
  inputsOf(vector: Float64Array): Inputs;
  /**
   * The rates of the nonlinear states at state s, written into out at their indices, exactly as
   * `derivative(t, s, …)` writes them; the inputs must not enter them. Other entries of out may
   * be written too and are ignored.
   */
  nonlinearRates(t: number, s: Float64Array, out: Float64Array): void;
}

export interface ExactLinearRk4Options {
  /** Step, minutes; the last step of an advance is shortened to land on t1. Default 1. */
  readonly dtMinutes?: number;
}

type CompiledStep = (
  system: SplitSystem<unknown>,
  t: number,
  h: number,
  x: Float64Array,
  u: Float64Array,
  c: Float64Array,
  work: Float64Array[],
) => boolean;

/** A remaining interval shorter than this fraction of a step is rounding noise, not a step. */
const STEP_EPSILON = 1e-9;
/** Steps per `advance` call ("put a limit on everything"). */
const STEPS_PER_ADVANCE_MAX = 10_000_000;
/** Distinct step lengths whose coefficients are kept (a run uses one or two). */
const KEPT_STEP_LENGTHS_MAX = 8;
/** Distinct structures compiled per process (a model family has a handful). */
const COMPILED_STRUCTURES_MAX = 64;
const compiled = new Map<string, CompiledStep>();

export class ExactLinearRk4<Inputs> implements Integrator {
  readonly name = 'rk4-exact-linear';
  readonly order = 4;
  readonly dtMinutes: number;
  private readonly system: SplitSystem<Inputs>;
  private readonly structure: Structure;
  private readonly compiledStep: CompiledStep;
  private readonly kept = new Map<number, Float64Array>();
  /** The last step length asked for and its coefficients (nearly every step is the same). */
  private lastH = Number.NaN;
  private lastCoefficients: Float64Array = new Float64Array(0);
  private readonly u: Float64Array;
  /** The stage point and the four slopes, each a full state vector. */
  private readonly work: Float64Array[];

  constructor(system: SplitSystem<Inputs>, options: ExactLinearRk4Options = {}) {
    this.dtMinutes = options.dtMinutes ?? 1;
    if (!(this.dtMinutes > 0 && Number.isFinite(this.dtMinutes))) {
      throw new RangeError(`dtMinutes: ${this.dtMinutes}, allowed: a finite number > 0`);
    }
    this.system = system;
    this.structure = structureOf(system);
    const source = stepSource(this.structure);
    let step = compiled.get(source);
    if (step === undefined) {
      if (compiled.size >= COMPILED_STRUCTURES_MAX) compiled.clear();
      step = new Function('system', 't', 'h', 'x', 'u', 'c', 'work', source) as CompiledStep;
      compiled.set(source, step);
    }
    this.compiledStep = step;
    this.u = new Float64Array(system.inputCount);
    const n = system.stateNames.length;
    this.work = Array.from({ length: 5 }, () => new Float64Array(n));
  }

  advance<I>(
    system: OdeSystem<I>,
    x: Float64Array,
    t0Minutes: number,
    t1Minutes: number,
    inputs: I,
    stats: SolverStats,
  ): ReturnCode {
    if ((system as unknown) !== this.system) {
      throw new Error(`${this.name}: built for one system, asked to advance another`);
    }
    this.system.inputVector(inputs as unknown as Inputs, this.u);
    let t = t0Minutes;
    let steps = 0;
    let code: ReturnCode = 'Success';
    while (t1Minutes - t > STEP_EPSILON * this.dtMinutes) {
      if (steps >= STEPS_PER_ADVANCE_MAX) {
        code = 'MaxIters';
        break;
      }
      const h = Math.min(this.dtMinutes, t1Minutes - t);
      steps += 1;
      const finite = this.compiledStep(
        this.system as SplitSystem<unknown>,
        t,
        h,
        x,
        this.u,
        this.coefficients(h),
        this.work,
      );
      if (!finite) {
        code = 'Unstable';
        break;
      }
      t += h;
    }
    stats.derivativeEvaluations += 4 * steps;
    stats.stepsAccepted += steps;
    return code;
  }

  /** The coefficients of a step of h minutes, in the order the compiled step reads them. */
  private coefficients(h: number): Float64Array {
    if (h === this.lastH) return this.lastCoefficients;
    let c = this.kept.get(h);
    if (c === undefined) {
      if (this.kept.size >= KEPT_STEP_LENGTHS_MAX) this.kept.clear();
      c = coefficientsFor(this.structure, h);
      this.kept.set(h, c);
    }
    this.lastH = h;
    this.lastCoefficients = c;
    return c;
  }
}

export function exactLinearRk4<Inputs>(
  system: SplitSystem<Inputs>,
  options: ExactLinearRk4Options = {},
): ExactLinearRk4<Inputs> {
  return new ExactLinearRk4(system, options);
}

/** What the compiled step and its coefficients depend on. */
interface Structure {
  readonly nonlinear: readonly number[];
  readonly linear: readonly number[];
  /** Linear states a nonlinear rate reads: needed at the half step too. */
  readonly watched: readonly number[];
  readonly inputCount: number;
  /** [[A, B], [0, 0]], (linear + inputs)², row by row. */
  readonly augmented: Float64Array;
  /** For each linear row, the columns (linear states, then inputs) that can move it. */
  readonly reach: readonly (readonly number[])[];
}

/** Reads A, B and the watched states off the system's derivative, and checks the split. */
function structureOf<Inputs>(system: SplitSystem<Inputs>): Structure {
  const n = system.stateNames.length;
  const nonlinear = [...system.nonlinearStates].sort((p, q) => p - q);
  const linear = [...Array(n).keys()].filter((i) => !nonlinear.includes(i));
  const m = system.inputCount;
  const size = linear.length + m;
  const rates = (x: Float64Array, u: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    system.derivative(0, x, system.inputsOf(u), out);
    return out;
  };
  const zeroInputs = new Float64Array(m);
  const atZero = rates(new Float64Array(n), zeroInputs);
  const augmented = new Float64Array(size * size);
  const column = (j: number, delta: Float64Array) =>
    linear.forEach((i, row) => (augmented[row * size + j] = delta[i]! - atZero[i]!));
  linear.forEach((state, j) => column(j, rates(unit(n, state), zeroInputs)));
  for (let j = 0; j < m; j += 1) column(linear.length + j, rates(new Float64Array(n), unit(m, j)));
  const watched = [...system.linearStatesReadByNonlinear].sort((p, q) => p - q);
  checkClaims(system, { linear, nonlinear, watched, augmented, rates });
  return {
    nonlinear,
    linear,
    watched,
    inputCount: m,
    augmented,
    reach: reachability(augmented, linear.length),
  };
}

/**
 * Checks the system's claims: the nonlinear rates read no undeclared linear state, a linear
 * state's rate moves with no nonlinear state and is affine in the linear states (A as read).
 */
function checkClaims<Inputs>(
  system: SplitSystem<Inputs>,
  split: {
    linear: readonly number[];
    nonlinear: readonly number[];
    watched: readonly number[];
    augmented: Float64Array;
    rates: (x: Float64Array, u: Float64Array) => Float64Array;
  },
): void {
  const { linear, nonlinear, watched, augmented, rates } = split;
  const n = system.stateNames.length;
  const size = Math.round(Math.sqrt(augmented.length));
  const zeroInputs = new Float64Array(system.inputCount);
  const atZero = rates(new Float64Array(n), zeroInputs);
  // The declaration is checked by probing around two states (a product of two states shows only
  // where neither is zero, a threshold only where a probe crosses it).
  const ones = new Float64Array(n).fill(1);
  for (const base of [ones, new Float64Array(n).fill(0.5)]) {
    const nonlinearAt = (x: Float64Array) => {
      const out = new Float64Array(n);
      system.nonlinearRates(0, x, out);
      return out;
    };
    const atBase = nonlinearAt(base);
    for (const state of linear) {
      const moved = nonlinearAt(plusUnit(base, state));
      if (!watched.includes(state) && nonlinear.some((i) => moved[i] !== atBase[i])) {
        throw new Error(
          `the nonlinear rates read ${system.stateNames[state]}, not declared among the linear states they read`,
        );
      }
    }
  }
  const atOnes = rates(ones, zeroInputs);
  for (const state of nonlinear) {
    const moved = rates(plusUnit(ones, state), zeroInputs);
    const bad = linear.find((i) => moved[i] !== atOnes[i]);
    if (bad !== undefined) {
      throw new Error(
        `${system.stateNames[bad]} is declared linear but its rate moves with ${system.stateNames[state]}`,
      );
    }
  }
  for (const base of [ones, new Float64Array(n).fill(2)]) {
    const actual = rates(base, zeroInputs);
    linear.forEach((i, row) => {
      let predicted = atZero[i]!;
      linear.forEach((j, column) => (predicted += augmented[row * size + column]! * base[j]!));
      if (Math.abs(actual[i]! - predicted) > 1e-9 * (1 + Math.abs(predicted))) {
        throw new Error(`${system.stateNames[i]} is declared linear but its rate is not affine`);
      }
    });
  }
}

function plusUnit(x: Float64Array, index: number): Float64Array {
  const v = Float64Array.from(x);
  v[index] = v[index]! + 1;
  return v;
}

function unit(length: number, index: number): Float64Array {
  const v = new Float64Array(length);
  v[index] = 1;
  return v;
}

/** For each of the first n rows, the columns that reach it through non-zero entries (itself too). */
function reachability(m: Float64Array, n: number): number[][] {
  const size = Math.round(Math.sqrt(m.length));
  const rows: number[][] = [];
  for (let i = 0; i < n; i += 1) {
    const seen = new Set<number>([i]);
    const stack = [i];
    while (stack.length > 0) {
      const target = stack.pop()!;
      for (let j = 0; j < size; j += 1) {
        if (m[target * size + j] !== 0 && !seen.has(j)) {
          seen.add(j);
          stack.push(j);
        }
      }
    }
    rows.push([...seen].sort((p, q) => p - q));
  }
  return rows;
}

/** e^(M·h/2) entries of the watched rows, then e^(M·h) entries of every linear row. */
function coefficientsFor(s: Structure, h: number): Float64Array {
  const size = s.linear.length + s.inputCount;
  const half = expm(s.augmented, size, h / 2);
  const full = new Float64Array(size * size);
  multiplyInto(half, half, full, size);
  const values: number[] = [];
  for (const state of s.watched) {
    const row = s.linear.indexOf(state);
    for (const j of s.reach[row]!) values.push(half[row * size + j]!);
  }
  s.linear.forEach((_, row) => {
    for (const j of s.reach[row]!) values.push(full[row * size + j]!);
  });
  return Float64Array.from(values);
}

/**
 * The body of one step. work = [stage point, k1, k2, k3, k4]. Returns whether the sum of the new
 * state is finite (false exactly when a component is not), for the caller's stability check; tells
 * `project` whether a component went below zero, as `Rk4.step` does. The RK4
 * part is `Rk4.step`'s, operation for operation, on the nonlinear states. (Four calls of the
 * rates, written out: measured faster than a loop of stages with one call that V8 inlines.)
 */
function stepSource(s: Structure): string {
  const n = s.linear.length;
  const term = (j: number) => (j < n ? `v${j}` : `u${j - n}`);
  let next = 0;
  const sum = (row: number) => s.reach[row]!.map((j) => `c[${next++}] * ${term(j)}`).join(' + ');
  const lines = ['const p = work[0], k1 = work[1], k2 = work[2], k3 = work[3], k4 = work[4];'];
  lines.push('const half = 0.5 * h;');
  lines.push('system.nonlinearRates(t, x, k1);');
  s.linear.forEach((state, j) => lines.push(`const v${j} = x[${state}];`));
  for (let j = 0; j < s.inputCount; j += 1) lines.push(`const u${j} = u[${j}];`);
  for (const state of s.watched) lines.push(`p[${state}] = ${sum(s.linear.indexOf(state))};`);
  lines.push('let total = 0, negative = false;');
  s.linear.forEach((state, row) => {
    lines.push(`x[${state}] = ${sum(row)};`);
    lines.push(`total += x[${state}]; if (x[${state}] < 0) negative = true;`);
  });
  const stage = (a: string, k: string) =>
    s.nonlinear.forEach((i) => lines.push(`p[${i}] = x[${i}] + ${a} * ${k}[${i}];`));
  stage('half', 'k1');
  lines.push('system.nonlinearRates(t + half, p, k2);');
  stage('half', 'k2');
  lines.push('system.nonlinearRates(t + half, p, k3);');
  for (const state of s.watched) lines.push(`p[${state}] = x[${state}];`);
  stage('h', 'k3');
  lines.push('system.nonlinearRates(t + h, p, k4);');
  lines.push('const sixth = h / 6, third = h / 3;');
  for (const i of s.nonlinear) {
    lines.push(`{ let value = x[${i}] + sixth * k1[${i}]; value += third * k2[${i}];`);
    lines.push(`value += third * k3[${i}]; value += sixth * k4[${i}]; x[${i}] = value;`);
    lines.push('total += value; if (value < 0) negative = true; }');
  }
  lines.push('if (negative && system.project !== undefined) system.project(x, true);');
  // A boolean, not the sum: a number returned from a call V8 does not inline is boxed on the heap
  // (an allocation every simulated minute).
  lines.push('return Number.isFinite(total);');
  return lines.join('\n');
}
