// The ambulatory glucose profile (AGP): percentiles of glucose by time of day, all days
// overlaid (Battelino 2019: median, 25–75th and 5–95th percentiles; at least 14 days of data
// with at least 70 % of the expected readings).
//
// Choices, stated:
// - Bins of `binMinutes` (default 15) starting at midnight; a reading falls in the bin of its
//   minute of day, (startMinuteOfDay + i·Δ) mod 1440.
// - Percentiles by linear interpolation between order statistics (Hyndman & Fan type 7, the
//   default of R's quantile() and numpy.percentile): p-th percentile of n sorted values is
//   x[h] interpolated at h = (n − 1)·p/100 (0-based).
// - Optional smoothing: a centred moving average of each percentile curve over
//   `smoothingBins` bins (odd; 1 = none, the default), wrapping around midnight and skipping
//   empty bins. The published AGP smooths its curves too; this is our own simple choice.
// - `days` is the time the series spans (readings × Δ / 1440), `fewerThan14Days` flags a
//   profile on less than the consensus minimum, `sufficientData` adds the 70 % coverage rule.
import { z } from 'zod';
import { MINUTES_PER_DAY } from '../units/index.ts';
import { checkGlucoseSeries, countPresent, intervalMinutesSchema } from './series.ts';
import { parseOptions } from '../validation/parseOptions.ts';

export const AGP_PERCENTILES = [5, 25, 50, 75, 95] as const;
/** Battelino 2019: at least 14 days with at least 70 % of possible readings. */
export const AGP_MINIMUM_DAYS = 14;
export const AGP_MINIMUM_COVERAGE_PERCENT = 70;

const agpOptionsSchema = z
  .object({
    intervalMinutes: intervalMinutesSchema,
    /** Minute of day (0–1439) of values[0]. */
    startMinuteOfDay: z.number().min(0).lt(MINUTES_PER_DAY).default(0),
    binMinutes: z
      .number()
      .int()
      .positive()
      .max(MINUTES_PER_DAY)
      .refine((m) => MINUTES_PER_DAY % m === 0, { message: 'binMinutes must divide 1440' })
      .default(15),
    smoothingBins: z
      .number()
      .int()
      .positive()
      .max(95)
      .refine((m) => m % 2 === 1, { message: 'smoothingBins must be odd' })
      .default(1),
  })
  .strict();

export type AgpOptions = z.input<typeof agpOptionsSchema>;

export interface AgpBin {
  readonly startMinuteOfDay: number;
  readonly readingCount: number;
  /** Percentiles in mg/dL (NaN for an empty bin). */
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface Agp {
  readonly binMinutes: number;
  readonly smoothingBins: number;
  readonly bins: readonly AgpBin[];
  readonly days: number;
  readonly coveragePercent: number;
  readonly fewerThan14Days: boolean;
  readonly sufficientData: boolean;
}

/** The p-th percentile (0–100) of ascending `sorted` (type 7); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = ((n - 1) * p) / 100;
  const low = Math.floor(h);
  const high = Math.min(low + 1, n - 1);
  const lowValue = sorted[low] as number;
  return lowValue + (h - low) * ((sorted[high] as number) - lowValue);
}

/**
 * The present readings grouped by bin and sorted within each: bin b is
 * `values.subarray(starts[b], starts[b + 1])`. One array for all bins, filled by counting the
 * bins first: no list per bin to grow and copy.
 */
function sortedByBin(values: ArrayLike<number>, options: z.output<typeof agpOptionsSchema>) {
  const binCount = MINUTES_PER_DAY / options.binMinutes;
  const binOf = new Int32Array(values.length);
  const starts = new Int32Array(binCount + 1);
  for (let i = 0; i < values.length; i += 1) {
    if (Number.isNaN(values[i] as number)) {
      binOf[i] = -1;
      continue;
    }
    const minuteOfDay = (options.startMinuteOfDay + i * options.intervalMinutes) % MINUTES_PER_DAY;
    const bin = Math.floor(minuteOfDay / options.binMinutes);
    binOf[i] = bin;
    starts[bin + 1] = (starts[bin + 1] as number) + 1;
  }
  for (let b = 0; b < binCount; b += 1)
    starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
  const sorted = new Float64Array(starts[binCount] as number);
  const next = starts.slice(0, binCount);
  for (let i = 0; i < values.length; i += 1) {
    const bin = binOf[i] as number;
    if (bin < 0) continue;
    const at = next[bin] as number;
    sorted[at] = values[i] as number;
    next[bin] = at + 1;
  }
  // A typed array sorts numerically without a comparator.
  return Array.from({ length: binCount }, (_, b) =>
    sorted.subarray(starts[b], starts[b + 1]).sort(),
  );
}

/** Centred circular moving average over `window` bins, skipping NaN (empty) bins. */
function smooth(curve: Float64Array, window: number): Float64Array {
  if (window === 1) return curve;
  const n = curve.length;
  const half = (window - 1) / 2;
  const out = new Float64Array(n);
  for (let b = 0; b < n; b += 1) {
    let sum = 0;
    let count = 0;
    for (let k = -half; k <= half; k += 1) {
      const v = curve[(((b + k) % n) + n) % n] as number;
      if (Number.isNaN(v)) continue;
      sum += v;
      count += 1;
    }
    out[b] = Number.isNaN(curve[b] as number) || count === 0 ? Number.NaN : sum / count;
  }
  return out;
}

/** The AGP of a regular series in mg/dL (NaN = missing). */
export function agp(values: ArrayLike<number>, options: AgpOptions): Agp {
  const parsed = parseOptions(agpOptionsSchema, options, 'agp options');
  checkGlucoseSeries(values, 'agp');
  const sorted = sortedByBin(values, parsed);
  const curves = AGP_PERCENTILES.map((p) =>
    smooth(
      Float64Array.from(sorted, (group) => percentile(group, p)),
      parsed.smoothingBins,
    ),
  );
  const at = (curve: number, b: number) => (curves[curve] as Float64Array)[b] as number;
  const bins = sorted.map((group, b) => ({
    startMinuteOfDay: b * parsed.binMinutes,
    readingCount: group.length,
    p5: at(0, b),
    p25: at(1, b),
    p50: at(2, b),
    p75: at(3, b),
    p95: at(4, b),
  }));
  const days = (values.length * parsed.intervalMinutes) / MINUTES_PER_DAY;
  const coveragePercent = values.length > 0 ? (100 * countPresent(values)) / values.length : 0;
  return {
    binMinutes: parsed.binMinutes,
    smoothingBins: parsed.smoothingBins,
    bins,
    days,
    coveragePercent,
    fewerThan14Days: days < AGP_MINIMUM_DAYS,
    sufficientData: days >= AGP_MINIMUM_DAYS && coveragePercent >= AGP_MINIMUM_COVERAGE_PERCENT,
  };
}
