import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KetoneParameters } from './ketones.ts';
import {
  bohbOf,
  KETONE_DEFAULTS,
  KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L,
  KETONE_STATE_NAMES,
  ketoneDerivative,
  ketoneParametersForBasalInsulin,
  ketoneSteadyState,
} from './ketones.ts';

const STATES = KETONE_STATE_NAMES.length;

/** RK4 at 1 min on the ketone block alone; insulin is held constant within each minute. */
function simulateKetones(options: {
  params: KetoneParameters;
  startInsulin: number;
  insulinAt: (minute: number) => number;
  minutes: number;
}): number[] {
  const x = new Float64Array(STATES);
  ketoneSteadyState(options.startInsulin, options.params, x, 0);
  const k = [1, 2, 3, 4].map(() => new Float64Array(STATES));
  const stage = new Float64Array(STATES);
  const bohb = [bohbOf(x, 0)];
  for (let minute = 0; minute < options.minutes; minute += 1) {
    const insulin = options.insulinAt(minute);
    ketoneDerivative(insulin, x, 0, options.params, k[0]!);
    for (let i = 0; i < STATES; i += 1) stage[i] = x[i]! + 0.5 * k[0]![i]!;
    ketoneDerivative(insulin, stage, 0, options.params, k[1]!);
    for (let i = 0; i < STATES; i += 1) stage[i] = x[i]! + 0.5 * k[1]![i]!;
    ketoneDerivative(insulin, stage, 0, options.params, k[2]!);
    for (let i = 0; i < STATES; i += 1) stage[i] = x[i]! + k[2]![i]!;
    ketoneDerivative(insulin, stage, 0, options.params, k[3]!);
    for (let i = 0; i < STATES; i += 1) {
      x[i] = x[i]! + (k[0]![i]! + 2 * k[1]![i]! + 2 * k[2]![i]! + k[3]![i]!) / 6;
    }
    bohb.push(bohbOf(x, 0));
  }
  return bohb;
}

test('ketones: the state block is two named states (delayed insulin mU/L, BOHB mmol/L)', () => {
  assert.equal(STATES, 2);
  assert.match(KETONE_STATE_NAMES[0]!, /MilliunitsPerL$/);
  assert.match(KETONE_STATE_NAMES[1]!, /^bohbMmolL$/);
});

test('ketones: the steady state is a fixed point of the derivative at any insulin', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.nat(5), (insulin, offset) => {
      const x = new Float64Array(offset + STATES + 3);
      ketoneSteadyState(insulin, KETONE_DEFAULTS, x, offset);
      const out = new Float64Array(x.length).fill(7);
      ketoneDerivative(insulin, x, offset, KETONE_DEFAULTS, out);
      assert.ok(Math.abs(out[offset]!) < 1e-12);
      assert.ok(Math.abs(out[offset + 1]!) < 1e-12);
      // Only its own block is written.
      for (let i = 0; i < out.length; i += 1) {
        if (i < offset || i >= offset + STATES) assert.equal(out[i], 7);
      }
    }),
  );
});

test('ketones: steady-state BOHB falls as insulin rises (production suppressed, clearance up)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      (low, step) => {
        const a = new Float64Array(STATES);
        const b = new Float64Array(STATES);
        ketoneSteadyState(low, KETONE_DEFAULTS, a, 0);
        ketoneSteadyState(low + step, KETONE_DEFAULTS, b, 0);
        assert.ok(bohbOf(b, 0) < bohbOf(a, 0));
      },
    ),
  );
});

test('ketones: every patient sits at 0.1 mmol/L on their own basal insulin', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.5, max: 100, noNaN: true }), (basalInsulin) => {
      const x = new Float64Array(STATES);
      ketoneSteadyState(basalInsulin, ketoneParametersForBasalInsulin(basalInsulin), x, 0);
      assert.ok(Math.abs(bohbOf(x, 0) - 0.1) < 1e-9, `BOHB ${bohbOf(x, 0)}`);
    }),
  );
  const x = new Float64Array(STATES);
  ketoneSteadyState(KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L, KETONE_DEFAULTS, x, 0);
  assert.ok(Math.abs(bohbOf(x, 0) - 0.1) < 1e-9);
});

test('ketones: a relative fall of insulin gives the same BOHB whatever the basal level', () => {
  fc.assert(
    fc.property(fc.double({ min: 1, max: 60, noNaN: true }), (basalInsulin) => {
      const run = (ib: number) =>
        simulateKetones({
          params: ketoneParametersForBasalInsulin(ib),
          startInsulin: ib,
          insulinAt: (minute) => ib * Math.exp(-minute / 90),
          minutes: 360,
        });
      const reference = run(KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L);
      const scaled = run(basalInsulin);
      assert.ok(Math.abs(scaled[360]! - reference[360]!) < 1e-9);
    }),
    { numRuns: 20 },
  );
});

test('ketones: without insulin BOHB rises without a plateau for 9 h (Pickup 1982)', () => {
  const bohb = simulateKetones({
    params: KETONE_DEFAULTS,
    startInsulin: KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L,
    insulinAt: () => 0,
    minutes: 9 * 60,
  });
  const slopeEarly = bohb[180]! - bohb[120]!; // mmol/L per hour, hour 2–3
  const slopeLate = bohb[540]! - bohb[480]!; // hour 8–9
  for (let i = 1; i < bohb.length; i += 1) assert.ok(bohb[i]! > bohb[i - 1]!);
  assert.ok(slopeLate > 0.6 * slopeEarly, `slope 8–9 h ${slopeLate} vs 2–3 h ${slopeEarly}`);
  assert.ok(slopeLate > 0.15 && slopeEarly < 0.6, `slopes ${slopeEarly}, ${slopeLate} /h`);
});

test('ketones: once basal insulin is back, BOHB halves within 2 h and nears 0.1 by 8 h', () => {
  const ib = KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L;
  const bohb = simulateKetones({
    params: KETONE_DEFAULTS,
    startInsulin: ib,
    insulinAt: (minute) => (minute < 6 * 60 ? 0 : ib),
    minutes: 14 * 60,
  });
  assert.ok(bohb[360]! > 1, `BOHB after 6 h without insulin ${bohb[360]}`);
  assert.ok(bohb[480]! < 0.5 * bohb[360]!, `BOHB 2 h after insulin is back ${bohb[480]}`);
  assert.ok(bohb[840]! < 0.15, `BOHB 8 h after insulin is back ${bohb[840]}`);
});

test('ketones: parameters for a bad basal insulin are refused, naming the value', () => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => ketoneParametersForBasalInsulin(bad),
      (error: Error) =>
        error instanceof RangeError &&
        error.message.includes('basalInsulinMilliunitsPerL') &&
        error.message.includes(String(bad)),
    );
  }
});
