import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../random/rng.ts';
import { createMeter } from './meter.ts';

test('ISO 15197:2013: at least 95 % within ±15 mg/dL below 100 and ±15 % from 100 up', () => {
  const meter = createMeter({}, new Rng(15197));
  const n = 10_000;
  const figures: string[] = [];
  for (const glucoseMgdl of [40, 70, 99, 100, 150, 250, 400, 450]) {
    // The band of ISO 15197:2013 §6.3.3, written out here rather than taken from the code.
    const bandMgdl = glucoseMgdl < 100 ? 15 : 0.15 * glucoseMgdl;
    let inside = 0;
    let errorSum = 0;
    for (let i = 0; i < n; i += 1) {
      const reading = meter.measure(glucoseMgdl);
      // At 40 mg/dL a 3-SD error reads LO (shown as 20): outside the band, counted as such.
      assert.ok(Number.isInteger(reading.glucoseMgdl));
      const error = reading.glucoseMgdl - glucoseMgdl;
      errorSum += error;
      if (Math.abs(error) <= bandMgdl) inside += 1;
    }
    const fraction = inside / n;
    figures.push(`${glucoseMgdl}: ${(100 * fraction).toFixed(1)} %`);
    assert.ok(fraction >= 0.95, `${glucoseMgdl} mg/dL: ${fraction} in band`);
    // A realistic good meter, not a perfect one: about 97.5 % (SE 0.16 %), not 99 %+.
    assert.ok(fraction <= 0.99, `${glucoseMgdl} mg/dL: ${fraction} in band`);
    assert.ok(Math.abs(errorSum / n) < 0.05 * bandMgdl, `${glucoseMgdl} mg/dL: biased`);
  }
  console.log(`meter results within the ISO 15197:2013 band: ${figures.join(', ')}`);
});

test('the meter shows LO below 20 and HI above 600 mg/dL', () => {
  const meter = createMeter({}, new Rng(1));
  assert.deepEqual(meter.measure(5), { status: 'low', glucoseMgdl: 20 });
  assert.deepEqual(meter.measure(900), { status: 'high', glucoseMgdl: 600 });
  const exact = createMeter({ lowSdMgdl: 1e-9, highCv: 1e-12 }, new Rng(1));
  assert.deepEqual(exact.measure(20), { status: 'ok', glucoseMgdl: 20 });
  assert.deepEqual(exact.measure(600), { status: 'ok', glucoseMgdl: 600 });
  assert.deepEqual(exact.measure(19.4), { status: 'low', glucoseMgdl: 20 });
  assert.deepEqual(exact.measure(600.6), { status: 'high', glucoseMgdl: 600 });
});

test('the same seed gives the same meter readings', () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 0, max: 700, noNaN: true }), (seed, glucose) => {
      const a = createMeter({}, new Rng(seed));
      const b = createMeter({}, new Rng(seed));
      for (let i = 0; i < 5; i += 1) assert.deepEqual(a.measure(glucose), b.measure(glucose));
    }),
    { numRuns: 50 },
  );
});

test('meter options and inputs are validated', () => {
  assert.throws(() => createMeter({ highCv: -0.1 }, new Rng(1)), /highCv = -0\.1/);
  const meter = createMeter({}, new Rng(1));
  assert.throws(() => meter.measure(-3), /bloodGlucoseMgdl/);
  assert.throws(() => meter.measure(Number.POSITIVE_INFINITY), /bloodGlucoseMgdl/);
});
