// The chart sections: empty containers the page script fills with uPlot charts, with captions
// that say in words what each chart shows (for screen readers and for print).
import type { SimulationResult } from '../sim/result.ts';
import { AGP_MINIMUM_DAYS } from '../outcomes/agp.ts';
import type { EventKind } from './eventCatalogue.ts';
import { escapeHtml } from './html.ts';
import { formatNumber, NBSP } from './format.ts';
import { CHART_COLOURS } from './palette.ts';
import { KETOACIDOSIS_BOHB_MMOL_L } from './chartData.ts';
import { DIARY_MARKS } from './diary.ts';

interface FigureOptions {
  readonly chart: string;
  readonly title: string;
  readonly caption: string;
  /** Colour of the chart's main series: the browser test looks for it on the canvas. */
  readonly primaryColour: string;
  readonly size?: 'tall' | 'medium' | 'short';
}

function figure(o: FigureOptions): string {
  return `<figure class="chart-figure" aria-labelledby="cap-${o.chart}">
<figcaption id="cap-${o.chart}"><span class="figure-title">${escapeHtml(o.title)}</span> <span class="figure-caption">${escapeHtml(o.caption)}</span></figcaption>
<div class="chart chart-${o.size ?? 'medium'}" id="chart-${o.chart}" data-chart="${o.chart}" data-primary-colour="${o.primaryColour}"></div>
</figure>`;
}

export function renderAgpSection(result: SimulationResult): string {
  const agp = result.agp;
  const source = agp.source === 'cgm' ? 'CGM' : 'plasma glucose';
  const warning = agp.fewerThan14Days
    ? `<p class="notice" role="note"><strong>Fewer than ${AGP_MINIMUM_DAYS} days of data</strong> (${formatNumber(agp.days, 1)} days): the international consensus asks for at least ${AGP_MINIMUM_DAYS} days with at least 70${NBSP}% of possible readings, so read this profile with caution.</p>`
    : '';
  return `<section id="agp" class="report-section" aria-labelledby="h-agp">
<h2 id="h-agp">Ambulatory glucose profile</h2>
<p class="section-note">All ${formatNumber(agp.days, agp.days % 1 === 0 ? 0 : 1)} days overlaid by time of day, from ${source} in ${formatNumber(agp.binMinutes, 0)}-minute bins.</p>
${warning}
${figure({
  chart: 'agp',
  title: 'AGP.',
  caption: `Median (dark line), 25–75th percentiles (dark band) and 5–95th percentiles (light band) of ${source} by time of day; green lines at 70 and 180 mg/dL mark the target range.`,
  primaryColour: CHART_COLOURS.agpMedian,
  size: 'tall',
})}
</section>`;
}

/** "red: meal bolus forgotten, …", the diary marks' colours in words. */
function diaryMarkLegend(): string {
  return Object.values(DIARY_MARKS)
    .map((mark) => `${mark.colourName} ${mark.label}`)
    .join(', ');
}

function eventLegend(kinds: readonly EventKind[]): string {
  if (kinds.length === 0) return '';
  const items = kinds.map(
    (k) =>
      `<li><span class="swatch" style="background:${k.colour}" aria-hidden="true"></span>${escapeHtml(k.label)}</li>`,
  );
  return `<ul class="event-legend" aria-label="Shaded clinical events">${items.join('')}</ul>`;
}

export function renderTraceSection(kinds: readonly EventKind[], slowMeals = false): string {
  const slow = slowMeals
    ? ' Slow meals (rich in fat and protein: their carbohydrate reaches the gut over hours) in green.'
    : '';
  const figures = [
    figure({
      chart: 'glucose',
      title: 'Glucose.',
      caption: `Plasma glucose (line) and CGM readings (points), mg/dL on the left and mmol/L on the right; the green band is 70–180 mg/dL; clinical events are shaded and marked in the strip at the top, coloured by definition. Triangles along the bottom mark the diary (below): ${diaryMarkLegend()}.`,
      primaryColour: CHART_COLOURS.plasma,
      size: 'tall',
    }),
    figure({
      chart: 'insulin',
      title: 'Insulin.',
      caption:
        'Basal insulin delivered, as the mean rate over the previous hour (U/h, left axis), and boluses (U, bars, right axis).',
      primaryColour: CHART_COLOURS.basal,
    }),
    figure({
      chart: 'carbs',
      title: 'Carbohydrate.',
      caption: `Carbohydrate eaten (g).${slow}`,
      primaryColour: CHART_COLOURS.carbs,
      size: 'short',
    }),
    figure({
      chart: 'bohb',
      title: 'Ketones.',
      caption: `Plasma 3-hydroxybutyrate (BOHB, mmol/L); the dashed red line is the ketoacidosis threshold of ${KETOACIDOSIS_BOHB_MMOL_L.toFixed(1)} mmol/L.`,
      primaryColour: CHART_COLOURS.bohb,
    }),
  ];
  return `<section id="traces" class="report-section" aria-labelledby="h-traces">
<h2 id="h-traces">Day-by-day traces</h2>
<p class="section-note screen-only">Local time. Drag across a chart to zoom, double-click to show all days again; the four charts share the cursor and the zoom.</p>
${eventLegend(kinds)}
<div class="trace-stack">${figures.join('\n')}</div>
</section>`;
}
