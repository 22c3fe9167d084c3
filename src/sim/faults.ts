// Faults: every way delivery (or sensing) can fail, scheduled at a time or drawn at random at a
// rate per patient-year from the run's seeded generator. Each fault that happens is logged in the
// trace; what it does is played out by the infusion site, the pump hardware and the CGM.
import { z } from 'zod';
import type { Rng } from '../random/rng.ts';
import { minutesOfClock } from '../units/index.ts';
import { clockTime } from '../validation/clock.ts';
import { ranged, rangedInt } from '../validation/numbers.ts';

export const FAULT_KINDS = [
  'occlusion',
  'kinked-tubing',
  'dislodgement',
  'site-infection',
  'battery-depletion',
  'reservoir-neglect',
  'pump-failure',
  'cgm-dropout',
  'cgm-drift',
  'forgotten-reconnection',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** When: on a day of the run at a local time, or a number of minutes from the start. */
const scheduled = z.union([
  z.strictObject({ day: rangedInt(1, 366, ''), time: clockTime }),
  z.strictObject({ minutes: ranged(0, 366 * 1440, 'minutes from the start') }),
]);

const faultSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    /** A fixed time, or… */
    at: scheduled.optional(),
    /** …a rate: events per patient-year, drawn as a Poisson process. */
    ratePerPatientYear: ranged(0, 365, 'per patient-year').optional(),
    /**
     * Magnitude, by kind: occlusion and kinked tubing, the share of the flow blocked (1 =
     * complete); cgm-drift, the gain error reached per day; others ignore it.
     */
    magnitude: ranged(0, 1, '').optional(),
    /** How long it lasts, for faults that end by themselves (kinked tubing, CGM dropout,
     * a forgotten reconnection). */
    durationMinutes: ranged(1, 7 * 1440, 'minutes').optional(),
  })
  .refine((f) => (f.at === undefined) !== (f.ratePerPatientYear === undefined), {
    message: 'give either at (a time) or ratePerPatientYear (a rate), not both',
  });

export const faultsSchema = z.array(faultSchema).max(100, 'at most 100 faults');
export type FaultSpec = z.output<typeof faultSchema>;

/** Defaults for what a fault leaves unsaid. */
export const FAULT_DEFAULTS: Readonly<
  Record<FaultKind, { magnitude: number; durationMinutes: number }>
> = {
  occlusion: { magnitude: 1, durationMinutes: 7 * 1440 },
  'kinked-tubing': { magnitude: 1, durationMinutes: 90 },
  dislodgement: { magnitude: 1, durationMinutes: 7 * 1440 },
  'site-infection': { magnitude: 1, durationMinutes: 7 * 1440 },
  'battery-depletion': { magnitude: 1, durationMinutes: 180 },
  'reservoir-neglect': { magnitude: 1, durationMinutes: 7 * 1440 },
  'pump-failure': { magnitude: 1, durationMinutes: 7 * 1440 },
  'cgm-dropout': { magnitude: 1, durationMinutes: 180 },
  'cgm-drift': { magnitude: 0.1, durationMinutes: 3 * 1440 },
  'forgotten-reconnection': { magnitude: 1, durationMinutes: 300 },
};

export interface FaultEvent {
  readonly kind: FaultKind;
  readonly atMinutes: number;
  readonly magnitude: number;
  readonly durationMinutes: number;
  readonly origin: 'scheduled' | 'random';
}

/** Site infections grow likelier the longer a set stays in (see InfusionSite). */
export const RANDOM_KINDS_DRAWN_BY_SITE: readonly FaultKind[] = ['site-infection'];

/**
 * The faults of a run, in time order: scheduled ones where they were put, random ones drawn
 * from `rng` (each kind from its own stream, so adding one kind does not move another).
 */
export function planFaults(
  specs: readonly FaultSpec[],
  run: { durationMinutes: number; startMinuteOfDay: number; offsetMinutes: number },
  rng: Rng,
): FaultEvent[] {
  const events: FaultEvent[] = [];
  specs.forEach((spec, index) => {
    const magnitude = spec.magnitude ?? FAULT_DEFAULTS[spec.kind].magnitude;
    const durationMinutes = spec.durationMinutes ?? FAULT_DEFAULTS[spec.kind].durationMinutes;
    if (spec.at !== undefined) {
      const at = faultMinute(spec.at, run.startMinuteOfDay);
      events.push({
        kind: spec.kind,
        atMinutes: at + run.offsetMinutes,
        magnitude,
        durationMinutes,
        origin: 'scheduled',
      });
      return;
    }
    if (RANDOM_KINDS_DRAWN_BY_SITE.includes(spec.kind)) return;
    const stream = rng.fork(index + 1);
    const ratePerMinute = (spec.ratePerPatientYear ?? 0) / (365.25 * 1440);
    if (ratePerMinute <= 0) return;
    for (
      let t = stream.exponential(ratePerMinute);
      t < run.durationMinutes;
      t += stream.exponential(ratePerMinute)
    ) {
      events.push({
        kind: spec.kind,
        atMinutes: Math.floor(t) + run.offsetMinutes,
        magnitude,
        durationMinutes,
        origin: 'random',
      });
    }
  });
  return events.sort((a, b) => a.atMinutes - b.atMinutes);
}

/** Minutes from the run's start (at `startMinuteOfDay` on day 1) of a scheduled fault. */
export function faultMinute(at: NonNullable<FaultSpec['at']>, startMinuteOfDay: number): number {
  return 'minutes' in at
    ? at.minutes
    : (at.day - 1) * 1440 + minutesOfClock(at.time) - startMinuteOfDay;
}

/**
 * Scheduled faults must fall inside the run: the scenario (and a cohort, for each list at `path`)
 * refuses those that do not.
 */
export function faultTimeProblems(
  specs: readonly FaultSpec[],
  durationDays: number,
  startTime: string,
  path = 'faults',
): string[] {
  const problems: string[] = [];
  specs.forEach((spec, index) => {
    if (spec.at === undefined) return;
    const at = faultMinute(spec.at, minutesOfClock(startTime));
    if (at < 0 || at >= durationDays * 1440) {
      problems.push(
        `${path}.${index}.at = ${JSON.stringify(spec.at)}: within the run, 0–${durationDays * 1440 - 1} minutes from the start (day 1–${durationDays})`,
      );
    }
  });
  return problems;
}
