// The glucose status oref0 decides from: the last CGM reading and three trends, each in
// mg/dL per 5 minutes. Our own code after the description of oref0's lib/glucose-get-last.js
// (openaps/oref0): readings are aged from the LAST reading (not from now), and each earlier
// reading gives an average slope (last − earlier) / age × 5; the slopes are averaged over
// three windows of age:
//   delta           2.5–7.5 min  (the last 5-minute change)
//   shortAvgDelta   2.5–17.5 min (about the last 15 minutes)
//   longAvgDelta    17.5–42.5 min (about 20 to 40 minutes back)
// oref0 gives 0 for a window without a reading; here an empty window falls back to the
// 15-minute average (a CGM gap then does not read as a flat trend), and with no earlier reading
// at all every trend is 0 and `trendKnown` is false, so the reasons can say so.
import type { CgmPoint } from './types.ts';

/** oref0 treats glucose data older than this as stale and stops adjusting (determine-basal). */
export const CGM_STALE_AFTER_MINUTES = 12;

/** Window bounds of glucose-get-last.js, minutes before the last reading. */
const DELTA_WINDOW_MINUTES = { min: 2.5, max: 7.5 } as const;
const SHORT_WINDOW_MINUTES = { min: 2.5, max: 17.5 } as const;
const LONG_WINDOW_MINUTES = { min: 17.5, max: 42.5 } as const;

export interface GlucoseStatus {
  readonly glucoseMgdl: number;
  readonly readingAtMinutes: number;
  /** The last 5-minute change, mg/dL per 5 min. */
  readonly deltaMgdlPer5: number;
  readonly shortAvgDeltaMgdlPer5: number;
  readonly longAvgDeltaMgdlPer5: number;
  /** False when no earlier reading lies within 42.5 minutes of the last one. */
  readonly trendKnown: boolean;
}

function isUsable(point: CgmPoint, nowMinutes: number): boolean {
  return (
    Number.isFinite(point.glucoseMgdl) &&
    point.glucoseMgdl > 0 &&
    Number.isFinite(point.atMinutes) &&
    point.atMinutes <= nowMinutes
  );
}

/** The last usable reading at or before now, or null. */
function lastReading(cgm: readonly CgmPoint[], nowMinutes: number): CgmPoint | null {
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const point = cgm[i] as CgmPoint;
    if (isUsable(point, nowMinutes)) return point;
  }
  return null;
}

class SlopeAverage {
  private sum = 0;
  private count = 0;
  add(slope: number): void {
    this.sum += slope;
    this.count += 1;
  }
  get known(): boolean {
    return this.count > 0;
  }
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }
}

/**
 * The status at `nowMinutes`, or null when there is no usable reading within
 * CGM_STALE_AFTER_MINUTES (then a controller must not adjust insulin on glucose).
 */
export function glucoseStatus(cgm: readonly CgmPoint[], nowMinutes: number): GlucoseStatus | null {
  const last = lastReading(cgm, nowMinutes);
  if (last === null || nowMinutes - last.atMinutes > CGM_STALE_AFTER_MINUTES) return null;
  const delta = new SlopeAverage();
  const short = new SlopeAverage();
  const long = new SlopeAverage();
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const point = cgm[i] as CgmPoint;
    if (!isUsable(point, nowMinutes)) continue;
    const ageMinutes = last.atMinutes - point.atMinutes;
    if (ageMinutes > LONG_WINDOW_MINUTES.max) break;
    if (ageMinutes <= DELTA_WINDOW_MINUTES.min && ageMinutes >= 0) continue;
    const slopePer5 = ((last.glucoseMgdl - point.glucoseMgdl) / ageMinutes) * 5;
    if (ageMinutes <= DELTA_WINDOW_MINUTES.max) delta.add(slopePer5);
    if (ageMinutes > SHORT_WINDOW_MINUTES.min && ageMinutes <= SHORT_WINDOW_MINUTES.max) {
      short.add(slopePer5);
    }
    if (ageMinutes > LONG_WINDOW_MINUTES.min) long.add(slopePer5);
  }
  // Without a reading 5 minutes back, the 15-minute average stands in for the last change.
  const shortMean = short.mean;
  return {
    glucoseMgdl: last.glucoseMgdl,
    readingAtMinutes: last.atMinutes,
    deltaMgdlPer5: delta.known ? delta.mean : shortMean,
    shortAvgDeltaMgdlPer5: shortMean,
    longAvgDeltaMgdlPer5: long.known ? long.mean : shortMean,
    trendKnown: short.known || long.known,
  };
}
