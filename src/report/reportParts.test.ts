import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeHtml, inlineScriptSource, jsonForScript } from './html.ts';
import { formatDuration, formatNumber } from './format.ts';
import { localDateTime, parseStartLocal } from './localTime.ts';
import { rangeBands, segmentWidthsPercent, targetMet } from './rangeBands.ts';

test('escapeHtml leaves no markup character', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      assert.doesNotMatch(escapeHtml(text), /[<>"']/);
    }),
  );
  assert.equal(escapeHtml('a < b & "c"'), 'a &lt; b &amp; &quot;c&quot;');
});

test('jsonForScript round-trips and never contains < > or &', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = jsonForScript(value);
      assert.doesNotMatch(text, /[<>&]/);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    }),
  );
  assert.equal(JSON.parse(jsonForScript({ name: '</script><!--' })).name, '</script><!--');
});

test('inline script source cannot close its element', () => {
  assert.doesNotMatch(
    inlineScriptSource('var s = "</script>"; var t = "</SCRIPT>";'),
    /<\/script/i,
  );
});

test('bands: low-only and high-only are the cumulative values minus the extremes', () => {
  const bands = rangeBands({ veryLow: 1, low: 4, inRange: 70, high: 26, veryHigh: 6 });
  assert.deepEqual(
    bands.map((b) => [b.key, b.percent]),
    [
      ['veryLow', 1],
      ['low', 3],
      ['inRange', 70],
      ['high', 20],
      ['veryHigh', 6],
    ],
  );
  // Each value sits exactly on its consensus target: none is met (targets are strict).
  assert.deepEqual(
    bands.map((b) => (b.target === undefined ? undefined : targetMet(b.target))),
    [false, false, false, false, false],
  );
  // The cumulative targets are judged on the cumulative values (< 70: 4 %, > 180: 26 %).
  assert.deepEqual(
    bands.map((b) => b.target?.valuePercent),
    [1, 4, 70, 26, 6],
  );
  const good = rangeBands({ veryLow: 0.5, low: 3, inRange: 80, high: 17, veryHigh: 2 });
  assert.deepEqual(
    good.map((b) => (b.target === undefined ? undefined : targetMet(b.target))),
    [true, true, true, true, true],
  );
});

test('segment widths are proportional to the bands and sum to 100', () => {
  const band = fc.double({ min: 0, max: 100, noNaN: true });
  fc.assert(
    fc.property(fc.tuple(band, band, band, band, band), ([vl, l, ir, h, vh]) => {
      fc.pre(vl + l + ir + h + vh > 1e-6);
      const times = { veryLow: vl, low: vl + l, inRange: ir, high: h + vh, veryHigh: vh };
      const widths = segmentWidthsPercent(rangeBands(times));
      assert.ok(widths !== null);
      const total = widths.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 100) < 1e-9);
      const sum = vl + l + ir + h + vh;
      [vl, l, ir, h, vh].forEach((v, i) => {
        assert.ok(Math.abs((widths[i] ?? NaN) - (100 * v) / sum) < 1e-6);
      });
    }),
  );
  assert.equal(segmentWidthsPercent(rangeBands({})), null);
});

test('local time: offsets, day and month roll-over, and the offset label', () => {
  const clock = parseStartLocal('2026-01-31T23:00:00+01:00');
  assert.equal(clock.offsetLabel, 'UTC+01:00');
  assert.equal(localDateTime(clock, 0), '2026-01-31 23:00');
  assert.equal(localDateTime(clock, 60), '2026-02-01 00:00');
  assert.equal(localDateTime(clock, 29 * 1440), '2026-03-01 23:00');
  assert.equal(parseStartLocal('2026-01-05T00:00:00Z').offsetLabel, 'UTC');
  assert.throws(() => parseStartLocal('2026-13-01T00:00:00Z'), /startLocal/);
  assert.throws(() => parseStartLocal('2026-01-05 00:00'), /startLocal/);
});

test('numbers and durations are formatted without locale and without -0', () => {
  assert.equal(formatNumber(-0.04, 1), '0.0');
  assert.equal(formatNumber(Number.NaN, 1), '–');
  assert.equal(formatNumber(1234.567, 1), '1234.6');
  assert.equal(formatDuration(45), '45\u00a0min');
  assert.equal(formatDuration(125), '2\u00a0h 05\u00a0min');
  assert.equal(formatDuration(1440 + 61), '1\u00a0d 1\u00a0h 01\u00a0min');
});
