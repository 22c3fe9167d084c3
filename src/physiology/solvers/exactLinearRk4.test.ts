// The exact-linear RK4: its linear states follow the exact solution, its nonlinear states RK4's
// order, and a system's claim about which states are linear is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dormandPrince } from './dormandPrince.ts';
import { exactLinearRk4, type SplitSystem } from './exactLinearRk4.ts';
import { emptyStats } from './types.ts';

interface Infusion {
  readonly ratePerMinute: number;
}

/**
 * A depot a → b fed by an infusion, an accumulator z of b's outflow, and a nonlinear state y
 * driven by b: a' = u − 0.3a, b' = 0.3a − 0.1b, y' = 0.1b − 0.01y², z' = 0.1b.
 */
function depotSystem(
  overrides: Partial<SplitSystem<Infusion>> = {},
  depotRate = (x: Float64Array, inputs: Infusion) => inputs.ratePerMinute - 0.3 * x[0]!,
): SplitSystem<Infusion> {
  return {
    stateNames: ['a', 'b', 'y', 'z'],
    nonlinearStates: [2],
    linearStatesReadByNonlinear: [1],
    inputCount: 1,
    inputVector: (inputs, out) => {
      out[0] = inputs.ratePerMinute;
    },
    inputsOf: (vector) => ({ ratePerMinute: vector[0]! }),
    derivative(_t, x, inputs, out) {
      out[0] = depotRate(x, inputs);
      out[1] = 0.3 * x[0]! - 0.1 * x[1]!;
      out[2] = 0.1 * x[1]! - 0.01 * x[2]! * x[2]!;
      out[3] = 0.1 * x[1]!;
    },
    nonlinearRates(_t, s, out) {
      out[2] = 0.1 * s[1]! - 0.01 * s[2]! * s[2]!;
    },
    ...overrides,
  };
}

function reference(
  system: SplitSystem<Infusion>,
  x0: number[],
  minutes: number,
  inputs: Infusion,
): Float64Array {
  const x = Float64Array.from(x0);
  const solver = dormandPrince({ relTol: 1e-11, absTol: 1e-12 });
  assert.equal(solver.advance(system, x, 0, minutes, inputs, emptyStats()), 'Success');
  return x;
}

function stepped(
  system: SplitSystem<Infusion>,
  x0: number[],
  minutes: number,
  inputs: Infusion,
  dtMinutes = 1,
): Float64Array {
  const x = Float64Array.from(x0);
  const solver = exactLinearRk4(system, { dtMinutes });
  assert.equal(solver.advance(system, x, 0, minutes, inputs, emptyStats()), 'Success');
  return x;
}

test('exact-linear RK4: the linear states follow the exact solution, any state, any infusion', () => {
  const system = depotSystem();
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
      fc.double({ min: 0, max: 5, noNaN: true }),
      (x0, rate) => {
        const inputs = { ratePerMinute: rate };
        const exact = reference(system, x0, 30, inputs);
        const x = stepped(system, x0, 30, inputs);
        return [0, 1, 3].every((i) => Math.abs(x[i]! - exact[i]!) <= 1e-9 * (1 + exact[i]!));
      },
    ),
    { numRuns: 100 },
  );
});

test('exact-linear RK4: the depot in closed form, to rounding', () => {
  // a(t) = a0·e^(−0.3t) + (u/0.3)·(1 − e^(−0.3t))
  const x = stepped(depotSystem(), [7, 0, 0, 0], 45, { ratePerMinute: 0.6 });
  const decay = Math.exp(-0.3 * 45);
  assert.ok(Math.abs(x[0]! - (7 * decay + 2 * (1 - decay))) < 1e-13);
});

test('exact-linear RK4: the nonlinear state converges at fourth order', () => {
  const system = depotSystem();
  const x0 = [20, 5, 0, 0];
  const inputs = { ratePerMinute: 1 };
  const exact = reference(system, x0, 20, inputs)[2]!;
  const error = (dt: number) => Math.abs(stepped(system, x0, 20, inputs, dt)[2]! - exact);
  const ratio = error(1) / error(0.5);
  assert.ok(ratio > 12 && ratio < 24, `error ratio on halving the step ${ratio}, expected ~16`);
});

test('exact-linear RK4: a span that is no whole number of steps ends with a shorter step', () => {
  const system = depotSystem();
  const inputs = { ratePerMinute: 0.2 };
  const x0 = [3, 1, 0.5, 0];
  const whole = stepped(system, x0, 2.5, inputs);
  const parts = Float64Array.from(x0);
  const solver = exactLinearRk4(system);
  for (const [from, to] of [
    [0, 1],
    [1, 2],
    [2, 2.5],
  ] as const) {
    assert.equal(solver.advance(system, parts, from, to, inputs, emptyStats()), 'Success');
  }
  assert.deepEqual([...whole], [...parts]);
  const exact = reference(system, x0, 2.5, inputs);
  for (const i of [0, 1, 3]) assert.ok(Math.abs(whole[i]! - exact[i]!) < 1e-9);
  assert.ok(Math.abs(whole[2]! - exact[2]!) < 1e-5);
});

test('exact-linear RK4: a false claim about the states is refused, naming the states', () => {
  // The depot's rate made to read y, then made quadratic in itself.
  const linearReadsNonlinear = depotSystem(
    {},
    (x, inputs) => inputs.ratePerMinute - 0.3 * x[0]! * x[2]!,
  );
  const notAffine = depotSystem({}, (x, inputs) => inputs.ratePerMinute - 0.3 * x[0]! * x[0]!);
  assert.throws(() => exactLinearRk4(notAffine), /a is declared linear but its rate is not affine/);
  assert.throws(
    () => exactLinearRk4(linearReadsNonlinear),
    /a is declared linear but its rate moves with y/,
  );
  const undeclaredRead = depotSystem({
    nonlinearRates(_t, s, out) {
      out[2] = 0.1 * s[1]! - 0.01 * s[2]! * s[2]! + 0.01 * s[3]!;
    },
  });
  assert.throws(() => exactLinearRk4(undeclaredRead), /read z, not declared/);
  const system = depotSystem();
  const solver = exactLinearRk4(system);
  assert.throws(
    () =>
      solver.advance(depotSystem(), new Float64Array(4), 0, 1, { ratePerMinute: 0 }, emptyStats()),
    /built for one system/,
  );
});
