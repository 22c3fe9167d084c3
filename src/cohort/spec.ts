// The cohort specification: who is simulated (population size, source, behaviour groups), for how
// long, under which arms (therapy × insulin × pump settings × behaviour), with which faults,
// outcome definitions and cost model. Parsed with zod at the boundary; each arm's fields are the
// scenario's (sim/scenario.ts) with the scenario's defaults; an error lists every field path, the
// value and what is allowed.
import { z } from 'zod';
import { DEFAULT_PUMP_SETTINGS, hourlyPattern, parsePumpSettings } from '../pump/index.ts';
import { BASAL_STEP_UNITS_PER_HOUR } from '../sim/pumpSettings.ts';
import { faultsSchema, faultTimeProblems, type FaultSpec } from '../sim/faults.ts';
import {
  DAWN_ORDER,
  dawnPhenomenonFields,
  scenarioSchema,
  sensorProblems,
} from '../sim/scenario.ts';
import { behaviourSchema } from '../therapy/behaviour.ts';
import { createController } from '../therapy/controllers/index.ts';
import { ranged, rangedInt } from '../validation/numbers.ts';
import { problemLines } from '../validation/parseOptions.ts';
import { costModelSchema } from './cost.ts';
import { PATIENTS_MAX, SEGMENTS_MAX } from './seeds.ts';

/** A simulated year of follow-up; a patient's run is cut into segments of at most this. */
export const SEGMENT_DAYS_MAX = 365;
export const DURATION_DAYS_MAX = SEGMENT_DAYS_MAX * SEGMENTS_MAX;
export const ARMS_MAX = 8;
/** The built-in population (physiology/population.ts DEFAULT_ADULT_POPULATION). */
export const DEFAULT_ADULT_COUNT = 100;

const scenario = scenarioSchema.shape;

/** Behaviour fields to override, validated like the scenario's but with no defaults filled in. */
const behaviourShape = behaviourSchema.shape;
type BehaviourShape = typeof behaviourShape;
const behaviourOverridesSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(behaviourShape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as { [K in keyof BehaviourShape]: z.ZodOptional<ReturnType<BehaviourShape[K]['unwrap']>> },
);
export type BehaviourOverrides = z.output<typeof behaviourOverridesSchema>;

const groupSchema = z.strictObject({
  name: z.string().min(1).max(40),
  share: ranged(0, 1, ''),
  behaviour: behaviourOverridesSchema.default({}),
});

const populationSchema = z
  .strictObject({
    size: rangedInt(1, PATIENTS_MAX, 'patients'),
    /** Drawn from the Hovorka distributions, one seed per patient, or the built-in 100 adults. */
    source: z.enum(['generated', 'default-adult']).default('generated'),
    mix: z.array(groupSchema).min(1).max(20).optional(),
    /**
     * A dawn phenomenon for a share of the patients (stratified, seeded), all with the same rise
     * (sim/scenario.ts). Default share: 101 of 114 adults had a rise of more than 20 % for at least
     * 90 minutes in Perriello et al. 1991, whose mean the rise's defaults follow.
     */
    dawnPhenomenon: z
      .strictObject({ share: ranged(0, 1, '').default(101 / 114), ...dawnPhenomenonFields })
      .refine(...DAWN_ORDER)
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.source === 'default-adult' && p.size > DEFAULT_ADULT_COUNT) {
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        input: p.size,
        message: `integer 1–${DEFAULT_ADULT_COUNT} patients for source 'default-adult'`,
      });
    }
    if (p.mix === undefined) return;
    const total = p.mix.reduce((sum, g) => sum + g.share, 0);
    if (Math.abs(total - 1) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['mix'],
        input: p.mix.map((g) => g.share),
        message: `shares summing to 1 (they sum to ${total})`,
      });
    }
    duplicates(p.mix.map((g) => g.name)).forEach((index) =>
      ctx.addIssue({
        code: 'custom',
        path: ['mix', index, 'name'],
        input: p.mix?.[index]?.name,
        message: 'a name no other group has',
      }),
    );
  });

const durationSchema = z
  .union(
    [
      z.strictObject({ days: rangedInt(1, DURATION_DAYS_MAX, 'days') }),
      z.strictObject({ years: ranged(0.01, SEGMENTS_MAX, 'years') }),
    ],
    { error: `{ days: 1–${DURATION_DAYS_MAX} } or { years: 0.01–${SEGMENTS_MAX} }` },
  )
  // A year of follow-up is 365 simulated days (one segment).
  .transform((d) => ({
    days: 'days' in d ? d.days : Math.max(1, Math.round(d.years * SEGMENT_DAYS_MAX)),
  }));

const armSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _ (at most 40)'),
  label: z.string().min(1).max(120).optional(),
  therapy: scenario.therapy,
  insulin: scenario.insulin,
  pump: scenario.pump,
  behaviour: behaviourOverridesSchema.default({}),
  sensor: scenario.sensor,
  site: scenario.site,
  detector: scenario.detector,
  /** Replaces the cohort's faults for this arm. */
  faults: faultsSchema.optional(),
  /** Follow-up schedule costed for this arm. */
  followUp: z.enum(['routine', 'ideal']).default('routine'),
});

const outcomesSchema = z.strictObject({
  ...scenario.outcomes.unwrap().shape,
  /** A ketoacidosis starting while a delivery fault acts, or this long after it, is technical. */
  technicalCauseWindowHours: ranged(0, 168, 'h').default(24),
});

export const cohortSchema = z
  .strictObject({
    name: z.string().min(1).max(80),
    seed: rangedInt(0, 0xffffffff, ''),
    population: populationSchema,
    duration: durationSchema,
    arms: z.array(armSchema).min(1, `1–${ARMS_MAX} arms`).max(ARMS_MAX, `1–${ARMS_MAX} arms`),
    /** The day's meals, the same for every arm (a daily plan: it repeats over the years). */
    meals: scenario.meals.refine((m) => m.kind === 'daily', {
      message: "a daily plan (kind 'daily')",
    }),
    faults: faultsSchema.default([]),
    outcomes: outcomesSchema.prefault({}),
    /** The cost model object (the CLI reads it from a file). */
    cost: costModelSchema.prefault({}),
  })
  .superRefine((spec, ctx) => {
    duplicates(spec.arms.map((a) => a.id)).forEach((index) =>
      ctx.addIssue({
        code: 'custom',
        path: ['arms', index, 'id'],
        input: spec.arms[index]?.id,
        message: 'an id no other arm has',
      }),
    );
  });

export type CohortSpecInput = z.input<typeof cohortSchema>;
export type CohortSpec = z.output<typeof cohortSchema>;
export type CohortArm = CohortSpec['arms'][number];

export class CohortError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid cohort:\n  ${problems.join('\n  ')}`);
    this.name = 'CohortError';
  }
}

/** Parses a cohort, or throws a CohortError listing each field path, value and allowed range. */
export function parseCohort(input: unknown): CohortSpec {
  const parsed = cohortSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new CohortError(problemLines(parsed.error.issues, 'cohort'));
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new CohortError(problems);
  return parsed.data;
}

/**
 * The pump's defaults with the lowest programmable basal rate: what an arm's pump overrides are
 * checked against here. Each patient's own basal and limits come in when the cohort is prepared
 * (armPumpSettings.ts); checked against the defaults' 0.8 U/h, a maximum basal that fits every
 * patient of a population could be refused.
 */
const PATIENT_NEUTRAL_PUMP = {
  ...DEFAULT_PUMP_SETTINGS,
  basalPatterns: [hourlyPattern('Standard', new Array<number>(24).fill(BASAL_STEP_UNITS_PER_HOUR))],
};

/** Checks zod cannot make field by field: pump settings, controller options, sensor, fault times. */
function crossFieldProblems(spec: CohortSpec): string[] {
  const problems: string[] = [];
  spec.arms.forEach((arm, a) => {
    const pump = parsePumpSettings({ ...PATIENT_NEUTRAL_PUMP, ...arm.pump }, `arms.${a}.pump`);
    if (!pump.ok)
      problems.push(`${pump.refusal.field} = ${pump.refusal.value}: ${pump.refusal.allowed}`);
    if (arm.therapy.kind === 'closed-loop') {
      try {
        createController(arm.therapy.controller, arm.therapy.controllerOptions);
      } catch (error) {
        problems.push(`arms.${a}.therapy.controllerOptions: ${(error as Error).message}`);
      }
    }
    problems.push(...sensorProblems(arm.therapy.kind, arm.sensor.kind, `arms.${a}.sensor`));
    if (arm.faults !== undefined)
      problems.push(...cohortFaultTimeProblems(arm.faults, spec, `arms.${a}.faults`));
  });
  problems.push(...cohortFaultTimeProblems(spec.faults, spec, 'faults'));
  return problems;
}

/**
 * A cohort's segments start at midnight (the scenario's default start time), so a scheduled
 * fault's time counts from midnight of day 1.
 */
export const COHORT_START_TIME = '00:00';

function cohortFaultTimeProblems(
  faults: readonly FaultSpec[],
  spec: CohortSpec,
  path: string,
): string[] {
  return faultTimeProblems(faults, spec.duration.days, COHORT_START_TIME, path);
}

function duplicates(names: readonly string[]): number[] {
  return names.flatMap((name, index) => (names.indexOf(name) < index ? [index] : []));
}

/** Tasks of a cohort: one per patient and arm. */
export function cohortTasks(spec: CohortSpec): number {
  return spec.arms.length * spec.population.size;
}

export interface CohortTask {
  readonly patientIndex: number;
  readonly armIndex: number;
}

/** Task i runs patient ⌊i / arms⌋ in arm i mod arms: a patient's arms are neighbours. */
export function taskOf(spec: CohortSpec, taskIndex: number): CohortTask {
  const total = cohortTasks(spec);
  if (!Number.isInteger(taskIndex) || taskIndex < 0 || taskIndex >= total) {
    throw new RangeError(`taskIndex = ${taskIndex}: integer 0–${total - 1}`);
  }
  const arms = spec.arms.length;
  return { patientIndex: Math.floor(taskIndex / arms), armIndex: taskIndex % arms };
}

/** The inverse of taskOf. */
export function taskIndexOf(spec: CohortSpec, task: CohortTask): number {
  const { patientIndex, armIndex } = task;
  const arms = spec.arms.length;
  if (!Number.isInteger(armIndex) || armIndex < 0 || armIndex >= arms) {
    throw new RangeError(`armIndex = ${armIndex}: integer 0–${arms - 1}`);
  }
  if (!Number.isInteger(patientIndex) || patientIndex < 0 || patientIndex >= spec.population.size) {
    throw new RangeError(`patientIndex = ${patientIndex}: integer 0–${spec.population.size - 1}`);
  }
  return patientIndex * arms + armIndex;
}
