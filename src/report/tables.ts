// The tables: one row per day, one row per clinical event, and the text of every event
// definition, so each number in the report can be traced to what was counted.
import type { DaySummary, SimulationResult } from '../sim/result.ts';
import { GLUCOSE_RANGES } from '../outcomes/ranges.ts';
import { mgdl, mgdlToMmolL } from '../units/index.ts';
import type { EventKind } from './eventCatalogue.ts';
import { escapeHtml } from './html.ts';
import { formatDuration, formatNumber, formatWithUnit } from './format.ts';
import { localDateTime, type LocalClock } from './localTime.ts';

function headerRow(labels: readonly string[], numericFrom: number): string {
  const cells = labels.map(
    (label, i) => `<th scope="col"${i >= numericFrom ? ' class="num"' : ''}>${label}</th>`,
  );
  return `<thead><tr>${cells.join('')}</tr></thead>`;
}

/** A percentage cell, flagged when it misses the consensus target for a day. */
function percentCell(value: number, missesTarget: boolean): string {
  return `<td class="num${missesTarget ? ' flag' : ''}">${formatNumber(value, 1)}</td>`;
}

function dayRow(day: DaySummary): string {
  const R = GLUCOSE_RANGES;
  const numbers = [
    `<td class="num">${formatNumber(day.meanGlucoseMgdl, 0)}</td>`,
    percentCell(day.timeInRangePercent, day.timeInRangePercent <= R.tir.target.percent),
    percentCell(day.timeBelow70Percent, day.timeBelow70Percent >= R.tbr.target.percent),
    percentCell(day.timeBelow54Percent, day.timeBelow54Percent >= R.tbrLevel2.target.percent),
    percentCell(day.timeAbove180Percent, day.timeAbove180Percent >= R.tar.target.percent),
    percentCell(day.timeAbove250Percent, day.timeAbove250Percent >= R.tarLevel2.target.percent),
    `<td class="num">${formatNumber(day.basalUnits, 1)}</td>`,
    `<td class="num">${formatNumber(day.bolusUnits, 1)}</td>`,
    `<td class="num">${formatNumber(day.basalUnits + day.bolusUnits, 1)}</td>`,
    `<td class="num">${formatNumber(day.carbsGrams, 0)}</td>`,
    `<td class="num">${formatNumber(day.hypoEvents, 0)}</td>`,
    `<td class="num">${formatNumber(day.hyperEvents, 0)}</td>`,
  ];
  return `<tr><td class="num">${formatNumber(day.day, 0)}</td><td>${escapeHtml(day.date)}</td>${numbers.join('')}</tr>`;
}

export function renderDailyTable(result: SimulationResult): string {
  const labels = [
    'Day',
    'Date',
    'Mean<br>mg/dL',
    'TIR<br>%',
    '&lt;70<br>%',
    '&lt;54<br>%',
    '&gt;180<br>%',
    '&gt;250<br>%',
    'Basal<br>U',
    'Bolus<br>U',
    'Total<br>U',
    'Carbs<br>g',
    'Hypo<br>events',
    'Hyper<br>events',
  ];
  const rows = result.days.map(dayRow).join('');
  return `<section id="daily" class="report-section" aria-labelledby="h-daily">
<h2 id="h-daily">Daily totals</h2>
<p class="section-note">Glucose percentages from the plasma trace; shaded cells miss the consensus target (TIR &gt;70 %, &lt;70 &lt;4 %, &lt;54 &lt;1 %, &gt;180 &lt;25 %, &gt;250 &lt;5 %).</p>
<div class="table-wrap"><table class="data-table" id="daily-table"><caption class="sr-only">Daily totals, one row per day</caption>
${headerRow(labels, 2)}
<tbody>${rows}</tbody></table></div>
</section>`;
}

function extremeText(value: number, unit: 'mg/dL' | 'mmol/L'): string {
  if (unit === 'mmol/L') return formatWithUnit(value, 2, 'mmol/L');
  const mmol = mgdlToMmolL(mgdl(value));
  return `${formatWithUnit(value, 0, 'mg/dL')} <span class="muted">(${formatWithUnit(mmol, 1, 'mmol/L')})</span>`;
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function renderEventsTable(
  result: SimulationResult,
  options: { clock: LocalClock; kinds: ReadonlyMap<string, EventKind> },
): string {
  const events = [...result.events].sort(
    (a, b) => a.startMinutes - b.startMinutes || compareText(a.definitionId, b.definitionId),
  );
  const rows = events.map((event, i) => {
    const kind = options.kinds.get(event.definitionId);
    const swatch = `<span class="swatch" style="background:${kind?.colour ?? '#6b7280'}" aria-hidden="true"></span>`;
    return `<tr><td class="num">${i + 1}</td><td>${swatch}${escapeHtml(kind?.label ?? event.definitionId)}</td><td>${localDateTime(options.clock, event.startMinutes)}</td><td>${localDateTime(options.clock, event.endMinutes)}</td><td class="num">${formatDuration(event.durationMinutes)}</td><td class="num">${extremeText(event.extremeValue, event.unit)}</td></tr>`;
  });
  const body =
    events.length === 0
      ? '<p class="empty-note">No clinical event was found by any of the definitions below.</p>'
      : `<div class="table-wrap"><table class="data-table" id="events-table"><caption class="sr-only">Clinical events, one row per event</caption>
${headerRow(['#', 'Event', 'Start', 'End', 'Duration', 'Extreme value'], 4)}
<tbody>${rows.join('')}</tbody></table></div>`;
  return `<section id="events" class="report-section" aria-labelledby="h-events">
<h2 id="h-events">Clinical events</h2>
<p class="section-note">Local time. Extreme value: nadir for hypoglycaemia, peak glucose for hyperglycaemia, peak BOHB for ketoacidosis.</p>
${body}
</section>`;
}

/** Faults of the run: when each began, who noticed it and when, when it stopped acting. */
export function renderFaultsTable(result: SimulationResult, clock: LocalClock): string {
  const { records, siteInfections, abscesses, lostUnits } = result.faults;
  const after = (from: number, at: number | null) =>
    at === null ? '—' : formatDuration(at - from);
  const rows = records.map(
    (f, i) =>
      `<tr><td class="num">${i + 1}</td><td>${escapeHtml(f.kind)}</td><td>${escapeHtml(f.origin)}</td><td>${localDateTime(clock, f.atMinutes)}</td><td>${escapeHtml(f.detectedBy ?? 'not noticed')}</td><td class="num">${after(f.atMinutes, f.detectedAtMinutes)}</td><td class="num">${after(f.atMinutes, f.resolvedAtMinutes)}</td></tr>`,
  );
  const alerts = result.detectorAlerts.length;
  const summary = `Insulin that left the pump but never reached the tissue: ${formatWithUnit(lostUnits, 2, 'U')}. Site infections: ${siteInfections} (abscesses: ${abscesses}). Suspected-delivery-failure alerts: ${alerts}.`;
  const body =
    records.length === 0
      ? '<p class="empty-note">No fault occurred in this run.</p>'
      : `<div class="table-wrap"><table class="data-table" id="faults-table"><caption class="sr-only">Faults, one row per fault</caption>
${headerRow(['#', 'Fault', 'Origin', 'Start', 'Noticed by', 'Noticed after', 'Resolved after'], 5)}
<tbody>${rows.join('')}</tbody></table></div>`;
  return `<section id="faults" class="report-section" aria-labelledby="h-faults">
<h2 id="h-faults">Faults</h2>
<p class="section-note">${summary}</p>
${body}
</section>`;
}

export function renderDefinitions(kinds: readonly EventKind[]): string {
  const items = kinds.map((kind) => {
    const text =
      kind.description === null
        ? '<em>The result carries no definition text for this event.</em>'
        : escapeHtml(kind.description);
    return `<div class="definition"><dt><span class="swatch" style="background:${kind.colour}" aria-hidden="true"></span>${escapeHtml(kind.label)} <code>${escapeHtml(kind.id)}</code></dt><dd>${text}</dd></div>`;
  });
  return `<section id="definitions" class="report-section" aria-labelledby="h-definitions">
<h2 id="h-definitions">Event definitions</h2>
<p class="section-note">Every event in this report was found by one of these definitions, applied to the simulated trace.</p>
<dl class="definitions">${items.join('')}</dl>
</section>`;
}
