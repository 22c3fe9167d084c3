import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { agp, percentile } from './agp.ts';

const DAY_READINGS_5_MIN = 288;

test('percentiles interpolate between order statistics (type 7), by hand', () => {
  const sorted = [1, 2, 3, 4, 5];
  // h = (n − 1)·p/100 = 4·p/100: p5 → h 0.2 → 1 + 0.2·(2 − 1) = 1.2; p25 → h 1 → 2;
  // p50 → 3; p75 → 4; p95 → h 3.8 → 4 + 0.8·1 = 4.8.
  assert.equal(percentile(sorted, 5), 1.2);
  assert.equal(percentile(sorted, 25), 2);
  assert.equal(percentile(sorted, 50), 3);
  assert.ok(Math.abs(percentile(sorted, 95) - 4.8) < 1e-12);
  assert.equal(percentile([7], 95), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('14 days, day d at 100 + d mg/dL all day: percentiles by hand', () => {
  const values: number[] = [];
  for (let day = 0; day < 14; day += 1) {
    for (let i = 0; i < DAY_READINGS_5_MIN; i += 1) values.push(100 + day);
  }
  const profile = agp(values, { intervalMinutes: 5 });
  assert.equal(profile.bins.length, 96); // 15-min bins
  assert.equal(profile.days, 14);
  assert.equal(profile.fewerThan14Days, false);
  assert.equal(profile.sufficientData, true);
  // Each 15-min bin holds 3 readings × 14 days = 42 values: 100, 100, 100, 101, …, 113.
  // Sorted index j holds 100 + ⌊j/3⌋. h = 41·p/100:
  // p5: h 2.05 → x[2] = 100, x[3] = 101 → 100.05; p25: h 10.25 → x[10] = x[11] = 103;
  // p50: h 20.5 → x[20] = 106, x[21] = 107 → 106.5; p75: h 30.75 → x[30] = x[31] = 110;
  // p95: h 38.95 → x[38] = 112, x[39] = 113 → 112.95.
  for (const bin of profile.bins) {
    assert.equal(bin.readingCount, 42);
    assert.ok(Math.abs(bin.p5 - 100.05) < 1e-9);
    assert.equal(bin.p25, 103);
    assert.equal(bin.p50, 106.5);
    assert.equal(bin.p75, 110);
    assert.ok(Math.abs(bin.p95 - 112.95) < 1e-9);
  }
});

test('readings fall in the bin of their time of day, from a start at 23:00', () => {
  // Glucose = 100 + the hour of day; the series starts at 23:00 and lasts 14 days.
  const startMinuteOfDay = 23 * 60;
  const values = Array.from({ length: 14 * DAY_READINGS_5_MIN }, (_, i) => {
    const minuteOfDay = (startMinuteOfDay + 5 * i) % 1440;
    return 100 + Math.floor(minuteOfDay / 60);
  });
  const profile = agp(values, { intervalMinutes: 5, startMinuteOfDay, binMinutes: 60 });
  assert.equal(profile.bins.length, 24);
  profile.bins.forEach((bin, hour) => {
    assert.equal(bin.startMinuteOfDay, hour * 60);
    assert.equal(bin.p5, 100 + hour);
    assert.equal(bin.p95, 100 + hour);
    assert.equal(bin.readingCount, 14 * 12);
  });
});

test('each bin holds the readings of its times of day, missing ones left out (any series)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: 20, max: 600, noNaN: true }), fc.constant(Number.NaN)), {
        maxLength: 600,
      }),
      fc.constantFrom(1, 5, 15),
      fc.constantFrom(15, 60, 180),
      fc.integer({ min: 0, max: 1439 }),
      (values, intervalMinutes, binMinutes, startMinuteOfDay) => {
        const profile = agp(values, { intervalMinutes, binMinutes, startMinuteOfDay });
        profile.bins.forEach((bin, b) => {
          // The plain way: the bin's present readings, sorted.
          const own = values
            .filter((g, i) => {
              const minuteOfDay = (startMinuteOfDay + i * intervalMinutes) % 1440;
              return !Number.isNaN(g) && Math.floor(minuteOfDay / binMinutes) === b;
            })
            .sort((x, y) => x - y);
          assert.equal(bin.readingCount, own.length);
          assert.deepEqual(
            [bin.p5, bin.p25, bin.p50, bin.p75, bin.p95],
            [5, 25, 50, 75, 95].map((p) => percentile(own, p)),
          );
        });
      },
    ),
  );
});

test('fewer than 14 days or under 70 % coverage is flagged', () => {
  const thirteen = agp(new Array(13 * DAY_READINGS_5_MIN).fill(120), { intervalMinutes: 5 });
  assert.equal(thirteen.days, 13);
  assert.equal(thirteen.fewerThan14Days, true);
  assert.equal(thirteen.sufficientData, false);
  const gappy = Array.from({ length: 14 * DAY_READINGS_5_MIN }, (_, i) =>
    i % 12 < 4 ? Number.NaN : 120,
  );
  const profile = agp(gappy, { intervalMinutes: 5 });
  assert.equal(profile.fewerThan14Days, false);
  assert.ok(Math.abs(profile.coveragePercent - 200 / 3) < 1e-9); // 4 of every 12 missing
  assert.equal(profile.sufficientData, false);
});

test('smoothing averages neighbouring bins, wrapping around midnight', () => {
  // One day of hourly readings: 120 everywhere except 150 in the 00:00 bin.
  const values = Array.from({ length: 24 }, (_, hour) => (hour === 0 ? 150 : 120));
  const raw = agp(values, { intervalMinutes: 60, binMinutes: 60 });
  const smoothed = agp(values, { intervalMinutes: 60, binMinutes: 60, smoothingBins: 3 });
  assert.equal(raw.bins[0]?.p50, 150);
  // Bin 0: (120 + 150 + 120)/3 = 130; bin 1 and bin 23 (across midnight): (150 + 120 + 120)/3.
  assert.equal(smoothed.bins[0]?.p50, 130);
  assert.equal(smoothed.bins[1]?.p50, 130);
  assert.equal(smoothed.bins[23]?.p50, 130);
  assert.equal(smoothed.bins[12]?.p50, 120);
});

test('empty bins are NaN; options are validated', () => {
  const profile = agp([100, Number.NaN], { intervalMinutes: 60, binMinutes: 60 });
  assert.equal(profile.bins[0]?.p50, 100);
  assert.ok(Number.isNaN(profile.bins[1]?.p50));
  assert.throws(() => agp([100], { intervalMinutes: 5, binMinutes: 7 }), /binMinutes = 7: .*1440/);
  assert.throws(() => agp([100], { intervalMinutes: 5, smoothingBins: 2 }), /smoothingBins = 2/);
  assert.throws(
    () => agp([100], { intervalMinutes: 5, startMinuteOfDay: 1440 }),
    /startMinuteOfDay/,
  );
});
