// The time-in-ranges bar and its table for one glucose source (Battelino 2019, Figure 2: five
// ranges, their colours, their targets). The bar is drawn from very low (left) to very high
// (right); the table lists the same bands in the same order with the consensus targets.
import { escapeHtml } from './html.ts';
import { formatPercent, formatWithUnit, NBSP } from './format.ts';
import { rangeBands, segmentWidthsPercent, targetMet, type RangeBand } from './rangeBands.ts';

/** Segments narrower than this (percent of the bar) carry no label inside; the table has it. */
const LABEL_MIN_WIDTH_PERCENT = 7;

function segment(band: RangeBand, widthPercent: number): string {
  const label = widthPercent >= LABEL_MIN_WIDTH_PERCENT ? formatPercent(band.percent, 0) : '';
  const title = `${band.label} ${band.rangeText} mg/dL: ${formatPercent(band.percent)}`;
  const visible = widthPercent > 0 ? ' tir-nonzero' : '';
  return `<span class="tir-seg tir-${band.key}${visible}" data-band="${band.key}" style="width:${widthPercent.toFixed(4)}%" title="${escapeHtml(title)}">${label}</span>`;
}

function bar(bands: readonly RangeBand[], sourceLabel: string): string {
  const widths = segmentWidthsPercent(bands);
  if (widths === null) {
    return `<div class="tir-bar tir-empty" role="img" aria-label="No ${escapeHtml(sourceLabel)} readings">No readings</div>`;
  }
  const spoken = bands.map((b) => `${b.label} ${b.rangeText} mg/dL ${formatPercent(b.percent)}`);
  const aria = `Time in ranges, ${sourceLabel}: ${spoken.join('; ')}`;
  const segments = bands.map((b, i) => segment(b, widths[i] ?? 0));
  return `<div class="tir-bar" role="img" aria-label="${escapeHtml(aria)}">${segments.join('')}</div>`;
}

function status(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met
    ? '<span class="status status-ok" title="target met">&#10003;<span class="sr-only"> met</span></span>'
    : '<span class="status status-bad" title="target not met">&#10007;<span class="sr-only"> not met</span></span>';
}

function targetCell(band: RangeBand): string {
  const t = band.target;
  if (t === undefined) return '<td></td>';
  const scope =
    t.scope === undefined
      ? ''
      : `<span class="target-scope">${escapeHtml(t.scope)}: ${formatPercent(t.valuePercent)}</span>`;
  return `<td class="target">${escapeHtml(t.comparison)}${NBSP}${formatWithUnit(t.percent, 0, '%')} ${status(targetMet(t))}${scope}</td>`;
}

function table(bands: readonly RangeBand[], sourceLabel: string): string {
  const rows = bands.map(
    (b) =>
      `<tr><th scope="row"><span class="swatch tir-${b.key}" aria-hidden="true"></span>${b.label}</th><td class="range">${escapeHtml(b.rangeText)}</td><td class="num">${formatPercent(b.percent)}</td>${targetCell(b)}</tr>`,
  );
  return `<table class="tir-table"><caption class="sr-only">Time in ranges, ${escapeHtml(sourceLabel)}</caption>
<thead><tr><th scope="col">Range</th><th scope="col">mg/dL</th><th scope="col" class="num">Time</th><th scope="col">Target</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

/** Bar and table of time in ranges; `times` as in GlucoseSummary.timeInRangesPercent. */
export function renderTimeInRanges(
  times: Readonly<Record<string, number>>,
  sourceLabel: string,
): string {
  const bands = rangeBands(times);
  return `<div class="tir" data-source-label="${escapeHtml(sourceLabel)}">${bar(bands, sourceLabel)}${table(bands, sourceLabel)}</div>`;
}
