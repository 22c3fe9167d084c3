import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaultOutcome } from '../sim/result.ts';
import { countTechnical } from './yearOutcomes.ts';

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
