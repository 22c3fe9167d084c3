import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { glucoseMetrics, glucoseRanges } from './metrics.ts';
import { bgRisk, bgRiskTransform } from './risk.ts';
import { GLUCOSE_RANGES, inRange } from './ranges.ts';

const close = (actual: number, expected: number, tolerance: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);

test('a small series, every metric worked out by hand', () => {
  // Nine readings and one missing, every 5 min.
  const values = [50, 60, 70, 100, 180, 181, 250, 251, 300, Number.NaN];
  const m = glucoseMetrics(values, { intervalMinutes: 5 });
  assert.equal(m.readingCount, 9);
  assert.equal(m.expectedReadingCount, 10);
  assert.equal(m.coveragePercent, 90);
  assert.equal(m.durationMinutes, 50);
  // Sum = 50+60+70+100+180+181+250+251+300 = 1442; mean = 1442/9 = 160.2222.
  close(m.meanMgdl, 160.2222, 1e-4, 'mean');
  // Σx² = 2500+3600+4900+10000+32400+32761+62500+63001+90000 = 301662;
  // Σ(x − mean)² = 301662 − 1442²/9 = 301662 − 231040.444 = 70621.556;
  // SD = √(70621.556/8) = √8827.694 = 93.956.
  close(m.sdMgdl, 93.956, 1e-3, 'SD');
  close(m.cvPercent, (100 * 93.956) / 160.2222, 1e-3, 'CV'); // 58.64 %
  // GMI = 3.31 + 0.02392·160.2222 = 3.31 + 3.83252 = 7.14252.
  close(m.gmiPercent, 7.14252, 1e-5, 'GMI');
  // eA1c = (160.2222 + 46.7)/28.7 = 206.9222/28.7 = 7.20983.
  close(m.ea1cPercent, 7.20983, 1e-5, 'eA1c');
  const t = m.timeInRangesPercent;
  const ninths = (k: number) => (100 * k) / 9;
  close(t.tbrLevel2, ninths(1), 1e-9, '<54: 50'); // 11.11 %
  close(t.tbr, ninths(2), 1e-9, '<70: 50, 60');
  close(t.tbrLevel1, ninths(1), 1e-9, '54–<70: 60');
  close(t.tir, ninths(3), 1e-9, '70–180: 70, 100, 180');
  close(t.titr, ninths(2), 1e-9, '70–140: 70, 100');
  close(t.tarLevel1, ninths(2), 1e-9, '>180–250: 181, 250');
  close(t.tar, ninths(4), 1e-9, '>180: 181, 250, 251, 300');
  close(t.tarLevel2, ninths(2), 1e-9, '>250: 251, 300');
  close(t.tirPregnancy, ninths(2), 1e-9, '63–140: 70, 100 (60 is below 63)');
});

test('LBGI and HBGI of [50, 112.5, 300] worked out by hand, divided by all readings', () => {
  // 50: ln 50 = 3.912023; 3.912023^1.084 = 4.386954; f = 1.509·(4.386954 − 5.381) = −1.500015;
  //     r = 10·f² = 22.5004 (low risk).
  // 112.5: f ≈ 0 (below).
  // 300: ln 300 = 5.703782; ^1.084 = 6.602078; f = 1.509·1.221078 = 1.842607; r = 33.9520.
  // LBGI = 22.5004/3 = 7.5001; HBGI = 33.9520/3 = 11.3173.
  const m = glucoseMetrics([50, 112.5, 300], { intervalMinutes: 5 });
  close(m.lbgi, 7.5001, 1e-3, 'LBGI');
  close(m.hbgi, 11.3173, 1e-3, 'HBGI');
});

test('the risk transform: f(112.5) ≈ 0, and r ≈ 100 at both 20 and 600 mg/dL', () => {
  // Kovatchev 1997 chose the constants to make 20–600 mg/dL symmetric around 112.5 mg/dL.
  assert.ok(Math.abs(bgRiskTransform(112.5)) < 1e-3);
  close(bgRisk(20), 100, 0.1, 'r(20)');
  close(bgRisk(600), 100, 0.1, 'r(600)');
  assert.ok(bgRiskTransform(70) < 0 && bgRiskTransform(180) > 0);
});

test("the transform is Kovatchev's formula to within rounding, from the table and off it", () => {
  // The power is computed as e^(1.084·ln ln BG): a few ulp of the ~5.4 it is subtracted from.
  const formula = (g: number) => 1.509 * (Math.log(g) ** 1.084 - 5.381);
  const near = (g: number) => {
    const error = Math.abs(bgRiskTransform(g) - formula(g));
    assert.ok(error <= 1e-14, `${g} mg/dL: off by ${error}`);
  };
  for (let g = 1; g <= 700; g += 1) near(g);
  fc.assert(fc.property(fc.double({ min: 1, max: 700, noNaN: true }), near));
});

test('boundaries: 70 and 180 are in range, 69.9 below, 180.1 above; 54, 63, 140, 250', () => {
  const percentOf = (g: number) => glucoseMetrics([g], { intervalMinutes: 5 }).timeInRangesPercent;
  assert.equal(percentOf(70).tir, 100);
  assert.equal(percentOf(180).tir, 100);
  assert.equal(percentOf(69.9).tbr, 100);
  assert.equal(percentOf(180.1).tar, 100);
  assert.equal(percentOf(54).tbrLevel1, 100);
  assert.equal(percentOf(54).tbrLevel2, 0);
  assert.equal(percentOf(250).tarLevel1, 100);
  assert.equal(percentOf(250).tarLevel2, 0);
  assert.equal(percentOf(63).tirPregnancy, 100);
  assert.equal(percentOf(140).tirPregnancy, 100);
  assert.equal(percentOf(140.5).tirPregnancy, 0);
});

test('each reading counts in exactly the ranges inRange puts it in, bounds included', () => {
  const ids = Object.keys(GLUCOSE_RANGES) as (keyof typeof GLUCOSE_RANGES)[];
  const value = fc.oneof(
    fc.double({ min: 1, max: 700, noNaN: true }),
    fc.constantFrom(54, 63, 70, 140, 180, 250),
    fc.constantFrom(54, 63, 70, 140, 180, 250).map((g) => g - 1e-9),
    fc.constantFrom(54, 63, 70, 140, 180, 250).map((g) => g + 1e-9),
  );
  fc.assert(
    fc.property(value, (g) => {
      const percent = glucoseRanges([g]).timeInRangesPercent;
      for (const id of ids) assert.equal(percent[id], inRange(g, GLUCOSE_RANGES[id]) ? 100 : 0, id);
    }),
  );
});

const glucose = fc.oneof(
  { weight: 9, arbitrary: fc.double({ min: 20, max: 600, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(54, 63, 70, 140, 180, 250) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const series = fc.array(glucose, { minLength: 1, maxLength: 300 });

test('TBR<70 + TIR + TAR>180 = 100 %, and the five-band split sums to 100 %', () => {
  fc.assert(
    fc.property(series, (values) => {
      const m = glucoseMetrics(values, { intervalMinutes: 5 });
      fc.pre(m.readingCount > 0);
      const t = m.timeInRangesPercent;
      close(t.tbr + t.tir + t.tar, 100, 1e-9, 'three bands');
      close(t.tbrLevel2 + t.tbrLevel1 + t.tir + t.tarLevel1 + t.tarLevel2, 100, 1e-9, 'five');
      assert.ok(m.lbgi >= 0 && m.hbgi >= 0);
    }),
  );
});

test('glucoseRanges gives the same count, mean and time in ranges as glucoseMetrics', () => {
  fc.assert(
    fc.property(series, (values) => {
      const full = glucoseMetrics(values, { intervalMinutes: 5 });
      const light = glucoseRanges(values);
      assert.equal(light.readingCount, full.readingCount);
      assert.deepEqual(
        [light.meanMgdl, light.timeInRangesPercent],
        [full.meanMgdl, full.timeInRangesPercent],
      );
    }),
  );
});

test('metrics do not depend on the order of the readings', () => {
  fc.assert(
    fc.property(
      series.chain((values) =>
        fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length })),
      ),
      ([values, shuffled]) => {
        const a = glucoseMetrics(values, { intervalMinutes: 5 });
        const b = glucoseMetrics(shuffled, { intervalMinutes: 5 });
        assert.equal(a.readingCount, b.readingCount);
        fc.pre(a.readingCount > 1);
        for (const key of ['meanMgdl', 'sdMgdl', 'gmiPercent', 'lbgi', 'hbgi'] as const) {
          close(b[key], a[key], 1e-9 * Math.max(1, Math.abs(a[key])), key);
        }
        assert.deepEqual(a.timeInRangesPercent, b.timeInRangesPercent);
      },
    ),
  );
});

test('adding 0 to every value changes nothing; adding missing readings changes only coverage', () => {
  fc.assert(
    fc.property(series, fc.integer({ min: 1, max: 50 }), (values, gaps) => {
      const a = glucoseMetrics(values, { intervalMinutes: 5 });
      assert.deepEqual(
        glucoseMetrics(
          values.map((v) => v + 0),
          { intervalMinutes: 5 },
        ),
        a,
      );
      const padded = [...values, ...Array.from({ length: gaps }, () => Number.NaN)];
      const b = glucoseMetrics(padded, { intervalMinutes: 5 });
      assert.deepEqual(
        { ...b, expectedReadingCount: 0, coveragePercent: 0, durationMinutes: 0 },
        { ...a, expectedReadingCount: 0, coveragePercent: 0, durationMinutes: 0 },
      );
      close(b.coveragePercent, (100 * a.readingCount) / padded.length, 1e-9, 'coverage');
    }),
  );
});

test('no reading present: counts are 0 and statistics NaN', () => {
  const m = glucoseMetrics([Number.NaN, Number.NaN], { intervalMinutes: 5 });
  assert.equal(m.readingCount, 0);
  assert.equal(m.coveragePercent, 0);
  assert.ok(Number.isNaN(m.meanMgdl) && Number.isNaN(m.timeInRangesPercent.tir));
  assert.ok(Number.isNaN(m.lbgi));
  assert.ok(Number.isNaN(glucoseMetrics([100], { intervalMinutes: 5 }).sdMgdl));
});

test('a plasma glucose of 0 (an emptied plasma) is counted, its risk that of 1 mg/dL', () => {
  // ln BG is negative below 1 mg/dL, where Kovatchev's power has no real value.
  const floor = 10 * (1.509 * 5.381) ** 2;
  for (const glucose of [0, 0.5, 1]) close(bgRisk(glucose), floor, 1e-9, `r(${glucose})`);
  assert.ok(bgRisk(1.5) < floor);
  const m = glucoseMetrics([0, 100], { intervalMinutes: 5 });
  assert.equal(m.timeInRangesPercent.tbrLevel2, 50);
  close(m.lbgi, (floor + bgRisk(100)) / 2, 1e-9, 'LBGI');
});

test('bad input is refused with the field or the index and the value', () => {
  assert.throws(
    () => glucoseMetrics([100], { intervalMinutes: 0 }),
    /intervalMinutes = 0: Too small/,
  );
  assert.throws(() => glucoseMetrics([100, -5], { intervalMinutes: 5 }), /values\[1\] = -5/);
  assert.throws(() => glucoseMetrics([Infinity], { intervalMinutes: 5 }), /values\[0\] = Infinity/);
});
