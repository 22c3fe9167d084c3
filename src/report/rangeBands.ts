// The five bands of the time-in-ranges bar (Battelino 2019, Figure 2) from a result's
// `timeInRangesPercent`, whose keys are cumulative where the consensus is: 'low' is all of
// < 70 (very low included) and 'high' all of > 180 (very high included). The bar shows each
// band alone, so low-only = low − veryLow and high-only = high − veryHigh, and the five add up
// to 100 %. The targets come from the consensus table in outcomes/ranges.ts; the two
// cumulative targets (< 4 % below 70, < 25 % above 180) are checked against the cumulative
// value, as the consensus states them.
import { GLUCOSE_RANGES } from '../outcomes/ranges.ts';
import { RANGE_COLOURS, RANGE_TEXT_COLOURS } from './palette.ts';

export type RangeBandKey = keyof typeof RANGE_COLOURS;

export interface RangeTarget {
  readonly comparison: '<' | '>';
  readonly percent: number;
  /** The value the target is about: the band itself, or the cumulative range. */
  readonly valuePercent: number;
  /** Set when the target is about a cumulative range, e.g. "all < 70" (mg/dL). */
  readonly scope?: string;
}

export interface RangeBand {
  readonly key: RangeBandKey;
  readonly label: string;
  /** The range in mg/dL, without the unit, e.g. "54–69" or "< 54". */
  readonly rangeText: string;
  readonly colour: string;
  readonly textColour: string;
  /** This band alone, % of readings (NaN when unknown). */
  readonly percent: number;
  readonly target?: RangeTarget;
}

const R = GLUCOSE_RANGES;

function value(times: Readonly<Record<string, number>>, key: string): number {
  const found = times[key];
  return typeof found === 'number' ? found : Number.NaN;
}

function target(
  range: { readonly target: { readonly comparison: '<' | '>'; readonly percent: number } },
  valuePercent: number,
  scope?: string,
): RangeTarget {
  const base = { ...range.target, valuePercent };
  return scope === undefined ? base : { ...base, scope };
}

/** Band with its colours. */
function band(key: RangeBandKey, rest: Omit<RangeBand, 'key' | 'colour' | 'textColour'>) {
  return { key, colour: RANGE_COLOURS[key], textColour: RANGE_TEXT_COLOURS[key], ...rest };
}

/** The five bands from very low to very high. */
export function rangeBands(times: Readonly<Record<string, number>>): RangeBand[] {
  const veryLow = value(times, 'veryLow');
  const low = value(times, 'low');
  const inRange = value(times, 'inRange');
  const high = value(times, 'high');
  const veryHigh = value(times, 'veryHigh');
  const below = `all < ${R.tbr.highMgdl}`;
  const above = `all > ${R.tar.lowMgdl}`;
  return [
    band('veryLow', {
      label: 'Very low',
      rangeText: `< ${R.tbrLevel2.highMgdl}`,
      percent: veryLow,
      target: target(R.tbrLevel2, veryLow),
    }),
    band('low', {
      label: 'Low',
      rangeText: `${R.tbrLevel1.lowMgdl}–${R.tbrLevel1.highMgdl - 1}`,
      percent: low - veryLow,
      target: target(R.tbr, low, below),
    }),
    band('inRange', {
      label: 'In range',
      rangeText: `${R.tir.lowMgdl}–${R.tir.highMgdl}`,
      percent: inRange,
      target: target(R.tir, inRange),
    }),
    band('high', {
      label: 'High',
      rangeText: `${R.tarLevel1.lowMgdl + 1}–${R.tarLevel1.highMgdl}`,
      percent: high - veryHigh,
      target: target(R.tar, high, above),
    }),
    band('veryHigh', {
      label: 'Very high',
      rangeText: `> ${R.tarLevel2.lowMgdl}`,
      percent: veryHigh,
      target: target(R.tarLevel2, veryHigh),
    }),
  ];
}

/** Whether a target is met; undefined when the value is unknown. */
export function targetMet(t: RangeTarget): boolean | undefined {
  if (!Number.isFinite(t.valuePercent)) return undefined;
  return t.comparison === '<' ? t.valuePercent < t.percent : t.valuePercent > t.percent;
}

/**
 * Segment widths in percent of the bar: the bands normalised to sum to exactly 100 (the
 * result's percentages may carry rounding); null when no band is known.
 */
export function segmentWidthsPercent(bands: readonly RangeBand[]): number[] | null {
  let total = 0;
  for (const b of bands) if (Number.isFinite(b.percent) && b.percent > 0) total += b.percent;
  if (total <= 0) return null;
  return bands.map((b) =>
    Number.isFinite(b.percent) && b.percent > 0 ? (100 * b.percent) / total : 0,
  );
}
