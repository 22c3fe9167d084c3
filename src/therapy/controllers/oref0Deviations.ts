// How fast the deviation (glucose change not explained by insulin) is falling: oref1's
// minDeviationSlope (lib/determine-basal/cob.js and lib/meal/total.js, openaps/oref0), which
// lets the unannounced-meal prediction fade as soon as absorption has passed its peak.
//
// Deviation at a reading = its 15-minute average change (per 5 min, as oref0's cob.js uses
// avgDelta) − the insulin's glucose impact then. oref0 takes the past impact from its history;
// we take it from the equivalent dose(s) of oref0Insulin.ts run backwards. The slope is from
// the highest deviation of the last 45 minutes to the current one, per 5-minute tick: 0 when
// the current deviation is the highest (absorption still rising), negative after the peak.
import type { CgmPoint } from './types.ts';

/** oref1 looks back about 45 minutes for the peak deviation. */
const LOOKBACK_MINUTES = 45;
/** The window of the average change behind each deviation: 15 minutes (3 readings). */
const AVERAGE_MINUTES = 15;
const AVERAGE_TOLERANCE_MINUTES = 2.5;

export interface DeviationTrend {
  readonly currentMgdlPer5: number;
  readonly peakMgdlPer5: number;
  /** Change of the deviation per 5-minute tick from the peak to now (≤ 0). */
  readonly slopeMgdlPer5PerTick: number;
}

/** The reading about 15 minutes before `index`, or null. */
function readingBefore(cgm: readonly CgmPoint[], index: number): CgmPoint | null {
  const at = (cgm[index] as CgmPoint).atMinutes;
  for (let j = index - 1; j >= 0; j -= 1) {
    const point = cgm[j] as CgmPoint;
    const ago = at - point.atMinutes;
    if (ago > AVERAGE_MINUTES + AVERAGE_TOLERANCE_MINUTES) return null;
    if (ago >= AVERAGE_MINUTES - AVERAGE_TOLERANCE_MINUTES && Number.isFinite(point.glucoseMgdl)) {
      return point;
    }
  }
  return null;
}

export interface DeviationOptions {
  readonly cgm: readonly CgmPoint[];
  /** Time of the last reading the status used. */
  readonly lastReadingAtMinutes: number;
  readonly sensitivityMgdlPerUnit: number;
  /** Net insulin activity `minutesAgo` before the last reading, U/min. */
  readonly activityAgo: (minutesAgo: number) => number;
}

/** The deviation now, its peak over the last 45 minutes and the slope between; null if unknown. */
export function deviationTrend(options: DeviationOptions): DeviationTrend | null {
  const { cgm, lastReadingAtMinutes: lastAt } = options;
  let current: number | null = null;
  let peak = -Infinity;
  let peakAgoMinutes = 0;
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const point = cgm[i] as CgmPoint;
    const agoMinutes = lastAt - point.atMinutes;
    if (agoMinutes < 0 || !Number.isFinite(point.glucoseMgdl)) continue;
    if (agoMinutes > LOOKBACK_MINUTES) break;
    const before = readingBefore(cgm, i);
    if (before === null) continue;
    const avgDelta =
      ((point.glucoseMgdl - before.glucoseMgdl) / (point.atMinutes - before.atMinutes)) * 5;
    const bgi = -options.activityAgo(agoMinutes) * options.sensitivityMgdlPerUnit * 5;
    const deviation = avgDelta - bgi;
    if (agoMinutes === 0) current = deviation;
    else if (deviation > peak) {
      peak = deviation;
      peakAgoMinutes = agoMinutes;
    }
  }
  if (current === null) return null;
  if (!(peak > current))
    return { currentMgdlPer5: current, peakMgdlPer5: current, slopeMgdlPer5PerTick: 0 };
  return {
    currentMgdlPer5: current,
    peakMgdlPer5: peak,
    slopeMgdlPer5PerTick: (current - peak) / (peakAgoMinutes / 5),
  };
}
