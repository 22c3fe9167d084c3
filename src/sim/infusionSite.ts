// The infusion set between the pump and the tissue: where pulses can be held back by a blocked
// line, lost to a dislodged cannula or an open connector, or absorbed poorly by a worn or infected
// site. The pump only learns of a blocked line, through its pressure; everything else is silent.
//
// Wear: beyond `wearStartHours` a share of each pulse is not absorbed normally, growing by
// `lossPerDay` per day of extra wear (at most MAX_WEAR_LOSS), varying pulse to pulse with
// `erraticCv` (site reaction, lipohypertrophy: Heinemann 2009 on variable absorption). Half of
// that share is lost (leak, local degradation), half reaches the depot `slowdownMinutes` late
// (slowed absorption). An infected site loses half of what reaches it until the set is changed.
import { z } from 'zod';
import type { Rng } from '../random/rng.ts';
import { ranged } from '../validation/numbers.ts';

export const siteSchema = z.strictObject({
  /** A set is worn without loss of absorption up to this age (3 days: clinical.md). */
  wearStartHours: ranged(24, 168, 'h').default(72),
  /** Share of each pulse not absorbed normally, per day beyond that age. */
  lossPerDay: ranged(0, 1, '').default(0.15),
  /** Pulse-to-pulse variation of that share (coefficient of variation). */
  erraticCv: ranged(0, 2, '').default(0.5),
  /** Delay of the slowed half. */
  slowdownMinutes: ranged(0, 480, 'minutes').default(90),
  /** Site infections per patient-year with a set worn no more than `wearStartHours`… */
  infectionRatePerPatientYear: ranged(0, 10, 'per patient-year').default(0.1),
  /** …multiplied by 1 + this for each day beyond it. */
  infectionRisePerExtraDay: ranged(0, 50, '').default(2),
  /** Share of infections that become an abscess needing medical or surgical treatment. */
  abscessShare: ranged(0, 1, '').default(0.5),
});
export type SiteParameters = z.output<typeof siteSchema>;

/** The wear loss never exceeds this share: some insulin is still absorbed. */
const MAX_WEAR_LOSS = 0.7;
const DELAY_QUEUE_MAX = 10_000;
const INFECTED_ABSORPTION = 0.5;

export interface SiteOutcome {
  /** Units reaching the subcutaneous depot now. */
  toDepot: number;
  /** Units lost (dislodged, disconnected, leaked). */
  lost: number;
}

export class InfusionSite {
  insertedAtMinutes = 0;
  dislodged = false;
  disconnectedUntilMinutes = -Infinity;
  /** Share of the flow held back by a blocked or kinked line (0 = open). */
  blockedShare = 0;
  blockedUntilMinutes = -Infinity;
  trappedUnits = 0;
  infected = false;
  private readonly delayed: { dueMinutes: number; units: number }[] = [];
  private readonly outcome: SiteOutcome = { toDepot: 0, lost: 0 };

  constructor(
    private readonly parameters: SiteParameters,
    private readonly rng: Rng,
  ) {}

  /** Where the units the pump pushed at `nowMinutes` go. The result object is reused. */
  deliver(nowMinutes: number, units: number): SiteOutcome {
    const out = this.outcome;
    out.toDepot = 0;
    out.lost = 0;
    const held = units * this.blockedShare;
    this.trappedUnits += held;
    const passing = units - held;
    if (this.dislodged || nowMinutes < this.disconnectedUntilMinutes) {
      out.lost = passing;
      return out;
    }
    const lossShare = this.wearLossShare(nowMinutes);
    const absorbed = passing * (1 - lossShare) * (this.infected ? INFECTED_ABSORPTION : 1);
    const slowed = (passing * lossShare) / 2;
    if (slowed > 0 && this.delayed.length < DELAY_QUEUE_MAX) {
      this.delayed.push({
        dueMinutes: nowMinutes + this.parameters.slowdownMinutes,
        units: slowed,
      });
    }
    out.toDepot = absorbed;
    out.lost = passing - absorbed - slowed;
    return out;
  }

  /** Units of slowed absorption due by now, and the trapped volume of a line that cleared. */
  release(nowMinutes: number): number {
    let units = 0;
    while (this.delayed.length > 0 && (this.delayed[0]?.dueMinutes ?? Infinity) <= nowMinutes) {
      units += this.delayed.shift()?.units ?? 0;
    }
    if (this.blockedShare > 0 && nowMinutes >= this.blockedUntilMinutes) {
      // The line opens (a kink undone): what was held back goes in at once.
      units += this.trappedUnits;
      this.trappedUnits = 0;
      this.blockedShare = 0;
    }
    return units;
  }

  /** A new set: the old one's faults, trapped insulin and slowed absorption go with it. */
  change(nowMinutes: number): void {
    this.insertedAtMinutes = nowMinutes;
    this.dislodged = false;
    this.blockedShare = 0;
    this.blockedUntilMinutes = -Infinity;
    this.trappedUnits = 0;
    this.infected = false;
    this.delayed.length = 0;
  }

  ageMinutes(nowMinutes: number): number {
    return nowMinutes - this.insertedAtMinutes;
  }

  /** Chance of a new infection in the next minute: rises with wear (skin flora, Pickup 2008). */
  infectionChancePerMinute(nowMinutes: number): number {
    const p = this.parameters;
    const extraDays = Math.max(0, this.ageMinutes(nowMinutes) / 1440 - p.wearStartHours / 24);
    const ratePerMinute = p.infectionRatePerPatientYear / (365.25 * 1440);
    return ratePerMinute * (1 + p.infectionRisePerExtraDay * extraDays);
  }

  private wearLossShare(nowMinutes: number): number {
    const p = this.parameters;
    const extraDays = this.ageMinutes(nowMinutes) / 1440 - p.wearStartHours / 24;
    if (extraDays <= 0 || p.lossPerDay === 0) return 0;
    const mean = Math.min(MAX_WEAR_LOSS, p.lossPerDay * extraDays);
    const share = mean * (1 + p.erraticCv * this.rng.normal());
    return Math.min(MAX_WEAR_LOSS, Math.max(0, share));
  }
}
