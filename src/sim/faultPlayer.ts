// Plays a run's faults: each takes effect at its time on the infusion site, the pump hardware,
// the CGM or the person, and is recorded with when it was detected and when it ended. Site
// infections are drawn here too, with a hazard that rises with the age of the set.
//
// The run asks every simulated minute, and nearly every minute nothing is due: `apply` knows the
// next minute something can happen (a fault's time, the end of a timed fault, a sore site
// noticed, the minute the infection hazard reaches its threshold) and returns at once before it.
// The hazard is still summed minute by minute, in the same order, but ahead of time and a day at
// a time, so the minute an infection starts is the one the per-minute sum gives.
import type { Rng } from '../random/rng.ts';
import type { CgmReading } from '../sensors/index.ts';
import type { Therapy, TherapyContext } from '../therapy/types.ts';
import type { FaultEvent, FaultKind } from './faults.ts';
import type { InfusionSite } from './infusionSite.ts';
import type { SimulatedPumpHardware } from './pumpHardware.ts';

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly atMinutes: number;
  readonly origin: 'scheduled' | 'random';
  readonly magnitude: number;
  /** When the pump alarmed or the detector or the person first noticed (null: never). */
  detectedAtMinutes: number | null;
  detectedBy: string | null;
  /** When it stopped acting (set change, replacement, end of its duration; null: not by the end). */
  resolvedAtMinutes: number | null;
}

/** Faults that live in the infusion set: a set change ends them. */
const SITE_FAULTS: ReadonlySet<FaultKind> = new Set([
  'occlusion',
  'kinked-tubing',
  'dislodgement',
  'site-infection',
  'forgotten-reconnection',
]);

/** How far ahead the infection hazard is summed at a time. */
const HAZARD_LOOKAHEAD_MINUTES = 1440;

/** Faults that end by themselves after their duration. */
const TIMED_FAULTS: ReadonlySet<FaultKind> = new Set([
  'kinked-tubing',
  'cgm-dropout',
  'cgm-drift',
  'forgotten-reconnection',
]);

export class FaultPlayer {
  readonly records: FaultRecord[] = [];
  private next = 0;
  private cgmDroppedUntil = -Infinity;
  private cgmDrift: { from: number; to: number; gainPerDay: number } | null = null;
  /** Infection: cumulative hazard of the current set against an exponential threshold. */
  private infectionHazard = 0;
  private infectionThreshold: number;
  /** The last minute whose chance is in `infectionHazard`. */
  private hazardSummedThrough = -1;
  /** The minute the hazard reached the threshold (Infinity: not within the minutes summed). */
  private infectionDueAt = Infinity;
  private infectionNoticeAt = Infinity;
  /** The last minute `apply` was called for. */
  private appliedMinute = -1;
  /** Before this minute `apply` has nothing to do (recomputed whenever that may change). */
  private quietUntil = -Infinity;
  readonly counts = { siteInfections: 0, abscesses: 0 };
  /** Faults that end by themselves after their duration, while they last. */
  private timed: { record: FaultRecord; endsAtMinutes: number }[] = [];

  constructor(
    private readonly events: readonly FaultEvent[],
    private readonly parts: {
      site: InfusionSite | null;
      hardware: SimulatedPumpHardware | null;
      person: Therapy;
      rng: Rng;
      abscessShare: number;
      infectionNoticedAfterMinutes: number;
    },
  ) {
    this.infectionThreshold = parts.rng.exponential(1);
  }

  /** Faults due by now take effect; a site infection may begin or be noticed. */
  apply(context: TherapyContext): void {
    const now = context.nowMinutes;
    this.appliedMinute = now;
    if (now < this.quietUntil) return;
    while (
      this.next < this.events.length &&
      (this.events[this.next]?.atMinutes ?? Infinity) <= now
    ) {
      const event = this.events[this.next];
      this.next += 1;
      if (event !== undefined) this.start(event, context);
    }
    this.watchSite(context);
    this.endTimedFaults(now);
    this.quietUntil = this.nextDueMinute(now);
  }

  /** The first minute after `now` at which `apply` may have something to do. */
  private nextDueMinute(now: number): number {
    let due = Math.min(
      this.events[this.next]?.atMinutes ?? Infinity,
      this.infectionNoticeAt,
      this.hazardDueMinute(now),
    );
    for (const { record, endsAtMinutes } of this.timed) {
      if (record.resolvedAtMinutes === null) due = Math.min(due, endsAtMinutes);
    }
    return Math.max(now + 1, due);
  }

  /**
   * The minute the infection hazard next needs looking at: the minute it reaches the threshold,
   * or the minute after those summed so far (up to a day ahead).
   */
  private hazardDueMinute(now: number): number {
    const site = this.parts.site;
    if (site === null || site.infected) return Infinity;
    this.sumHazardThrough(site, now + HAZARD_LOOKAHEAD_MINUTES);
    return Math.min(this.infectionDueAt, this.hazardSummedThrough + 1);
  }

  /** Adds each minute's chance, in order, until `lastMinute` or the threshold. */
  private sumHazardThrough(site: InfusionSite, lastMinute: number): void {
    if (this.infectionDueAt !== Infinity) return;
    for (let minute = this.hazardSummedThrough + 1; minute <= lastMinute; minute += 1) {
      this.infectionHazard += site.infectionChancePerMinute(minute);
      this.hazardSummedThrough = minute;
      if (this.infectionHazard >= this.infectionThreshold) {
        this.infectionDueAt = minute;
        return;
      }
    }
  }

  /** The CGM as faults leave it: dropped out, or reading with a growing gain error. */
  cgmReading(reading: CgmReading, now: number): CgmReading {
    if (now < this.cgmDroppedUntil) {
      return {
        timeMinutes: reading.timeMinutes,
        sampleIndex: reading.sampleIndex,
        status: 'dropout',
        glucoseMgdl: null,
      };
    }
    const drift = this.cgmDrift;
    if (drift === null || reading.glucoseMgdl === null || now < drift.from || now >= drift.to)
      return reading;
    const gain = 1 + (drift.gainPerDay * (now - drift.from)) / 1440;
    const glucose = Math.min(400, Math.max(40, Math.round(reading.rawGlucoseMgdl * gain)));
    // Object.assign, not a spread followed by a property (microseconds in Node 20, every reading).
    return Object.assign({}, reading, { glucoseMgdl: glucose as typeof reading.glucoseMgdl });
  }

  /** A new set ends the faults that lived in the old one. */
  setChanged(now: number): void {
    for (const r of this.records) {
      if (SITE_FAULTS.has(r.kind) && r.resolvedAtMinutes === null && r.atMinutes <= now)
        r.resolvedAtMinutes = now;
    }
    this.infectionHazard = 0;
    this.infectionThreshold = this.parts.rng.exponential(1);
    // The new set's hazard starts with the next minute `apply` is called for.
    this.hazardSummedThrough = this.appliedMinute;
    this.infectionDueAt = Infinity;
    this.infectionNoticeAt = Infinity;
    this.quietUntil = -Infinity;
  }

  /** Something noticed a problem: the pump (alarm), the detector or the person. */
  noticed(now: number, by: string, kinds: readonly FaultKind[]): void {
    for (const r of this.records) {
      if (
        kinds.includes(r.kind) &&
        r.detectedAtMinutes === null &&
        r.resolvedAtMinutes === null &&
        r.atMinutes <= now
      ) {
        r.detectedAtMinutes = now;
        r.detectedBy = by;
      }
    }
  }

  batteryChanged(now: number): void {
    this.resolve('battery-depletion', now);
  }

  reservoirFilled(now: number): void {
    this.resolve('reservoir-neglect', now);
  }

  pumpReplaced(now: number): void {
    this.resolve('pump-failure', now);
  }

  private resolve(kind: FaultKind, now: number): void {
    for (const r of this.records)
      if (r.kind === kind && r.resolvedAtMinutes === null) r.resolvedAtMinutes = now;
  }

  private start(event: FaultEvent, context: TherapyContext): void {
    const now = context.nowMinutes;
    const { site, hardware, person } = this.parts;
    const record: FaultRecord = {
      kind: event.kind,
      atMinutes: now,
      origin: event.origin,
      magnitude: event.magnitude,
      detectedAtMinutes: null,
      detectedBy: null,
      resolvedAtMinutes: null,
    };
    const needsPump =
      SITE_FAULTS.has(event.kind) ||
      ['battery-depletion', 'reservoir-neglect', 'pump-failure'].includes(event.kind);
    if (needsPump && (site === null || hardware === null)) return;
    this.records.push(record);
    if (TIMED_FAULTS.has(event.kind))
      this.timed.push({ record, endsAtMinutes: event.atMinutes + event.durationMinutes });
    context.log('fault', {
      kind: event.kind,
      origin: event.origin,
      magnitude: event.magnitude,
      durationMinutes: event.durationMinutes,
    });
    switch (event.kind) {
      case 'occlusion':
      case 'kinked-tubing':
        if (site !== null) {
          site.blockedShare = event.magnitude;
          site.blockedUntilMinutes = now + event.durationMinutes;
        }
        break;
      case 'dislodgement':
        if (site !== null) site.dislodged = true;
        break;
      case 'forgotten-reconnection':
        if (site !== null) site.disconnectedUntilMinutes = now + event.durationMinutes;
        break;
      case 'site-infection':
        this.infect(now);
        break;
      case 'battery-depletion':
        hardware?.failBattery(now, event.durationMinutes);
        break;
      case 'reservoir-neglect':
        person.neglectReservoir?.();
        break;
      case 'pump-failure':
        if (hardware !== null) hardware.motorFault = true;
        break;
      case 'cgm-dropout':
        this.cgmDroppedUntil = now + event.durationMinutes;
        break;
      case 'cgm-drift':
        this.cgmDrift = { from: now, to: now + event.durationMinutes, gainPerDay: event.magnitude };
        break;
    }
  }

  private infect(now: number): void {
    const site = this.parts.site;
    if (site === null || site.infected) return;
    site.infected = true;
    this.counts.siteInfections += 1;
    if (this.parts.rng.chance(this.parts.abscessShare)) this.counts.abscesses += 1;
    this.infectionNoticeAt = now + this.parts.infectionNoticedAfterMinutes;
  }

  private watchSite(context: TherapyContext): void {
    const site = this.parts.site;
    if (site === null) return;
    const now = context.nowMinutes;
    if (!site.infected) {
      this.sumHazardThrough(site, now);
      if (this.infectionDueAt === now) {
        this.records.push({
          kind: 'site-infection',
          atMinutes: now,
          origin: 'random',
          magnitude: 1,
          detectedAtMinutes: null,
          detectedBy: null,
          resolvedAtMinutes: null,
        });
        context.log('fault', { kind: 'site-infection', origin: 'random' });
        this.infect(now);
      }
    }
    if (now >= this.infectionNoticeAt) {
      this.infectionNoticeAt = Infinity;
      this.noticed(now, 'person (sore site)', ['site-infection']);
      this.parts.person.onSiteInfectionNoticed?.(context);
    }
  }

  private endTimedFaults(now: number): void {
    let ended = false;
    for (const { record, endsAtMinutes } of this.timed) {
      if (record.resolvedAtMinutes === null && now >= endsAtMinutes) record.resolvedAtMinutes = now;
      if (record.resolvedAtMinutes !== null) ended = true;
    }
    if (ended) this.timed = this.timed.filter(({ record }) => record.resolvedAtMinutes === null);
  }
}
