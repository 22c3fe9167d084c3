// RK4's fast paths: a system's fused `derivativeAt` must give the very steps its `derivative`
// gives, and the `hasNegative` hint passed to `project` must say exactly whether a component of
// the new state is below zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rk4 } from './rk4.ts';
import type { OdeSystem } from './types.ts';
import { emptyStats, stageComponent } from './types.ts';

interface Forcing {
  readonly amplitude: number;
}

/** A forced, damped pendulum (angle, angular velocity) driving a leaky integrator: nonlinear. */
function pendulumAt(
  t: number,
  x: Float64Array,
  h: number,
  k: Float64Array,
  inputs: Forcing,
  out: Float64Array,
): void {
  const angle = stageComponent(x, h, k, 0);
  const velocity = stageComponent(x, h, k, 1);
  const integral = stageComponent(x, h, k, 2);
  out[0] = velocity;
  out[1] = -Math.sin(angle) - 0.1 * velocity + inputs.amplitude * Math.sin(t);
  out[2] = angle * velocity - 0.5 * integral;
}

const fused: OdeSystem<Forcing> = {
  derivative: (t, x, inputs, out) => pendulumAt(t, x, 0, x, inputs, out),
  derivativeAt: pendulumAt,
};
const stageVector: OdeSystem<Forcing> = { derivative: fused.derivative };

function run(system: OdeSystem<Forcing>, x0: number[], dt: number, steps: number): Float64Array {
  const solver = rk4({ dtMinutes: dt });
  const x = Float64Array.from(x0);
  const inputs = { amplitude: 0.3 };
  for (let i = 0; i < steps; i += 1) {
    assert.equal(solver.advance(system, x, i * dt, (i + 1) * dt, inputs, emptyStats()), 'Success');
  }
  return x;
}

test('rk4: a fused derivativeAt gives the same states as forming each stage, bit for bit', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      (x0, dt) => {
        const a = run(fused, x0, dt, 40);
        const b = run(stageVector, x0, dt, 40);
        for (let i = 0; i < 3; i += 1)
          assert.ok(Object.is(a[i], b[i]), `x[${i}]: ${a[i]} vs ${b[i]}`);
      },
    ),
    { numRuns: 60 },
  );
});

test('rk4: the fused path still converges with order 4', () => {
  // Oscillator u' = v, v' = −u from (1, 0): exact (cos t, −sin t).
  const oscillator: OdeSystem<Forcing> = {
    derivative: (t, x, i, out) => oscillator.derivativeAt!(t, x, 0, x, i, out),
    derivativeAt: (_t, x, h, k, _inputs, out) => {
      out[0] = stageComponent(x, h, k, 1);
      out[1] = -stageComponent(x, h, k, 0);
    },
  };
  const errors = [0.4, 0.2, 0.1].map((dt) => {
    const steps = Math.round((4 * Math.PI) / dt);
    const solver = rk4({ dtMinutes: dt });
    const x = Float64Array.of(1, 0);
    solver.advance(oscillator, x, 0, steps * dt, { amplitude: 0 }, emptyStats());
    const t = steps * dt;
    return Math.max(Math.abs(x[0]! - Math.cos(t)), Math.abs(x[1]! + Math.sin(t)));
  });
  for (let i = 1; i < errors.length; i += 1) {
    const order = Math.log2(errors[i - 1]! / errors[i]!);
    assert.ok(Math.abs(order - 4) < 0.4, `observed order ${order}, errors ${errors}`);
  }
});

test('rk4: project is told whether the new state has a negative component', () => {
  // x' = −1 from x = (2, 0.5, 5): the second component crosses zero first, then the first.
  const hints: { hasNegative: boolean | undefined; actual: boolean }[] = [];
  const falling: OdeSystem<Forcing> = {
    derivative: (_t, _x, _inputs, out) => out.fill(-1),
    project: (x, hasNegative) => {
      hints.push({ hasNegative, actual: x.some((value) => value < 0) });
    },
  };
  const x = Float64Array.of(2, 0.5, 5);
  rk4({ dtMinutes: 0.25 }).advance(falling, x, 0, 3, { amplitude: 0 }, emptyStats());
  assert.equal(hints.length, 12);
  for (const { hasNegative, actual } of hints) assert.equal(hasNegative, actual);
  assert.ok(hints.some((hint) => hint.actual) && hints.some((hint) => !hint.actual));
});
