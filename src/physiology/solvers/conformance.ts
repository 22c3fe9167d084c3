// One conformance suite for every solver (Hono's shared-suite pattern): convergence order on
// problems with a known exact solution, error control, events at step boundaries, limits and
// return codes. A solver test file calls `registerSolverConformance` with its own factory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Integrator, OdeEvent, OdeSystem } from './types.ts';
import { solve } from './solve.ts';

export interface SolverUnderTest {
  readonly name: string;
  /** The order the solver claims; the suite measures it. */
  readonly order: number;
  /** The solver taking fixed steps of `dtMinutes`, with an optional step limit per advance. */
  fixedStep(dtMinutes: number, maxStepsPerAdvance?: number): Integrator;
  /** The solver with error control at relative = absolute tolerance `tolerance`, if it has one. */
  adaptive?(tolerance: number): Integrator;
}

interface Forcing {
  amplitude: number;
}

/** y' = −y + amplitude·sin t; exact y = amplitude·(sin t − cos t)/2 + (y0 + amplitude/2)·e^(−t). */
const forcedDecay: OdeSystem<Forcing> = {
  derivative(t, x, inputs, out) {
    out[0] = -x[0]! + inputs.amplitude * Math.sin(t);
  },
};
const forcedDecayExact = (t: number, y0: number): number =>
  (Math.sin(t) - Math.cos(t)) / 2 + (y0 + 0.5) * Math.exp(-t);

/** Harmonic oscillator u' = v, v' = −u: exact (cos t, −sin t) from (1, 0). */
const oscillator: OdeSystem<Forcing> = {
  derivative(_t, x, _inputs, out) {
    out[0] = x[1]!;
    out[1] = -x[0]!;
  },
};

/** y' = y², y(0) = 1: blows up at t = 1. */
const blowUp: OdeSystem<Forcing> = {
  derivative(_t, x, _inputs, out) {
    out[0] = x[0]! * x[0]!;
  },
};

function errorAt(
  integrator: Integrator,
  system: OdeSystem<Forcing>,
  options: { t1: number; x0: number[]; exact: number[] },
): number {
  const solution = solve(
    {
      system,
      x0: Float64Array.from(options.x0),
      t0Minutes: 0,
      t1Minutes: options.t1,
      inputs: { amplitude: 1 },
    },
    integrator,
  );
  assert.equal(solution.retcode, 'Success');
  let error = 0;
  for (let i = 0; i < options.exact.length; i += 1) {
    error = Math.max(error, Math.abs(solution.x[i]! - options.exact[i]!));
  }
  return error;
}

function observedOrders(errors: readonly number[]): number[] {
  const orders: number[] = [];
  for (let i = 1; i < errors.length; i += 1) orders.push(Math.log2(errors[i - 1]! / errors[i]!));
  return orders;
}

export function registerSolverConformance(subject: SolverUnderTest): void {
  const label = `solver conformance [${subject.name}]`;
  const steps = [0.4, 0.2, 0.1];

  test(`${label}: convergence order on y' = -y + sin t`, () => {
    const t1 = 10;
    const problem = { t1, x0: [1], exact: [forcedDecayExact(t1, 1)] };
    const errors = steps.map((dt) => errorAt(subject.fixedStep(dt), forcedDecay, problem));
    for (const order of observedOrders(errors)) {
      assert.ok(Math.abs(order - subject.order) < 0.4, `observed order ${order}, errors ${errors}`);
    }
  });

  test(`${label}: convergence order on the harmonic oscillator`, () => {
    const t1 = 4 * Math.PI;
    const problem = { t1, x0: [1, 0], exact: [Math.cos(t1), -Math.sin(t1)] };
    const errors = steps.map((dt) => errorAt(subject.fixedStep(dt), oscillator, problem));
    for (const order of observedOrders(errors)) {
      assert.ok(Math.abs(order - subject.order) < 0.4, `observed order ${order}, errors ${errors}`);
    }
  });

  test(`${label}: the last step lands exactly on t1 and the counts add up`, () => {
    const solution = solve(
      {
        system: forcedDecay,
        x0: Float64Array.of(1),
        t0Minutes: 0,
        t1Minutes: 1.05,
        inputs: { amplitude: 1 },
      },
      subject.fixedStep(0.1),
    );
    assert.equal(solution.tMinutes, 1.05);
    assert.equal(solution.stats.stepsAccepted, 11);
    assert.ok(Math.abs(solution.x[0]! - forcedDecayExact(1.05, 1)) < 1e-6);
  });

  test(`${label}: impulses and input changes at event times`, () => {
    // y' = −y + a(t)·sin t with a = 1, then y += 1 at t = 2.05, then a = 3 from t = 3.
    const events: OdeEvent<Forcing>[] = [
      { atMinutes: 3, apply: (_x, inputs) => void (inputs.amplitude = 3) },
      { atMinutes: 2.05, apply: (x) => void (x[0] = x[0]! + 1) },
    ];
    const solution = solve(
      {
        system: forcedDecay,
        x0: Float64Array.of(1),
        t0Minutes: 0,
        t1Minutes: 5,
        inputs: { amplitude: 1 },
        events,
        saveAtMinutes: [2.05, 3],
      },
      subject.fixedStep(0.05),
    );
    const atImpulse = forcedDecayExact(2.05, 1) + 1;
    const c = atImpulse - (Math.sin(2.05) - Math.cos(2.05)) / 2; // y = (sin − cos)/2 + c·e^(2.05−t)
    const at3 = (Math.sin(3) - Math.cos(3)) / 2 + c * Math.exp(2.05 - 3);
    const d = at3 - (3 * (Math.sin(3) - Math.cos(3))) / 2; // then y = 3(sin − cos)/2 + d·e^(3−t)
    const at5 = (3 * (Math.sin(5) - Math.cos(5))) / 2 + d * Math.exp(3 - 5);
    assert.equal(solution.retcode, 'Success');
    assert.ok(Math.abs(solution.savedStates[0]![0]! - atImpulse) < 1e-6);
    assert.ok(Math.abs(solution.savedStates[1]![0]! - at3) < 1e-6);
    assert.ok(Math.abs(solution.x[0]! - at5) < 1e-6, `${solution.x[0]} vs ${at5}`);
  });

  test(`${label}: the step limit stops with MaxIters`, () => {
    const solution = solve(
      {
        system: forcedDecay,
        x0: Float64Array.of(1),
        t0Minutes: 0,
        t1Minutes: 10,
        inputs: { amplitude: 1 },
      },
      subject.fixedStep(0.1, 5),
    );
    assert.equal(solution.retcode, 'MaxIters');
    assert.equal(solution.tMinutes, 0);
  });

  test(`${label}: a blow-up does not end in Success`, () => {
    const problem = {
      system: blowUp,
      x0: Float64Array.of(1),
      t0Minutes: 0,
      t1Minutes: 2,
      inputs: { amplitude: 0 },
    };
    assert.notEqual(solve(problem, subject.fixedStep(0.1)).retcode, 'Success');
    if (subject.adaptive !== undefined) {
      assert.notEqual(solve(problem, subject.adaptive(1e-8)).retcode, 'Success');
    }
  });

  test(`${label}: deterministic, and the problem's x0 and inputs are left unchanged`, () => {
    const x0 = Float64Array.of(1);
    const inputs = { amplitude: 1 };
    const events: OdeEvent<Forcing>[] = [
      { atMinutes: 1, apply: (_x, i) => void (i.amplitude = 2) },
    ];
    const problem = { system: forcedDecay, x0, t0Minutes: 0, t1Minutes: 3, inputs, events };
    const first = solve(problem, subject.fixedStep(0.1));
    const second = solve(problem, subject.fixedStep(0.1));
    assert.deepEqual(first.x, second.x);
    assert.deepEqual(x0, Float64Array.of(1));
    assert.equal(inputs.amplitude, 1);
  });

  if (subject.adaptive !== undefined) {
    const adaptive = subject.adaptive;
    for (const tolerance of [1e-5, 1e-8, 1e-10]) {
      test(`${label}: adaptive error below tolerance ${tolerance}`, () => {
        const t1 = 10;
        const decay = errorAt(adaptive(tolerance), forcedDecay, {
          t1,
          x0: [1],
          exact: [forcedDecayExact(t1, 1)],
        });
        assert.ok(decay < tolerance, `y' = -y + sin t: error ${decay}`);
        const oscillation = errorAt(adaptive(tolerance), oscillator, {
          t1: 2 * Math.PI,
          x0: [1, 0],
          exact: [1, 0],
        });
        assert.ok(oscillation < 10 * tolerance, `oscillator: error ${oscillation}`);
      });
    }
  }
}
