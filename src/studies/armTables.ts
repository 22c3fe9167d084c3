// The tables and forest-plot rows every study shows for its arms: outcomes per arm, cost by
// item, rates with their confidence intervals, HbA1c with the confidence interval of its mean.
import { COST_ITEMS, type ArmOutcomes, type MeanSd } from '../cohort/index.ts';
import type { ExperimentForest, ExperimentTable } from '../experiments/types.ts';
import type { IncidenceRate } from '../outcomes/incidence.ts';
import { meanHalfWidth95 } from '../outcomes/meanInterval.ts';
import { formatNumber, formatOptional } from '../report/format.ts';

type ForestRow = ExperimentForest['rows'][number];
export type RateOf = (arm: ArmOutcomes) => IncidenceRate | null;

/** "8.3 ± 1.1", or an en dash when no patient has a value. */
export function meanSdText(m: MeanSd, digits: number): string {
  if (m.mean === null) return '–';
  return m.sd === null
    ? formatNumber(m.mean, digits)
    : `${formatNumber(m.mean, digits)} ± ${formatNumber(m.sd, digits)}`;
}

/** "0.20 [0.16, 0.25] (97)": rate per patient-year, 95 % CI and the count. */
export function rateText(rate: IncidenceRate | null): string {
  if (rate === null) return '–';
  const r = (v: number) => formatNumber(v, 3);
  return `${r(rate.ratePerPatientYear)} [${r(rate.lowerPerPatientYear)}, ${r(rate.upperPerPatientYear)}] (${rate.count})`;
}

const percent = (value: number | null, digits = 1) => formatOptional(value, digits);

/** A share (0–1) as a whole percentage, or an en dash when there is none. */
export const shareText = (share: number | null): string =>
  formatOptional(share === null ? null : 100 * share, 0);

export function outcomeTable(title: string, arms: readonly ArmOutcomes[]): ExperimentTable {
  return {
    title,
    columns: [
      'Arm',
      'Patients',
      'Patient-years',
      'HbA1c % (mean ± SD)',
      'Time 70–180 %',
      '<70 %',
      '<54 %',
      '>250 %',
      'Post-meal mg/dL',
      'Severe hypoglycaemia /patient-year [95 % CI] (n)',
      'Ketoacidosis /patient-year [95 % CI] (n)',
      'Technical share of ketoacidoses %',
      'Abscesses /patient-year [95 % CI] (n)',
      'Insulin U/day',
      'Cost €/patient-year',
    ],
    rows: arms.map((a) => [
      a.label,
      String(a.patients),
      formatNumber(a.patientYears, 1),
      meanSdText(a.hba1cPercent, 2),
      percent(a.timeInRangesPercent.from70To180),
      percent(a.timeInRangesPercent.below70, 2),
      percent(a.timeInRangesPercent.below54, 2),
      percent(a.timeInRangesPercent.above250),
      formatOptional(a.meanPostMealGlucoseMgdl.mean, 0),
      rateText(a.severeHypoglycaemia),
      rateText(a.ketoacidosis),
      shareText(a.technicalShareOfKetoacidoses),
      rateText(a.abscesses),
      meanSdText(a.insulinUnitsPerDay, 1),
      formatOptional(a.cost.eurPerPatientYear.mean, 0),
    ]),
    note: 'Rates: events per patient-year over all patients of the arm, exact Poisson 95 % interval, event count in brackets.',
  };
}

export function costTable(arms: readonly ArmOutcomes[]): ExperimentTable {
  return {
    title: 'Cost per patient-year by item (EUR, mean over patients)',
    columns: ['Item', ...arms.map((a) => a.label)],
    rows: [
      ...COST_ITEMS.map((item) => [
        item.id,
        ...arms.map((a) => formatOptional(a.cost.itemsEurPerPatientYear[item.id], 0)),
      ]),
      ['total', ...arms.map((a) => meanSdText(a.cost.eurPerPatientYear, 0))],
      [
        'flat fee (Belgian agreement)',
        ...arms.map((a) => formatNumber(a.cost.flatFeeEurPerPatientYear, 0)),
      ],
    ],
  };
}

/** An arm's rate as a forest row (no row without patients). */
export function rateRows(arms: readonly ArmOutcomes[], rateOf: RateOf): ForestRow[] {
  return arms.flatMap((a) => {
    const rate = rateOf(a);
    return rate === null
      ? []
      : [
          {
            label: a.label,
            estimate: rate.ratePerPatientYear,
            lower: rate.lowerPerPatientYear,
            upper: rate.upperPerPatientYear,
          },
        ];
  });
}

/** A mean with the 95 % confidence interval of the mean (mean ± z·SD/√n). */
export function meanRow(label: string, m: MeanSd, published = false): ForestRow[] {
  if (m.mean === null) return [];
  const half = meanHalfWidth95(m.sd, m.n);
  return [{ label, estimate: m.mean, lower: m.mean - half, upper: m.mean + half, published }];
}
