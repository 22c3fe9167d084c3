// The report's header: what was simulated, for whom, with which therapy, when, and the seed that
// reproduces it.
import type { SimulationResult } from '../sim/result.ts';
import { mgdl, mgdlToMmolL } from '../units/index.ts';
import { escapeHtml } from './html.ts';
import { formatNumber, formatWithUnit } from './format.ts';
import { localDateTime, type LocalClock } from './localTime.ts';

/** A row of a key–value list: the label (text) and the value (already HTML). */
export type KeyValueRow = readonly [label: string, valueHtml: string];

export function keyValueList(rows: readonly KeyValueRow[], className = 'kv'): string {
  const items = rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`);
  return `<dl class="${className}">${items.join('')}</dl>`;
}

function metaBlock(id: string, title: string, rows: readonly KeyValueRow[]): string {
  return `<section class="meta-block" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${keyValueList(rows)}</section>`;
}

function patientRows(patient: SimulationResult['patient']): KeyValueRow[] {
  const cfMmol = mgdlToMmolL(mgdl(patient.correctionFactorMgdlPerUnit));
  const perKg = patient.totalDailyDoseUnits / patient.bodyWeightKg;
  return [
    ['Name', escapeHtml(patient.name)],
    ['Model', escapeHtml(patient.model)],
    ['Body weight', formatWithUnit(patient.bodyWeightKg, 1, 'kg')],
    [
      'Basal rate',
      formatWithUnit(patient.basalUnitsPerHour, 2, 'U/h') +
        (patient.dawnPhenomenon === null
          ? ''
          : ' <span class="muted">(outside the dawn rise)</span>'),
    ],
    ['Dawn phenomenon', dawnText(patient.dawnPhenomenon)],
    ['Carb ratio', formatWithUnit(patient.carbRatioGramsPerUnit, 1, 'g/U')],
    [
      'Correction factor',
      `${formatWithUnit(patient.correctionFactorMgdlPerUnit, 0, 'mg/dL/U')} <span class="muted">(${formatWithUnit(cfMmol, 1, 'mmol/L/U')})</span>`,
    ],
    [
      'Total daily dose',
      `${formatWithUnit(patient.totalDailyDoseUnits, 1, 'U')} <span class="muted">(${formatWithUnit(perKg, 2, 'U/kg')})</span>`,
    ],
  ];
}

function dawnText(dawn: SimulationResult['patient']['dawnPhenomenon']): string {
  if (dawn === null) return 'none';
  const rise = formatWithUnit(dawn.peakIncreasePercent, 1, '%');
  return `insulin need +${rise} at ${dawn.peak} <span class="muted">(from ${dawn.onset} to ${dawn.end})</span>`;
}

/** The basal programme in a line: the pump's rates from their start times, or the pen doses. */
function basalText(basal: SimulationResult['therapy']['basal']): string {
  if (basal.kind === 'injections') {
    const doses = basal.doses.map((d) => `${formatWithUnit(d.units, 1, 'U')} at ${d.time}`);
    return `${escapeHtml(basal.insulin)} ${doses.join(', ')}`;
  }
  if (basal.segments.length === 1) {
    return `${formatWithUnit(basal.segments[0]!.unitsPerHour, 3, 'U/h')} all day`;
  }
  // A no-break space keeps each start time beside its rate.
  const segments = basal.segments.map((s) => `${s.start}\u00a0${formatNumber(s.unitsPerHour, 3)}`);
  return `${segments.join(' · ')} U/h <span class="muted">(${escapeHtml(basal.pattern)})</span>`;
}

function simulationRows(result: SimulationResult, clock: LocalClock): KeyValueRow[] {
  const endMinutes = result.durationDays * 1440;
  return [
    ['Start', `${localDateTime(clock, 0)} <span class="muted">${clock.offsetLabel}</span>`],
    ['End', `${localDateTime(clock, endMinutes)} <span class="muted">${clock.offsetLabel}</span>`],
    [
      'Duration',
      formatWithUnit(result.durationDays, result.durationDays % 1 === 0 ? 0 : 2, 'days'),
    ],
    ['Trace interval', formatWithUnit(result.trace.intervalMinutes, 0, 'min')],
    ['Seed', `<code>${escapeHtml(String(result.seed))}</code>`],
    ['Result schema', `version ${formatNumber(result.schemaVersion, 0)}`],
  ];
}

export function renderHeader(result: SimulationResult, clock: LocalClock): string {
  const endMinutes = result.durationDays * 1440;
  const therapy: KeyValueRow[] = [
    ['Therapy', escapeHtml(result.therapy.kind)],
    ['Description', escapeHtml(result.therapy.description)],
    ['Insulin', escapeHtml(result.therapy.insulin)],
    ['Basal', basalText(result.therapy.basal)],
  ];
  return `<header class="report-header">
<p class="banner">Simulated data from a virtual patient &middot; research and education only &middot; not for treatment decisions</p>
<div class="title-row">
<div><p class="eyebrow">OpenCSII &middot; simulation report</p><h1 id="report-title">${escapeHtml(result.name)}</h1>
<p class="subtitle">${escapeHtml(result.patient.name)} &middot; ${formatNumber(result.durationDays, result.durationDays % 1 === 0 ? 0 : 2)} days, ${localDateTime(clock, 0)} to ${localDateTime(clock, endMinutes)} (${clock.offsetLabel})</p></div>
<p class="seed-badge">Seed <code>${escapeHtml(String(result.seed))}</code></p>
</div>
<div class="header-grid">
${metaBlock('h-patient', 'Patient', patientRows(result.patient))}
${metaBlock('h-therapy', 'Therapy', therapy)}
${metaBlock('h-simulation', 'Simulation', simulationRows(result, clock))}
</div>
</header>`;
}
