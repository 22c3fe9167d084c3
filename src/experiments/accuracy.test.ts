import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACCURACY_PLAN, accuracyExperiment, runAccuracy, type AccuracyData } from './accuracy.ts';
import { recordBasalDelivery } from './basalRecord.ts';
import { trumpetCurve } from './trumpet.ts';

test('trumpet of a hand-made record: one 50 mU pulse every 30 min at 100 mU/h', () => {
  const record = new Float64Array(240);
  for (let i = 29; i < 240; i += 30) record[i] = 50;
  const [two, thirty, sixty] = trumpetCurve(record, {
    rateMilliunitsPerHour: 100,
    fromMinute: 0,
    toMinute: 240,
    windowsMinutes: [2, 30, 60],
  });
  // 2 min are programmed 100/30 mU: a window holds no pulse or one.
  assert.ok(Math.abs((two?.maxDeviationPercent ?? 0) - 100 * (50 / (100 / 30) - 1)) < 1e-9);
  assert.equal(two?.minDeviationPercent, -100);
  assert.equal(two?.windowCount, 239);
  // Every 30- and 60-min window holds exactly one and two pulses: no deviation.
  assert.ok(Math.abs(thirty?.maxDeviationPercent ?? 1) < 1e-9);
  assert.ok(Math.abs(sixty?.minDeviationPercent ?? 1) < 1e-9);
  assert.throws(
    () =>
      trumpetCurve(record, {
        rateMilliunitsPerHour: 100,
        fromMinute: 0,
        toMinute: 240,
        windowsMinutes: [300],
      }),
    /observation window 300 min/,
  );
});

const data = runAccuracy(ACCURACY_PLAN);

test('over 24 h every run delivers the programmed insulin to within one pulse, never more', () => {
  assert.equal(data.cases.length, 16);
  for (const c of data.cases) {
    // Whole pulses of the programmed amount, worked out here in integer milliunits.
    const pulseMilliunits = Math.round(c.pulseSizeUnits * 1000);
    const programmedMilliunits = Math.round(c.basalUnitsPerHour * 1000) * 24;
    const expected = Math.floor(programmedMilliunits / pulseMilliunits) * pulseMilliunits;
    assert.equal(Math.round(c.deliveredUnits * 1000), expected, JSON.stringify(c));
    assert.ok(c.errorPulses > -1 && c.errorPulses <= 0, `${c.errorPulses} pulses`);
  }
  assert.ok(
    data.cases.some((c) => c.errorPulses < 0),
    'some rate is not whole pulses a day',
  );
});

test('short windows at low rates deviate by a pulse over the programmed amount', () => {
  const windows = data.plan.windowsMinutes;
  for (const c of data.cases) {
    for (const [w, windowMinutes] of windows.entries()) {
      const point = c.trumpet[w];
      assert.ok(point !== undefined);
      // A window holds the programmed amount x (in pulses) rounded down or up.
      const x = (c.basalUnitsPerHour * windowMinutes) / 60 / c.pulseSizeUnits;
      const spread = 100 / x;
      assert.ok(point.maxDeviationPercent - point.minDeviationPercent <= spread + 1e-6);
      assert.ok(
        point.maxDeviationPercent <= spread + 1e-6 && point.minDeviationPercent >= -spread - 1e-6,
      );
      if (x < 1) {
        // Less than a pulse programmed: a window holds nothing or one pulse.
        assert.ok(
          Math.abs(point.maxDeviationPercent - 100 * (1 / x - 1)) < 1e-6,
          `${JSON.stringify(c.pulseSizeUnits)} ${windowMinutes}`,
        );
        assert.equal(point.minDeviationPercent, -100);
      }
    }
  }
  const low = data.cases.find((c) => c.basalUnitsPerHour === 0.1 && c.pulseSizeUnits === 0.05);
  assert.ok(
    Math.abs((low?.trumpet[0]?.maxDeviationPercent ?? 0) - 1400) < 1e-6,
    '0.05 U in 0.0033 U',
  );
});

test('deviations shrink as the windows grow', () => {
  for (const c of data.cases) {
    const largest = (w: number) => {
      const p = c.trumpet[w];
      return Math.max(Math.abs(p?.maxDeviationPercent ?? 0), Math.abs(p?.minDeviationPercent ?? 0));
    };
    const last = c.trumpet.length - 1;
    assert.ok(largest(last) < largest(0), `${c.pulseSizeUnits} U at ${c.basalUnitsPerHour} U/h`);
    assert.ok(largest(last) <= 10, 'a 4 h window is within 10 %');
  }
});

test('any rate and pulse size: the 24 h total is short of the programmed amount by under a pulse', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 5, max: 300 }).map((n) => n / 100),
      fc.constantFrom(0.01, 0.025, 0.05, 0.1),
      (basalUnitsPerHour, pulseSizeUnits) => {
        const r = recordBasalDelivery({ basalUnitsPerHour, pulseSizeUnits, durationMinutes: 1440 });
        const shortfall = r.totalProgrammedMilliunits - r.totalDeliveredMilliunits;
        assert.ok(shortfall >= 0 && shortfall < r.pulseMilliunits, `${shortfall} mU`);
      },
    ),
    { numRuns: 25 },
  );
});

test('the experiment result: a totals table, a trumpet table and a figure per rate', () => {
  const result = accuracyExperiment.run({});
  const d = result.data as AccuracyData;
  assert.equal(result.tables.length, 1 + d.plan.ratesUnitsPerHour.length);
  assert.equal(result.figures.length, d.plan.ratesUnitsPerHour.length);
  for (const figure of result.figures) {
    assert.deepEqual(figure.x, d.plan.windowsMinutes);
    assert.equal(figure.series.length, 2 * d.plan.pulseSizesUnits.length);
  }
  for (const table of result.tables)
    for (const row of table.rows) assert.equal(row.length, table.columns.length, table.title);
});
