// Glucose metrics of the international consensus (Battelino 2019, physiology.md §6) on a
// series sampled at a regular interval; NaN marks a missing reading.
//
// - Every percentage and mean is over the readings present; `coveragePercent` says how many
//   of the expected readings that is (the consensus asks for ≥ 70 % over ≥ 14 days).
// - SD is the sample SD (n − 1 denominator, as R's sd() and iglu); CV = SD/mean·100.
// - GMI (%) = 3.31 + 0.02392·mean mg/dL (Bergenstal RM, et al. Diabetes Care
//   2018;41(11):2275-2280).
// - eA1c (%) = (mean mg/dL + 46.7)/28.7 (ADAG: Nathan DM, et al. Diabetes Care
//   2008;31(8):1473-1478).
// - Time in ranges: the table and boundaries of ranges.ts.
// - LBGI / HBGI: the mean over ALL readings of r = 10·f² counted only where f < 0 (LBGI) or
//   f > 0 (HBGI), the others counting as 0 (Kovatchev; risk.ts).
// With no reading present every statistic is NaN; SD and CV need two readings.
import { z } from 'zod';
import {
  GLUCOSE_RANGE_IDS,
  GLUCOSE_RANGES,
  inRange,
  type GlucoseRange,
  type GlucoseRangeId,
} from './ranges.ts';
import { bgRiskTransform } from './risk.ts';
import { checkGlucoseSeries, intervalMinutesSchema } from './series.ts';
import { parseOptions } from '../validation/parseOptions.ts';

const metricsOptionsSchema = z.object({ intervalMinutes: intervalMinutesSchema }).strict();

export type GlucoseMetricsOptions = z.input<typeof metricsOptionsSchema>;

export interface GlucoseMetrics {
  /** Readings present (not NaN). */
  readonly readingCount: number;
  /** Readings expected: the length of the series. */
  readonly expectedReadingCount: number;
  readonly coveragePercent: number;
  /** The time the series spans: expected readings × interval. */
  readonly durationMinutes: number;
  readonly meanMgdl: number;
  readonly sdMgdl: number;
  readonly cvPercent: number;
  readonly gmiPercent: number;
  readonly ea1cPercent: number;
  /** Percentage of the readings present in each range of GLUCOSE_RANGES. */
  readonly timeInRangesPercent: Readonly<Record<GlucoseRangeId, number>>;
  readonly lbgi: number;
  readonly hbgi: number;
}

interface Sums {
  count: number;
  sum: number;
  lowRiskSum: number;
  highRiskSum: number;
  /** Readings in each range, in the order of GLUCOSE_RANGE_IDS. */
  inRangeCounts: number[];
}

/**
 * The ranges as one monomorphic shape, read once: the per-reading loop then touches no keyed
 * object (the ranges differ in shape, which made every lookup slow).
 */
const RANGES: readonly GlucoseRange[] = GLUCOSE_RANGE_IDS.map((id) => {
  const { description, lowMgdl, lowInclusive, highMgdl, highInclusive } = GLUCOSE_RANGES[id];
  return { description, lowMgdl, lowInclusive, highMgdl, highInclusive };
});

/**
 * The ranges' finite bounds, ascending, cut the line into cells: the stretches between two bounds
 * and the bounds themselves. Each cell lies wholly inside or outside every range, so a reading is
 * placed in its cell with a few comparisons and each range counts the readings of its cells.
 */
const BOUNDS: readonly number[] = [...new Set(RANGES.flatMap((r) => [r.lowMgdl, r.highMgdl]))]
  .filter(Number.isFinite)
  .sort((a, b) => a - b);

/** Cell 2i lies below bound i (and above bound i − 1), cell 2i + 1 is bound i itself. */
function cellOf(glucoseMgdl: number): number {
  let i = 0;
  while (i < BOUNDS.length && glucoseMgdl > BOUNDS[i]!) i += 1;
  return i < BOUNDS.length && glucoseMgdl === BOUNDS[i] ? 2 * i + 1 : 2 * i;
}

/** A value inside each cell, to ask `inRange` which ranges the cell belongs to. */
function cellValue(cell: number): number {
  const i = cell >> 1;
  if (cell % 2 === 1) return BOUNDS[i]!;
  if (i === 0) return BOUNDS[0]! - 1;
  if (i === BOUNDS.length) return BOUNDS[i - 1]! + 1;
  return (BOUNDS[i - 1]! + BOUNDS[i]!) / 2;
}

/** For each range (in RANGES order), the cells inside it. */
const CELLS_OF_RANGE: readonly (readonly number[])[] = RANGES.map((range) =>
  Array.from({ length: 2 * BOUNDS.length + 1 }, (_, cell) => cell).filter((cell) =>
    inRange(cellValue(cell), range),
  ),
);

/** One pass: count, sum, ranges and (when asked: it costs two logarithms a reading) the risk sums. */
function accumulate(values: ArrayLike<number>, withRisk: boolean): Sums {
  const cellCounts = new Array<number>(2 * BOUNDS.length + 1).fill(0);
  let count = 0;
  let sum = 0;
  let lowRiskSum = 0;
  let highRiskSum = 0;
  for (let i = 0; i < values.length; i += 1) {
    const g = values[i] as number;
    if (Number.isNaN(g)) continue;
    count += 1;
    sum += g;
    if (withRisk) {
      const f = bgRiskTransform(g);
      if (f < 0) lowRiskSum += 10 * f * f;
      else if (f > 0) highRiskSum += 10 * f * f;
    }
    cellCounts[cellOf(g)]! += 1;
  }
  // Plain loops: a map/reduce here, after the readings' loop, made V8 leave the optimized code
  // on every call (its callbacks had no type feedback of their own).
  const inRangeCounts: number[] = [];
  for (const cells of CELLS_OF_RANGE) {
    let total = 0;
    for (const cell of cells) total += cellCounts[cell]!;
    inRangeCounts.push(total);
  }
  return { count, sum, lowRiskSum, highRiskSum, inRangeCounts };
}

/** Sample SD around `mean` (second pass, for accuracy). */
function sampleSd(values: ArrayLike<number>, mean: number, count: number): number {
  if (count < 2) return Number.NaN;
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) {
    const g = values[i] as number;
    if (!Number.isNaN(g)) squares += (g - mean) * (g - mean);
  }
  return Math.sqrt(squares / (count - 1));
}

function percentages(sums: Sums): Record<GlucoseRangeId, number> {
  const n = sums.count;
  const percent = {} as Record<GlucoseRangeId, number>;
  GLUCOSE_RANGE_IDS.forEach((id, r) => {
    percent[id] = n > 0 ? (100 * sums.inRangeCounts[r]!) / n : Number.NaN;
  });
  return percent;
}

export interface GlucoseRangeSummary {
  readonly readingCount: number;
  readonly meanMgdl: number;
  readonly timeInRangesPercent: Readonly<Record<GlucoseRangeId, number>>;
}

/**
 * Mean and time in ranges only, the same figures as `glucoseMetrics` gives, without its
 * variability and risk (for per-day breakdowns, where they would cost more than the rest).
 */
export function glucoseRanges(values: ArrayLike<number>): GlucoseRangeSummary {
  checkGlucoseSeries(values, 'glucoseRanges');
  const sums = accumulate(values, false);
  return {
    readingCount: sums.count,
    meanMgdl: sums.count > 0 ? sums.sum / sums.count : Number.NaN,
    timeInRangesPercent: percentages(sums),
  };
}

/** Consensus glucose metrics of a regular series in mg/dL (NaN = missing). */
export function glucoseMetrics(
  values: ArrayLike<number>,
  options: GlucoseMetricsOptions,
): GlucoseMetrics {
  const { intervalMinutes } = parseOptions(metricsOptionsSchema, options, 'glucoseMetrics options');
  checkGlucoseSeries(values, 'glucoseMetrics');
  const sums = accumulate(values, true);
  const n = sums.count;
  const meanMgdl = n > 0 ? sums.sum / n : Number.NaN;
  const sdMgdl = sampleSd(values, meanMgdl, n);
  const timeInRangesPercent = percentages(sums);
  return {
    readingCount: n,
    expectedReadingCount: values.length,
    coveragePercent: values.length > 0 ? (100 * n) / values.length : Number.NaN,
    durationMinutes: values.length * intervalMinutes,
    meanMgdl,
    sdMgdl,
    cvPercent: (100 * sdMgdl) / meanMgdl,
    gmiPercent: 3.31 + 0.02392 * meanMgdl,
    ea1cPercent: (meanMgdl + 46.7) / 28.7,
    timeInRangesPercent,
    lbgi: n > 0 ? sums.lowRiskSum / n : Number.NaN,
    hbgi: n > 0 ? sums.highRiskSum / n : Number.NaN,
  };
}
