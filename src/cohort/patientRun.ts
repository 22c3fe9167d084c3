// One task of a cohort: one patient under one arm for the whole duration, run as consecutive
// one-year segments (at most 365 days, one `simulate` call each) and boiled down to a small
// summary. Segment k of patient p has the scenario seed segmentSeed(master, p, k) in every arm,
// so arms compare the same people living the same days.
//
// Each segment starts from the patient's steady state on their basal insulin, with a new infusion
// set and a full reservoir (what `simulate` does at minute 0): nothing carries over from one year
// to the next, and no trace outlives its segment.
import { noUsage } from '../sim/result.ts';
import { simulate } from '../sim/run.ts';
import { faultMinute, type FaultSpec } from '../sim/faults.ts';
import type { Scenario, ScenarioInput } from '../sim/scenario.ts';
import { patientYearCost, type CostUsage, type PatientYearCost } from './cost.ts';
import { groupIndexOf, hasDawnPhenomenon, patientSeed, segmentSeed } from './seeds.ts';
import {
  COHORT_START_TIME,
  SEGMENT_DAYS_MAX,
  taskIndexOf,
  type BehaviourOverrides,
  type CohortSpec,
  type CohortTask,
} from './spec.ts';
import { minutesOfClock, round } from '../units/index.ts';
import { HBA1C_WINDOW_DAYS, summariseYear, type YearSummary } from './yearOutcomes.ts';

/** The length of a patient-year, as the simulator's fault rates count it. */
export const DAYS_PER_PATIENT_YEAR = 365.25;

export interface PatientSummary {
  readonly task: CohortTask & { readonly taskIndex: number };
  readonly armId: string;
  readonly patient: {
    readonly name: string;
    /** The generated patient's seed, or null for a member of the built-in population. */
    readonly seed: number | null;
    readonly populationIndex: number | null;
    readonly bodyWeightKg: number;
    readonly totalDailyDoseUnits: number;
    /** Whether the patient has the cohort's dawn phenomenon. */
    readonly dawnPhenomenon: boolean;
  };
  /** The behaviour group of the population mix (null without a mix). */
  readonly group: string | null;
  readonly days: number;
  readonly patientYears: number;
  readonly years: readonly YearSummary[];
  /** Mean of the yearly HbA1c values over the years with a full 90-day window (all if none). */
  readonly hba1cPercent: number;
  /** Supplies and devices used over the whole run. */
  readonly usage: CostUsage;
  readonly cost: PatientYearCost;
}

/** Runs one task of `spec` (a parsed cohort) and summarises it. */
export function runCohortPatient(spec: CohortSpec, task: CohortTask): PatientSummary {
  const taskIndex = taskIndexOf(spec, task);
  const arm = armOf(spec, task);
  const segments = segmentsOf(spec.duration.days);
  const years: YearSummary[] = [];
  const usage = noUsage();
  let patient: PatientSummary['patient'] | null = null;
  for (const segment of segments) {
    const scenario = segmentScenario(spec, task, segment.index);
    const result = simulate(scenario, { detail: 'summary' });
    patient ??= {
      name: result.patient.name,
      seed:
        spec.population.source === 'generated' ? patientSeed(spec.seed, task.patientIndex) : null,
      populationIndex: spec.population.source === 'default-adult' ? task.patientIndex : null,
      bodyWeightKg: result.patient.bodyWeightKg,
      totalDailyDoseUnits: result.patient.totalDailyDoseUnits,
      dawnPhenomenon: result.patient.dawnPhenomenon !== null,
    };
    years.push(
      summariseYear(result, {
        year: segment.index + 1,
        seed: result.seed,
        technicalCauseWindowMinutes: spec.outcomes.technicalCauseWindowHours * 60,
      }),
    );
    for (const key of Object.keys(usage) as (keyof CostUsage)[]) usage[key] += result.usage[key];
  }
  if (patient === null) throw new Error('a cohort run has at least one segment');
  const patientYears = spec.duration.days / DAYS_PER_PATIENT_YEAR;
  const cost = patientYearCost(spec.cost, usage, {
    patientYears,
    pumpWorn: arm.therapy.kind !== 'mdi',
    followUp: arm.followUp,
  });
  return {
    task: { taskIndex, patientIndex: task.patientIndex, armIndex: task.armIndex },
    armId: arm.id,
    patient,
    group: groupOf(spec, task.patientIndex)?.name ?? null,
    days: spec.duration.days,
    patientYears,
    years,
    hba1cPercent: round(patientHba1c(years), 3),
    usage,
    cost: {
      eurPerPatientYear: round(cost.eurPerPatientYear, 2),
      itemsEurPerPatientYear: Object.fromEntries(
        Object.entries(cost.itemsEurPerPatientYear).map(([id, eur]) => [id, round(eur, 2)]),
      ) as PatientYearCost['itemsEurPerPatientYear'],
    },
  };
}

export interface Segment {
  readonly index: number;
  /** Days from the start of the run to the segment's first day. */
  readonly fromDay: number;
  readonly days: number;
}

/** Consecutive segments of SEGMENT_DAYS_MAX days; the last holds what is left. */
export function segmentsOf(days: number): Segment[] {
  const segments: Segment[] = [];
  for (let fromDay = 0; fromDay < days; fromDay += SEGMENT_DAYS_MAX) {
    segments.push({
      index: segments.length,
      fromDay,
      days: Math.min(SEGMENT_DAYS_MAX, days - fromDay),
    });
  }
  return segments;
}

/** The scenario of segment k of a task: the arm's settings, the patient, the segment's seed. */
export function segmentScenario(
  spec: CohortSpec,
  task: CohortTask,
  segmentIndex: number,
): ScenarioInput {
  const arm = armOf(spec, task);
  const segment = segmentsOf(spec.duration.days)[segmentIndex];
  if (segment === undefined) throw new RangeError(`segmentIndex = ${segmentIndex}`);
  const { technicalCauseWindowHours: _window, ...outcomes } = spec.outcomes;
  const p = task.patientIndex;
  return {
    name: `${arm.id} patient ${p + 1} year ${segmentIndex + 1}`,
    patient: patientOf(spec, p),
    durationDays: segment.days,
    insulin: arm.insulin,
    therapy: arm.therapy,
    pump: arm.pump,
    meals: spec.meals,
    behaviour: behaviourOf(spec, task),
    sensor: arm.sensor,
    faults: segmentFaults(arm.faults ?? spec.faults, segment),
    site: arm.site,
    detector: arm.detector,
    outcomes,
    seed: segmentSeed(spec.seed, p, segmentIndex),
  };
}

/**
 * Patient p of the cohort, as a scenario names it: drawn from its seed, or a built-in adult; with
 * the cohort's dawn phenomenon if p is among the share who have it.
 */
export function patientOf(spec: CohortSpec, patientIndex: number): Scenario['patient'] {
  const { source, size, dawnPhenomenon } = spec.population;
  let dawn = {};
  if (dawnPhenomenon !== undefined) {
    const { share, ...rise } = dawnPhenomenon;
    if (hasDawnPhenomenon(spec.seed, { populationSize: size, share }, patientIndex)) {
      dawn = { dawnPhenomenon: rise };
    }
  }
  return source === 'generated'
    ? { source: 'generated', seed: patientSeed(spec.seed, patientIndex), ...dawn }
    : { source: 'population', index: patientIndex, ...dawn };
}

/** Random faults act in every segment; a scheduled one only in the segment it falls in. */
function segmentFaults(faults: readonly FaultSpec[], segment: Segment): FaultSpec[] {
  const from = segment.fromDay * 1440;
  const to = from + segment.days * 1440;
  return faults.flatMap((fault) => {
    if (fault.at === undefined) return [fault];
    const at = faultMinute(fault.at, minutesOfClock(COHORT_START_TIME));
    return at >= from && at < to ? [{ ...fault, at: { minutes: at - from } }] : [];
  });
}

function armOf(spec: CohortSpec, task: CohortTask) {
  const arm = spec.arms[task.armIndex];
  if (arm === undefined) throw new RangeError(`armIndex = ${task.armIndex}`);
  return arm;
}

/** The arm's behaviour is the intervention: it wins over the group's where both set a field. */
function behaviourOf(spec: CohortSpec, task: CohortTask): BehaviourOverrides {
  return { ...groupOf(spec, task.patientIndex)?.behaviour, ...armOf(spec, task).behaviour };
}

function groupOf(spec: CohortSpec, patientIndex: number) {
  const mix = spec.population.mix;
  if (mix === undefined) return undefined;
  const shares = mix.map((g) => g.share);
  return mix[
    groupIndexOf(spec.seed, { populationSize: spec.population.size, shares }, patientIndex)
  ];
}

/** HbA1c of the patient: years with a full window count; a run shorter than one uses what it has. */
function patientHba1c(years: readonly YearSummary[]): number {
  const full = years.filter((y) => y.hba1cWindowDays === HBA1C_WINDOW_DAYS);
  const used = full.length > 0 ? full : years;
  return used.reduce((sum, y) => sum + y.hba1cPercent, 0) / used.length;
}
