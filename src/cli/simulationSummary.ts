// The concise summary `csii simulate` prints: time in ranges, mean glucose, GMI, CV, events, the
// diary's counts and insulin per day, on plasma glucose and on CGM.
import { diaryCountsText } from '../report/diary.ts';
import type { GlucoseSummary, SimulationResult } from '../sim/result.ts';

const RANGE_ROWS: readonly [keyof GlucoseSummary['timeInRangesPercent'], string, string][] = [
  ['inRange', 'Time in range 70–180', '> 70 %'],
  ['low', 'Below 70', '< 4 %'],
  ['veryLow', 'Below 54', '< 1 %'],
  ['high', 'Above 180', '< 25 %'],
  ['veryHigh', 'Above 250', '< 5 %'],
];

const column = (text: string) => text.padStart(9);
const percent = (value: number) => `${value.toFixed(1)} %`;

export function formatSimulationSummary(r: SimulationResult): string {
  const { plasma, cgm } = r.summary;
  const both = (f: (g: GlucoseSummary) => string) =>
    `${column(f(plasma))}${cgm === null ? '' : column(f(cgm))}`;
  const lines = [
    `${r.name}: ${r.patient.name} (${r.patient.model}), ${r.therapy.description}, ${r.therapy.insulin}, ${r.durationDays} days from ${r.startLocal}, seed ${r.seed}`,
    '',
    `${''.padEnd(24)}${column('plasma')}${cgm === null ? '' : column('CGM')}   target`,
    ...RANGE_ROWS.map(
      ([key, label, target]) =>
        `${label.padEnd(24)}${both((g) => percent(g.timeInRangesPercent[key] ?? 0))}   ${target}`,
    ),
    `${'Mean glucose (mg/dL)'.padEnd(24)}${both((g) => g.meanMgdl.toFixed(0))}`,
    `${'GMI'.padEnd(24)}${both((g) => percent(g.gmiPercent))}`,
    `${'CV'.padEnd(24)}${both((g) => percent(g.cvPercent))}   ≤ 36 %`,
    '',
    `Events: ${r.definitions.map((d) => `${d.label} ${r.summary.eventCounts[d.id] ?? 0}`).join('; ')}`,
    ...faultLines(r),
    ...(r.log.length === 0 ? [] : [`Diary over ${r.durationDays} days: ${diaryCountsText(r)}`]),
    `Insulin ${r.summary.insulinUnitsPerDay.total.toFixed(1)} U/day (basal ${r.summary.insulinUnitsPerDay.basal.toFixed(1)}, bolus ${r.summary.insulinUnitsPerDay.bolus.toFixed(1)}); carbohydrate ${r.summary.carbsGramsPerDay.toFixed(0)} g/day`,
  ];
  return lines.join('\n');
}

function faultLines(r: SimulationResult): string[] {
  const hours = (from: number, at: number | null) =>
    at === null ? 'never' : `after ${((at - from) / 60).toFixed(1)} h`;
  return r.faults.records.map(
    (f) =>
      `Fault: ${f.kind} (${f.origin}) at minute ${f.atMinutes}: noticed ${hours(f.atMinutes, f.detectedAtMinutes)}${f.detectedBy === null ? '' : ` by ${f.detectedBy}`}, resolved ${hours(f.atMinutes, f.resolvedAtMinutes)}`,
  );
}
