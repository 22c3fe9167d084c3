import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../random/rng.ts';
import { createKetoneMeter } from './ketoneMeter.ts';

/** True when x is a multiple of 0.1 as the display would print it (e.g. 0.3, not 0.30000004). */
function isTenth(x: number): boolean {
  return Number((Math.round(x * 10) / 10).toFixed(1)) === x;
}

test('readings have 0.1 mmol/L resolution and lie in 0.0–8.0 mmol/L', () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 0, max: 12, noNaN: true }), (seed, bohb) => {
      const reading = createKetoneMeter({}, new Rng(seed)).measure(bohb);
      assert.ok(isTenth(reading.bohbMmolL), `${reading.bohbMmolL}`);
      assert.ok(reading.bohbMmolL >= 0 && reading.bohbMmolL <= 8);
      assert.equal(reading.status === 'high', reading.bohbMmolL === 8 && bohb > 7);
    }),
  );
});

test('HI above 8.0 mmol/L; no negative reading near zero', () => {
  const meter = createKetoneMeter({}, new Rng(8));
  assert.deepEqual(meter.measure(9.5), { status: 'high', bohbMmolL: 8 });
  for (let i = 0; i < 1000; i += 1) assert.ok(meter.measure(0).bohbMmolL >= 0);
});

test('95 % within ±0.1 mmol/L below 1.5 and within ±10 % at or above 1.5 (assumed bands)', () => {
  const meter = createKetoneMeter({}, new Rng(42));
  const n = 10_000;
  // True values on the 0.1 grid: a rounded reading is then within the band exactly when the
  // unrounded one is within band + 0.05, so the check is not softened by rounding much.
  for (const bohb of [0.1, 0.6, 1.4, 1.5, 3.0, 6.0]) {
    const band = bohb < 1.5 ? 0.1 : 0.1 * bohb;
    let inside = 0;
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const shown = meter.measure(bohb).bohbMmolL;
      sum += shown;
      if (Math.abs(shown - bohb) <= band + 1e-9) inside += 1;
    }
    assert.ok(inside / n >= 0.95, `${bohb} mmol/L: ${inside / n} in band`);
    // Near zero the floor at 0.0 lifts the mean a little; elsewhere it is unbiased.
    const tolerance = bohb < 0.2 ? 0.03 : 0.01 * Math.max(1, bohb);
    assert.ok(Math.abs(sum / n - bohb) < tolerance, `${bohb} mmol/L: mean ${sum / n}`);
  }
});

test('the same seed gives the same ketone readings; options are validated', () => {
  const a = createKetoneMeter({}, new Rng(3));
  const b = createKetoneMeter({}, new Rng(3));
  for (let i = 0; i < 20; i += 1) assert.deepEqual(a.measure(2.2), b.measure(2.2));
  assert.throws(() => createKetoneMeter({ highCv: 2 }, new Rng(1)), /highCv = 2: Too big/);
  assert.throws(() => a.measure(Number.NaN), /bohbMmolL/);
});
