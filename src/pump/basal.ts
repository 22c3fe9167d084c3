// Basal delivery as integer pulses: the programmed rate is integrated exactly in integers
// ((mU/h)·percent·seconds) and a pulse is due each time the integral reaches one pulse, with the
// remainder carried forward, so delivered basal never drifts from programmed by a pulse or more.
import { isStoppingAlarm } from './alarms.ts';
import type { BasalSegment } from './settings.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, type PumpState } from './state.ts';

/** Percent scale of the accumulator: rates are held as (mU/h)·100 so percent temps stay integer. */
const PERCENT_SCALE = 100;

export function pulseThreshold(pulseMilliunits: number): number {
  return pulseMilliunits * SECONDS_PER_HOUR * PERCENT_SCALE;
}

function localSecondOfDay(seconds: number, clockOffsetSeconds: number): number {
  const local = (seconds + clockOffsetSeconds) % SECONDS_PER_DAY;
  return local < 0 ? local + SECONDS_PER_DAY : local;
}

/** Index of the segment in force at a local second of the day (binary search: up to 48 segments). */
function segmentIndexAt(segments: readonly BasalSegment[], secondOfDay: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((segments[mid]?.startMinutes ?? Infinity) * 60 <= secondOfDay) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Seconds from `seconds` to the next segment boundary (or midnight) in local time. */
function secondsToNextBoundary(
  segments: readonly BasalSegment[],
  index: number,
  secondOfDay: number,
): number {
  const next = segments[index + 1];
  const boundary = next === undefined ? SECONDS_PER_DAY : next.startMinutes * 60;
  return boundary - secondOfDay;
}

export interface RateRule {
  readonly segments: readonly BasalSegment[];
  readonly clockOffsetSeconds: number;
  readonly mode: 'scheduled' | 'zero' | 'percent' | 'absolute';
  readonly percent: number;
  readonly rateMilliunitsPerHour: number;
  readonly maxBasalMilliunitsPerHour: number;
}

/** The effective rate in (mU/h)·100 given the scheduled rate; never above the maximum basal. */
export function effectiveRateScaled(rule: RateRule, scheduledMilliunitsPerHour: number): number {
  let scaled: number;
  switch (rule.mode) {
    case 'scheduled':
      scaled = scheduledMilliunitsPerHour * PERCENT_SCALE;
      break;
    case 'zero':
      return 0;
    case 'percent':
      scaled = scheduledMilliunitsPerHour * rule.percent;
      break;
    case 'absolute':
      scaled = rule.rateMilliunitsPerHour * PERCENT_SCALE;
      break;
  }
  return Math.min(scaled, rule.maxBasalMilliunitsPerHour * PERCENT_SCALE);
}

/**
 * The rule in force: what the state says delivery is doing. `evolve` keeps a copy in
 * `state.rateRule` so the per-minute tick need not rebuild it.
 */
export function rateRuleOf(state: PumpState): RateRule {
  const { settings, tempBasal } = state;
  const pattern = settings.basalPatterns[settings.activePatternIndex];
  const base = {
    segments: pattern?.segments ?? [],
    clockOffsetSeconds: state.clockOffsetSeconds,
    maxBasalMilliunitsPerHour: settings.maxBasalMilliunitsPerHour,
    percent: tempBasal?.percent ?? 0,
    rateMilliunitsPerHour: tempBasal?.rateMilliunitsPerHour ?? 0,
  };
  if (deliveryStopped(state)) return { ...base, mode: 'zero' };
  if (tempBasal !== null) return { ...base, mode: tempBasal.kind };
  return { ...base, mode: 'scheduled' };
}

/** True while nothing may be delivered: suspended, a stopping alarm, or an empty reservoir. */
export function deliveryStopped(state: PumpState): boolean {
  if (state.suspended !== null || state.reservoir.remainingPulses === 0) return true;
  for (const alarm of state.alarms) if (isStoppingAlarm(alarm.code)) return true;
  return false;
}

export interface Accrual {
  accumulator: number;
  pulses: number;
  /** Seconds at which the first and last due pulse fell due (NaN when none). */
  firstPulseSeconds: number;
  lastPulseSeconds: number;
}

/**
 * Integrates the rule's rate from `fromSeconds` to `toSeconds` onto `accumulator` and counts the
 * pulses that fall due, writing into `out`. Integer arithmetic: splitting an interval gives the
 * same result. Positional arguments and a caller-owned result: this runs on every tick.
 */
export function accrue(
  rule: RateRule,
  fromSeconds: number,
  toSeconds: number,
  accumulator: number,
  pulseMilliunits: number,
  out: Accrual,
): Accrual {
  const threshold = pulseThreshold(pulseMilliunits);
  out.accumulator = accumulator;
  out.pulses = 0;
  out.firstPulseSeconds = Number.NaN;
  out.lastPulseSeconds = Number.NaN;
  if (rule.mode === 'zero' || rule.segments.length === 0) return out;
  let t = fromSeconds;
  while (t < toSeconds) {
    const secondOfDay = localSecondOfDay(t, rule.clockOffsetSeconds);
    const index = segmentIndexAt(rule.segments, secondOfDay);
    const pieceEnd = Math.min(
      toSeconds,
      t + secondsToNextBoundary(rule.segments, index, secondOfDay),
    );
    const rate = effectiveRateScaled(rule, rule.segments[index]?.rateMilliunitsPerHour ?? 0);
    if (rate > 0) addPiece(out, t, pieceEnd, rate, threshold);
    t = pieceEnd;
  }
  return out;
}

export const newAccrual = (): Accrual => ({
  accumulator: 0,
  pulses: 0,
  firstPulseSeconds: Number.NaN,
  lastPulseSeconds: Number.NaN,
});

/** When the next basal pulse falls due under the rule (Infinity if none within two days). */
export function nextBasalPulseSeconds(
  rule: RateRule,
  fromSeconds: number,
  accumulator: number,
  pulseMilliunits: number,
): number {
  if (rule.mode === 'zero' || rule.segments.length === 0) return Infinity;
  let need = pulseThreshold(pulseMilliunits) - accumulator;
  if (need <= 0) return fromSeconds;
  let t = fromSeconds;
  const horizon = fromSeconds + 2 * SECONDS_PER_DAY;
  while (t < horizon) {
    const secondOfDay = localSecondOfDay(t, rule.clockOffsetSeconds);
    const index = segmentIndexAt(rule.segments, secondOfDay);
    const pieceEnd = t + secondsToNextBoundary(rule.segments, index, secondOfDay);
    const rate = effectiveRateScaled(rule, rule.segments[index]?.rateMilliunitsPerHour ?? 0);
    if (rate * (pieceEnd - t) >= need) return t + Math.ceil(need / rate);
    need -= rate * (pieceEnd - t);
    t = pieceEnd;
  }
  return Infinity;
}

function addPiece(
  result: Accrual,
  t: number,
  pieceEnd: number,
  rate: number,
  threshold: number,
): void {
  const before = result.accumulator;
  const after = before + rate * (pieceEnd - t);
  const due = Math.floor(after / threshold);
  if (due > 0) {
    // The k-th pulse falls due when the integral reaches k thresholds (at once if owed already).
    const firstAt = t + Math.max(0, Math.ceil((threshold - before) / rate));
    const lastAt = t + Math.max(0, Math.ceil((due * threshold - before) / rate));
    if (result.pulses === 0) result.firstPulseSeconds = firstAt;
    result.lastPulseSeconds = lastAt;
    result.pulses += due;
  }
  result.accumulator = after - due * threshold;
}

/** The scheduled basal in milliunits over [fromSeconds, toSeconds), for totals and net IOB. */
export function scheduledMilliunits(
  segments: readonly BasalSegment[],
  options: { fromSeconds: number; toSeconds: number; clockOffsetSeconds: number },
): number {
  let total = 0;
  forEachSchedulePiece(segments, options, (from, to, rate) => {
    total += (rate * (to - from)) / SECONDS_PER_HOUR;
  });
  return total;
}

/** Pieces of constant scheduled rate over an interval, for callers that integrate other rates. */
export function forEachSchedulePiece(
  segments: readonly BasalSegment[],
  options: { fromSeconds: number; toSeconds: number; clockOffsetSeconds: number },
  visit: (fromSeconds: number, toSeconds: number, scheduledMilliunitsPerHour: number) => void,
): void {
  let t = options.fromSeconds;
  while (t < options.toSeconds) {
    const secondOfDay = localSecondOfDay(t, options.clockOffsetSeconds);
    const index = segmentIndexAt(segments, secondOfDay);
    const pieceEnd = Math.min(
      options.toSeconds,
      t + secondsToNextBoundary(segments, index, secondOfDay),
    );
    visit(t, pieceEnd, segments[index]?.rateMilliunitsPerHour ?? 0);
    t = pieceEnd;
  }
}

/** The scheduled rate at a moment, in mU/h. */
export function scheduledRateAt(
  segments: readonly BasalSegment[],
  options: { seconds: number; clockOffsetSeconds: number },
): number {
  const secondOfDay = localSecondOfDay(options.seconds, options.clockOffsetSeconds);
  return segments[segmentIndexAt(segments, secondOfDay)]?.rateMilliunitsPerHour ?? 0;
}
