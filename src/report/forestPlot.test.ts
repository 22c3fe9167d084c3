import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { niceTicks, renderForestSvg } from './forestPlot.ts';
import type { ExperimentForest } from '../experiments/types.ts';

const forest: ExperimentForest = {
  title: 'Severe hypoglycaemia',
  measure: 'events per patient-year',
  rows: [
    { label: 'Pump <arm>', estimate: 0.2, lower: 0.1, upper: 0.4 },
    { label: 'Liège series', estimate: 0.2, lower: Number.NaN, upper: Number.NaN, published: true },
  ],
  reference: { label: 'published rate', value: 0.2 },
};

test('nice ticks: steps of 1, 2, 2.5 or 5 × 10^k covering the range, about five of them', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  fc.assert(
    fc.property(
      fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      (low, span) => {
        const ticks = niceTicks(low, low + span);
        assert.ok(ticks.length >= 2 && ticks.length <= 12, `${ticks.length} ticks`);
        const slack = span * 1e-6 + Math.abs(low) * 1e-12;
        assert.ok(ticks.every((t) => t >= low - slack && t <= low + span + slack));
        const step = ticks[1]! - ticks[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        assert.ok(
          [1, 2, 2.5, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6),
          `step ${step}`,
        );
      },
    ),
  );
});

test('a forest plot draws each row where its value lies, escapes labels and says it in words', () => {
  const svg = renderForestSvg(forest, 'f1');
  assert.ok(svg.includes('Pump &lt;arm&gt;') && !svg.includes('<arm>'));
  // The arm's square and the published diamond share one x; the interval spans 0.1 to 0.4.
  const square = /<rect x="([\d.]+)" y="[\d.]+" width="10"/.exec(svg);
  const diamond = /<path d="M([\d.]+) /.exec(svg);
  const line = /<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="\2" stroke="#1e3a8a"/.exec(svg);
  assert.ok(square !== null && diamond !== null && line !== null);
  const centre = Number(square[1]) + 5;
  assert.ok(Math.abs(centre - (Number(diamond[1]) + 6)) < 0.2);
  const [x01, x04] = [Number(line[1]), Number(line[3])];
  assert.ok(Math.abs((centre - x01) / (x04 - x01) - 1 / 3) < 0.01, 'linear axis');
  assert.match(
    svg,
    /<desc id="f1-desc">Severe hypoglycaemia, events per patient-year\. Pump &lt;arm&gt;: 0\.20 \(0\.10 to 0\.40\); Liège series: 0\.20; reference published rate at 0\.20\.<\/desc>/,
  );
  assert.equal(renderForestSvg(forest, 'f1'), svg, 'the same data give the same bytes');
});
