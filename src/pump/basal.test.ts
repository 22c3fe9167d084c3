import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachSchedulePiece, scheduledRateAt } from './basal.ts';
import type { BasalSegment } from './settings.ts';

const SECONDS_PER_DAY = 86_400;

/** Schedules of 1–48 segments starting at 0, on any whole minute (not only the half hour). */
const scheduleArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 1439 }), { maxLength: 47 })
  .chain((starts) =>
    fc.tuple(
      fc.constant([0, ...starts.sort((a, b) => a - b)]),
      fc.array(fc.integer({ min: 0, max: 40_000 }), {
        minLength: starts.length + 1,
        maxLength: starts.length + 1,
      }),
    ),
  )
  .map(([starts, rates]) =>
    starts.map((startMinutes, i): BasalSegment => ({
      startMinutes,
      rateMilliunitsPerHour: rates[i] ?? 0,
    })),
  );

/** The definition: the last segment that starts at or before the local second of the day. */
function rateByScan(segments: readonly BasalSegment[], localSecond: number): number {
  let rate = 0;
  for (const s of segments) if (s.startMinutes * 60 <= localSecond) rate = s.rateMilliunitsPerHour;
  return rate;
}

test('the slot table finds the segment in force at any second, for any clock offset', () => {
  fc.assert(
    fc.property(
      scheduleArb,
      fc.integer({ min: 0, max: 10 * SECONDS_PER_DAY }),
      fc.integer({ min: -SECONDS_PER_DAY, max: SECONDS_PER_DAY }),
      (segments, seconds, clockOffsetSeconds) => {
        const local =
          (((seconds + clockOffsetSeconds) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
        assert.equal(
          scheduledRateAt(segments, { seconds, clockOffsetSeconds }),
          rateByScan(segments, local),
        );
      },
    ),
    { numRuns: 2_000 },
  );
});

test('schedule pieces tile the interval, each at the rate in force', () => {
  fc.assert(
    fc.property(
      scheduleArb,
      fc.integer({ min: 0, max: 3 * SECONDS_PER_DAY }),
      fc.integer({ min: 1, max: 2 * SECONDS_PER_DAY }),
      (segments, fromSeconds, length) => {
        let next = fromSeconds;
        forEachSchedulePiece(
          segments,
          { fromSeconds, toSeconds: fromSeconds + length, clockOffsetSeconds: 0 },
          (from, to, rate) => {
            assert.equal(from, next);
            assert.ok(to > from);
            assert.equal(rate, rateByScan(segments, from % SECONDS_PER_DAY));
            assert.equal(rate, rateByScan(segments, (to - 1) % SECONDS_PER_DAY));
            next = to;
          },
        );
        assert.equal(next, fromSeconds + length);
      },
    ),
    { numRuns: 1_000 },
  );
});
