import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaultOutcome } from '../sim/result.ts';
import { simulate } from '../sim/run.ts';
import { countTechnical, postMealGlucose } from './yearOutcomes.ts';

function fault(kind: string, atMinutes: number, resolvedAtMinutes: number | null): FaultOutcome {
  return {
    kind,
    atMinutes,
    origin: 'scheduled',
    magnitude: 1,
    detectedAtMinutes: null,
    detectedBy: null,
    resolvedAtMinutes,
  };
}

const DAY = 1440;
const window = 24 * 60;
const cases: [string, number, FaultOutcome[], number][] = [
  ['while a dislodgement acts', 2000, [fault('dislodgement', 1000, 3000)], 1],
  ['while a fault never resolved acts', 9 * DAY, [fault('occlusion', 1000, null)], 1],
  ['within the window after the set change', 3000 + window, [fault('dislodgement', 1000, 3000)], 1],
  ['after the window', 3000 + window + 1, [fault('dislodgement', 1000, 3000)], 0],
  ['before the fault', 999, [fault('dislodgement', 1000, 3000)], 0],
  ['during a CGM dropout only', 2000, [fault('cgm-dropout', 1000, 3000)], 0],
  ['during a site infection', 2000, [fault('site-infection', 1000, null)], 1],
];

for (const [when, start, records, expected] of cases) {
  test(`a ketoacidosis starting ${when} is ${expected ? '' : 'not '}technical`, () => {
    assert.equal(countTechnical([start], records, window), expected);
  });
}

test('each ketoacidosis counts once however many faults were acting', () => {
  const records = [fault('dislodgement', 0, 500), fault('kinked-tubing', 100, 400)];
  assert.equal(countTechnical([200, 300, 10 * DAY], records, window), 2);
});

test('post-meal glucose reads plasma 2 h after each meal the log records, not after hypo treatments', () => {
  // Regular insulin and forgotten boluses give both meals and many hypo treatments.
  const result = simulate(
    { durationDays: 14, seed: 11, insulin: 'regular', behaviour: { hypoTreatmentGrams: 16 } },
    { log: true },
  );
  const trace = result.trace;
  const lagRows = 24;
  const rowOf = (atMinutes: number) => Math.floor(atMinutes / 5);
  const treatmentRows = new Set(
    result.log.filter((e) => e.type === 'carbs_eaten').map((e) => rowOf(e.atMinutes)),
  );
  assert.ok(treatmentRows.size > 0, 'the run has hypo treatments');
  // Only a meal of exactly the treatment's size eaten alone in its 5 minutes looks like one.
  const mealRows = result.log
    .filter((e) => e.type === 'meal_eaten')
    .filter((e) => e.detail.carbsGrams !== 16 || treatmentRows.has(rowOf(e.atMinutes)))
    .map((e) => rowOf(e.atMinutes))
    .filter((row) => row + lagRows < trace.minutes.length);
  const expectedMean =
    mealRows.reduce((sum, row) => sum + (trace.plasmaGlucoseMgdl[row + lagRows] ?? 0), 0) /
    mealRows.length;
  const found = postMealGlucose(trace, 16);
  assert.equal(found.count, mealRows.length);
  assert.ok(Math.abs(found.meanMgdl - expectedMean) < 1e-9, `${found.meanMgdl} vs ${expectedMean}`);
});
