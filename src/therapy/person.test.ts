import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sickDayUnits } from './person.ts';

const profile = { totalDailyDoseUnits: 40, correctionFactorMgdlPerUnit: 50, targetHighMgdl: 120 };
const RAISED = 0.6;

test('the sick-day dose is the correction, or the share of the daily dose if ketones make it more', () => {
  assert.equal(sickDayUnits(profile, 320, 0, RAISED), 4); // (320 − 120) / 50
  assert.equal(sickDayUnits(profile, 320, 0.8, RAISED), 4); // 10 % of 40 U: the same
  assert.equal(sickDayUnits(profile, 420, 0.8, RAISED), 6); // the correction is more
  assert.equal(sickDayUnits(profile, 250, 2, RAISED), 8); // 20 % of 40 U
  assert.equal(sickDayUnits(profile, 100, 0.2, RAISED), 0);
});

test('the sick-day dose never adds the share to the correction, and comes in pen steps', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 40, max: 600, noNaN: true }),
      fc.double({ min: 0, max: 8, noNaN: true }),
      fc.double({ min: 10, max: 120, noNaN: true }),
      fc.double({ min: 10, max: 200, noNaN: true }),
      (glucose, ketones, tdd, factor) => {
        const p = { ...profile, totalDailyDoseUnits: tdd, correctionFactorMgdlPerUnit: factor };
        const units = sickDayUnits(p, glucose, ketones, RAISED);
        const correction = Math.max(0, (glucose - p.targetHighMgdl) / factor);
        assert.ok(Number.isInteger(units * 2));
        assert.ok(units >= correction - 0.25 - 1e-9);
        assert.ok(units <= Math.max(correction, 0.2 * tdd) + 0.25 + 1e-9);
        // More ketones or higher glucose never give less.
        assert.ok(sickDayUnits(p, glucose + 50, ketones, RAISED) >= units);
        assert.ok(sickDayUnits(p, glucose, ketones + 1, RAISED) >= units);
      },
    ),
  );
});
