// A "suspected delivery failure" detector that a pump or its app could run on CGM readings,
// insulin on board and the pump's own bolus history. It knows nothing of faults; it sees what a
// device sees. Three signs, each with a stated rule (after clinical guidance that unexplained
// hyperglycaemia means suspecting the delivery):
// - rising with insulin on board: glucose up by `riseMgdl` within `riseWindowMinutes`, above
//   `highMgdl`, with at least `iobUnits` on board and no meal bolus in `mealQuietMinutes`;
// - a correction without effect: `correctionCheckMinutes` after a correction bolus, glucose has
//   not fallen by a third of what the bolus should have brought (units × sensitivity, times the
//   share of its action expected by then) and is still above `highMgdl`;
// - no fall for long: glucose above `persistentHighMgdl` for `persistentMinutes` without a
//   meal bolus and without having fallen over the last hour.
// After an alert the detector stays quiet for `refractoryMinutes` or until the set is changed.
import { z } from 'zod';
import { ranged } from '../validation/numbers.ts';

export const detectorSchema = z.strictObject({
  enabled: z.boolean().default(true),
  highMgdl: ranged(150, 400, 'mg/dL').default(250),
  riseMgdl: ranged(20, 200, 'mg/dL').default(60),
  riseWindowMinutes: ranged(30, 240, 'minutes').default(60),
  iobUnits: ranged(0, 20, 'U').default(1),
  mealQuietMinutes: ranged(0, 360, 'minutes').default(180),
  correctionCheckMinutes: ranged(60, 240, 'minutes').default(120),
  persistentHighMgdl: ranged(180, 400, 'mg/dL').default(250),
  persistentMinutes: ranged(60, 720, 'minutes').default(180),
  refractoryMinutes: ranged(30, 1440, 'minutes').default(240),
});
export type DetectorSettings = z.output<typeof detectorSchema>;

/** Share of a rapid bolus's effect expected 2 h after it (oref0 rapid-acting curve: ~0.58). */
const EXPECTED_EFFECT_SHARE_AT_CHECK = 0.58;
/** Readings kept: the longest window (12 h) and more at 5-minute sampling. */
const HISTORY_READINGS = 320;

export type DetectorReason =
  'rising-with-insulin' | 'correction-without-effect' | 'no-fall-for-long';

export interface DetectorAlert {
  readonly atMinutes: number;
  readonly reason: DetectorReason;
  readonly glucoseMgdl: number;
}

interface Correction {
  readonly atMinutes: number;
  readonly units: number;
  readonly glucoseMgdl: number;
  readonly sensitivityMgdlPerUnit: number;
}

export class DeliveryFailureDetector {
  // The last HISTORY_READINGS readings in a ring: slot `(newest − k) mod size` holds the reading
  // k before the newest. Typed arrays, so a reading every 5 minutes for years allocates nothing.
  private readonly times = new Float64Array(HISTORY_READINGS);
  private readonly glucose = new Float64Array(HISTORY_READINGS);
  /** Readings held, up to HISTORY_READINGS. */
  private held = 0;
  /** Slot of the next reading. */
  private nextSlot = 0;
  private lastMealBolusAt = -Infinity;
  private quietUntil = -Infinity;
  private corrections: Correction[] = [];

  constructor(private readonly settings: DetectorSettings) {}

  mealBolus(atMinutes: number): void {
    this.lastMealBolusAt = atMinutes;
  }

  correctionBolus(correction: Correction): void {
    this.corrections.push(correction);
  }

  /** A new set: whatever was wrong may be fixed; watch afresh. */
  setChanged(atMinutes: number): void {
    this.quietUntil = atMinutes;
    this.corrections = [];
    this.held = 0;
  }

  /**
   * A CGM reading; returns an alert when a sign of failed delivery is found. Insulin on board is
   * asked for only when glucose is high enough for it to matter (it costs a pass over the doses).
   */
  reading(
    atMinutes: number,
    glucoseMgdl: number,
    insulinOnBoard: () => number,
  ): DetectorAlert | null {
    if (!this.settings.enabled) return null;
    this.times[this.nextSlot] = atMinutes;
    this.glucose[this.nextSlot] = glucoseMgdl;
    this.nextSlot = (this.nextSlot + 1) % HISTORY_READINGS;
    this.held = Math.min(this.held + 1, HISTORY_READINGS);
    if (atMinutes < this.quietUntil) return null;
    const reason =
      this.risingWithInsulin(atMinutes, glucoseMgdl, insulinOnBoard) ??
      this.correctionWithoutEffect(atMinutes, glucoseMgdl) ??
      this.noFallForLong(atMinutes, glucoseMgdl);
    if (reason === null) return null;
    this.quietUntil = atMinutes + this.settings.refractoryMinutes;
    return { atMinutes, reason, glucoseMgdl };
  }

  private risingWithInsulin(
    now: number,
    glucose: number,
    insulinOnBoard: () => number,
  ): DetectorReason | null {
    const s = this.settings;
    if (glucose <= s.highMgdl || now - this.lastMealBolusAt < s.mealQuietMinutes) return null;
    if (insulinOnBoard() < s.iobUnits) return null;
    const before = this.valueAt(now - s.riseWindowMinutes);
    return before !== null && glucose - before >= s.riseMgdl ? 'rising-with-insulin' : null;
  }

  private correctionWithoutEffect(now: number, glucose: number): DetectorReason | null {
    const s = this.settings;
    // Most readings come while no correction is due: found without building any list.
    let anyDue = false;
    for (const c of this.corrections) anyDue ||= this.checkDue(c, now);
    if (!anyDue) return null;
    const due = this.corrections.filter((c) => this.checkDue(c, now));
    this.corrections = this.corrections.filter((c) => !this.checkDue(c, now));
    for (const c of due) {
      const expectedFall = c.units * c.sensitivityMgdlPerUnit * EXPECTED_EFFECT_SHARE_AT_CHECK;
      if (glucose > s.highMgdl && c.glucoseMgdl - glucose < expectedFall / 3)
        return 'correction-without-effect';
    }
    return null;
  }

  /** Whether a correction's effect is due to be checked by now. */
  private checkDue(correction: Correction, now: number): boolean {
    return now - correction.atMinutes >= this.settings.correctionCheckMinutes;
  }

  private noFallForLong(now: number, glucose: number): DetectorReason | null {
    const s = this.settings;
    if (glucose <= s.persistentHighMgdl || now - this.lastMealBolusAt < s.persistentMinutes)
      return null;
    // Walking back from the newest: every reading since the window's start must be high, and
    // the window must start with a reading (within 10 minutes of its start).
    const since = now - s.persistentMinutes;
    let earliest = Infinity;
    for (let k = 0; k < this.held; k += 1) {
      const slot = this.slotBack(k);
      if (this.times[slot]! < since) break;
      if (this.glucose[slot]! <= s.persistentHighMgdl) return null;
      earliest = this.times[slot]!;
    }
    if (earliest > since + 10) return null;
    const hourAgo = this.valueAt(now - 60);
    return hourAgo !== null && glucose >= hourAgo ? 'no-fall-for-long' : null;
  }

  /** The reading closest before or at `minutes`, if one exists within 10 minutes of it. */
  private valueAt(minutes: number): number | null {
    for (let k = 0; k < this.held; k += 1) {
      const slot = this.slotBack(k);
      const t = this.times[slot]!;
      if (t <= minutes) return minutes - t <= 10 ? this.glucose[slot]! : null;
    }
    return null;
  }

  /** The slot of the reading `k` before the newest. */
  private slotBack(k: number): number {
    return (this.nextSlot - 1 - k + 2 * HISTORY_READINGS) % HISTORY_READINGS;
  }
}
