// The summary panel: per glucose source (plasma, and CGM when the result has it) the time in
// ranges and the consensus metrics; then insulin, carbohydrate and event counts.
import type { GlucoseSummary, SimulationResult } from '../sim/result.ts';
import { CV_TARGET_PERCENT_MAX, GLUCOSE_RANGES } from '../outcomes/ranges.ts';
import { mgdl, mgdlToMmolL } from '../units/index.ts';
import type { EventKind } from './eventCatalogue.ts';
import { escapeHtml } from './html.ts';
import { formatNumber, formatPercent, formatWithUnit, NBSP } from './format.ts';
import { renderTimeInRanges } from './timeInRanges.ts';

function metric(label: string, valueHtml: string, noteHtml = ''): string {
  const note = noteHtml === '' ? '' : `<span class="metric-note">${noteHtml}</span>`;
  return `<div class="metric"><dt>${escapeHtml(label)}</dt><dd><span class="metric-value">${valueHtml}</span>${note}</dd></div>`;
}

function valueUnit(value: number, digits: number, unit: string): string {
  const text = formatNumber(value, digits);
  return text === '–' ? text : `${text}<span class="unit">${NBSP}${unit}</span>`;
}

function cvNote(cvPercent: number): string {
  if (!Number.isFinite(cvPercent)) return `target ≤${NBSP}${CV_TARGET_PERCENT_MAX}${NBSP}%`;
  const stable = cvPercent <= CV_TARGET_PERCENT_MAX;
  const status = stable
    ? '<span class="status status-ok">&#10003;<span class="sr-only"> stable</span></span>'
    : '<span class="status status-bad">&#10007;<span class="sr-only"> unstable</span></span>';
  return `${status} target ≤${NBSP}${CV_TARGET_PERCENT_MAX}${NBSP}%`;
}

function metrics(summary: GlucoseSummary): string {
  const mmol = (valueMgdl: number) => formatWithUnit(mgdlToMmolL(mgdl(valueMgdl)), 1, 'mmol/L');
  const tight = summary.timeInRangesPercent['tight'] ?? Number.NaN;
  const tightRange = GLUCOSE_RANGES.titr;
  return `<dl class="metrics">
${metric('Mean glucose', valueUnit(summary.meanMgdl, 0, 'mg/dL'), mmol(summary.meanMgdl))}
${metric('GMI', valueUnit(summary.gmiPercent, 1, '%'), `eA1c ${formatPercent(summary.ea1cPercent)}`)}
${metric('CV', valueUnit(summary.cvPercent, 1, '%'), cvNote(summary.cvPercent))}
${metric('SD', valueUnit(summary.sdMgdl, 0, 'mg/dL'), mmol(summary.sdMgdl))}
${metric(`Time ${tightRange.lowMgdl}–${tightRange.highMgdl}`, valueUnit(tight, 1, '%'), 'tight range')}
${metric('LBGI', formatNumber(summary.lbgi, 1), 'low glucose index')}
${metric('HBGI', formatNumber(summary.hbgi, 1), 'high glucose index')}
${metric('Coverage', valueUnit(summary.coveragePercent, 1, '%'), `${formatNumber(summary.readingCount, 0)} readings`)}
</dl>`;
}

function glucoseCard(options: {
  id: string;
  title: string;
  note: string;
  summary: GlucoseSummary;
}) {
  const { id, title, note, summary } = options;
  return `<article class="card glucose-card" data-source="${id}" aria-labelledby="h-${id}">
<header class="card-head"><h3 id="h-${id}">${escapeHtml(title)}</h3><p class="card-note">${escapeHtml(note)}</p></header>
${renderTimeInRanges(summary.timeInRangesPercent, title)}
${metrics(summary)}
</article>`;
}

/** Basal and bolus shares of the insulin delivered, as a bar. */
function splitBar(basalUnits: number, bolusUnits: number): string {
  const total = basalUnits + bolusUnits;
  if (!(total > 0)) return '';
  const basal = (100 * basalUnits) / total;
  const label = `Basal ${formatPercent(basal, 0)}, bolus ${formatPercent(100 - basal, 0)} of insulin delivered`;
  return `<div class="split-bar" role="img" aria-label="${label}"><span class="split-basal" style="width:${basal.toFixed(4)}%">Basal ${formatPercent(basal, 0)}</span><span class="split-bolus" style="width:${(100 - basal).toFixed(4)}%">Bolus ${formatPercent(100 - basal, 0)}</span></div>`;
}

function insulinCard(result: SimulationResult): string {
  const perDay = result.summary.insulinUnitsPerDay;
  const share = (part: number) => formatPercent((100 * part) / perDay.total, 0);
  const perKg = perDay.total / result.patient.bodyWeightKg;
  return `<article class="card" aria-labelledby="h-insulin">
<header class="card-head"><h3 id="h-insulin">Insulin and carbohydrate</h3><p class="card-note">mean per day</p></header>
<dl class="metrics">
${metric('Total insulin', valueUnit(perDay.total, 1, 'U'), formatWithUnit(perKg, 2, 'U/kg'))}
${metric('Basal', valueUnit(perDay.basal, 1, 'U'), `${share(perDay.basal)} of total`)}
${metric('Bolus', valueUnit(perDay.bolus, 1, 'U'), `${share(perDay.bolus)} of total`)}
${metric('Carbohydrate', valueUnit(result.summary.carbsGramsPerDay, 0, 'g'), 'eaten')}
</dl>
${splitBar(perDay.basal, perDay.bolus)}
</article>`;
}

function eventsCard(result: SimulationResult, kinds: readonly EventKind[]): string {
  const counts = result.summary.eventCounts;
  const rows = kinds.map((kind) => {
    const count = counts[kind.id] ?? 0;
    return `<tr><th scope="row"><span class="swatch" style="background:${kind.colour}" aria-hidden="true"></span>${escapeHtml(kind.label)}</th><td class="num">${formatNumber(count, 0)}</td></tr>`;
  });
  const body =
    rows.length > 0 ? rows.join('') : '<tr><td colspan="2">No event definitions</td></tr>';
  return `<article class="card" aria-labelledby="h-event-counts">
<header class="card-head"><h3 id="h-event-counts">Clinical events</h3><p class="card-note">count over ${formatNumber(result.durationDays, 0)} days; definitions below</p></header>
<table class="count-table"><caption class="sr-only">Clinical event counts</caption><thead><tr><th scope="col">Event</th><th scope="col" class="num">Count</th></tr></thead><tbody>${body}</tbody></table>
</article>`;
}

export function renderSummaryPanel(result: SimulationResult, kinds: readonly EventKind[]): string {
  const plasma = glucoseCard({
    id: 'plasma',
    title: 'Plasma glucose',
    note: 'true glucose of the virtual patient',
    summary: result.summary.plasma,
  });
  const cgm =
    result.summary.cgm === null
      ? ''
      : glucoseCard({
          id: 'cgm',
          title: 'CGM glucose',
          note: 'what the sensor reported',
          summary: result.summary.cgm,
        });
  return `<section id="summary" class="report-section" aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<div class="card-grid${cgm === '' ? ' single' : ''}">${plasma}${cgm}</div>
<div class="card-grid">${insulinCard(result)}${eventsCard(result, kinds)}</div>
</section>`;
}
