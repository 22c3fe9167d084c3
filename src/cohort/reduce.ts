// From the per-patient summaries of a cohort to its outcomes per arm: HbA1c mean ± SD, event rates
// per patient-year with exact Poisson intervals, time in ranges, post-meal glucose, insulin and
// cost per patient-year, and the methods in plain sentences. The summaries are put in task order
// first, so the result is the same whatever order (or worker) they came from.
import { incidence, type IncidenceRate } from '../outcomes/incidence.ts';
import { COST_ITEMS, type CostItemId } from './cost.ts';
import { cohortMethods } from './methods.ts';
import type { PatientSummary } from './patientRun.ts';
import { cohortTasks, type CohortSpec } from './spec.ts';
import { round } from '../units/index.ts';

export interface MeanSd {
  /** Null when no patient has a value. */
  readonly mean: number | null;
  /** Sample SD (n − 1); null with fewer than two values. */
  readonly sd: number | null;
  readonly n: number;
}

export interface ArmOutcomes {
  readonly armId: string;
  readonly label: string;
  readonly patients: number;
  readonly patientYears: number;
  /** Over patients, each patient's mean of their yearly HbA1c values (PatientSummary). */
  readonly hba1cPercent: MeanSd;
  readonly hba1cPercentByYear: readonly (MeanSd & { readonly year: number })[];
  readonly meanGlucoseMgdl: MeanSd;
  readonly meanPostMealGlucoseMgdl: MeanSd;
  /** Means over patients of each patient's time in range over the whole run. */
  readonly timeInRangesPercent: {
    readonly below54: number | null;
    readonly below70: number | null;
    readonly from70To180: number | null;
    readonly above180: number | null;
    readonly above250: number | null;
  };
  readonly insulinUnitsPerDay: MeanSd;
  readonly severeHypoglycaemia: IncidenceRate | null;
  readonly ketoacidosis: IncidenceRate | null;
  readonly technicalKetoacidosis: IncidenceRate | null;
  /** Share of the ketoacidoses with a technical cause (null: none happened). */
  readonly technicalShareOfKetoacidoses: number | null;
  readonly siteInfections: IncidenceRate | null;
  readonly abscesses: IncidenceRate | null;
  readonly cost: {
    readonly eurPerPatientYear: MeanSd;
    readonly itemsEurPerPatientYear: Readonly<Record<CostItemId, number | null>>;
    readonly flatFeeEurPerPatientYear: number;
  };
}

export interface CohortOutcomes {
  readonly name: string;
  readonly seed: number;
  readonly days: number;
  readonly tasks: number;
  readonly summaries: number;
  /** Every task has its summary. */
  readonly complete: boolean;
  readonly arms: readonly ArmOutcomes[];
  readonly methods: readonly string[];
}

export interface ReduceOptions {
  /** Reduce what has arrived so far (progress reports); by default every task must be there. */
  readonly allowMissing?: boolean;
}

export function reduceCohort(
  spec: CohortSpec,
  summaries: readonly PatientSummary[],
  options: ReduceOptions = {},
): CohortOutcomes {
  const ordered = inTaskOrder(spec, summaries, options);
  return {
    name: spec.name,
    seed: spec.seed,
    days: spec.duration.days,
    tasks: cohortTasks(spec),
    summaries: ordered.length,
    complete: ordered.length === cohortTasks(spec),
    arms: spec.arms.map((arm, armIndex) =>
      armOutcomes(
        spec,
        armIndex,
        ordered.filter((s) => s.task.armIndex === armIndex),
      ),
    ),
    methods: cohortMethods(spec),
  };
}

/** Checks each summary belongs to the spec, once; sorts them by task. */
function inTaskOrder(
  spec: CohortSpec,
  summaries: readonly PatientSummary[],
  options: ReduceOptions,
): PatientSummary[] {
  const tasks = cohortTasks(spec);
  const seen = new Set<number>();
  for (const s of summaries) {
    const { taskIndex, patientIndex, armIndex } = s.task;
    const arm = spec.arms[armIndex];
    if (
      !(taskIndex >= 0 && taskIndex < tasks) ||
      taskIndex !== patientIndex * spec.arms.length + armIndex ||
      arm?.id !== s.armId ||
      s.days !== spec.duration.days
    ) {
      throw new RangeError(`summary of task ${taskIndex} (arm ${s.armId}) is not of this cohort`);
    }
    if (seen.has(taskIndex)) throw new RangeError(`task ${taskIndex} has two summaries`);
    seen.add(taskIndex);
  }
  if (!options.allowMissing && seen.size < tasks) {
    throw new RangeError(`${tasks - seen.size} of ${tasks} tasks have no summary`);
  }
  return [...summaries].sort((a, b) => a.task.taskIndex - b.task.taskIndex);
}

function armOutcomes(spec: CohortSpec, armIndex: number, patients: PatientSummary[]): ArmOutcomes {
  const arm = spec.arms[armIndex];
  if (arm === undefined) throw new RangeError(`armIndex = ${armIndex}`);
  const patientYears = sum(patients.map((p) => p.patientYears));
  const rate = (count: (p: PatientSummary) => number) =>
    patients.length === 0 ? null : incidence(sum(patients.map(count)), patientYears);
  const daily = (field: DailyField) => meanSd(patients.map((p) => dayWeighted(p, field)));
  const total = (field: CountField) => (p: PatientSummary) => sum(p.years.map((y) => y[field]));
  const ketoacidoses = sum(patients.map(total('ketoacidoses')));
  const technical = sum(patients.map(total('technicalKetoacidoses')));
  return {
    armId: arm.id,
    label: arm.label ?? arm.id,
    patients: patients.length,
    patientYears,
    hba1cPercent: meanSd(patients.map((p) => p.hba1cPercent)),
    hba1cPercentByYear: byYear(patients),
    meanGlucoseMgdl: daily('meanGlucoseMgdl'),
    meanPostMealGlucoseMgdl: meanSd(patients.flatMap(postMealOf)),
    timeInRangesPercent: {
      below54: daily('tbrLevel2Percent').mean,
      below70: daily('tbrPercent').mean,
      from70To180: daily('tirPercent').mean,
      above180: daily('tarPercent').mean,
      above250: daily('tarLevel2Percent').mean,
    },
    insulinUnitsPerDay: daily('insulinUnitsPerDay'),
    severeHypoglycaemia: rate(total('severeHypos')),
    ketoacidosis: rate(total('ketoacidoses')),
    technicalKetoacidosis: rate(total('technicalKetoacidoses')),
    technicalShareOfKetoacidoses: ketoacidoses > 0 ? technical / ketoacidoses : null,
    siteInfections: rate(total('siteInfections')),
    abscesses: rate(total('abscesses')),
    cost: {
      eurPerPatientYear: meanSd(patients.map((p) => p.cost.eurPerPatientYear)),
      itemsEurPerPatientYear: Object.fromEntries(
        COST_ITEMS.map(({ id }) => [
          id,
          meanSd(patients.map((p) => p.cost.itemsEurPerPatientYear[id])).mean,
        ]),
      ) as Record<CostItemId, number | null>,
      flatFeeEurPerPatientYear: spec.cost.flatFeeEurPerPatientYear,
    },
  };
}

type CountField =
  'severeHypos' | 'ketoacidoses' | 'technicalKetoacidoses' | 'siteInfections' | 'abscesses';
type DailyField =
  | 'meanGlucoseMgdl'
  | 'tbrLevel2Percent'
  | 'tbrPercent'
  | 'tirPercent'
  | 'tarPercent'
  | 'tarLevel2Percent'
  | 'insulinUnitsPerDay';

/** A patient's value over the whole run: the yearly values weighted by the days of each year. */
function dayWeighted(p: PatientSummary, field: DailyField): number {
  return sum(p.years.map((y) => y[field] * y.days)) / sum(p.years.map((y) => y.days));
}

/** A patient's post-meal glucose over the run: yearly means weighted by their meal counts. */
function postMealOf(p: PatientSummary): number[] {
  const meals = sum(p.years.map((y) => y.postMealCount));
  if (meals === 0) return [];
  return [sum(p.years.map((y) => (y.meanPostMealGlucoseMgdl ?? 0) * y.postMealCount)) / meals];
}

function byYear(patients: readonly PatientSummary[]) {
  const years = Math.max(0, ...patients.map((p) => p.years.length));
  return Array.from({ length: years }, (_, k) => ({
    year: k + 1,
    ...meanSd(patients.flatMap((p) => p.years[k]?.hba1cPercent ?? [])),
  }));
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: null, sd: null, n };
  const mean = sum(values) / n;
  const sd = n < 2 ? null : Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / (n - 1));
  return { mean: round(mean, 6), sd: sd === null ? null : round(sd, 6), n };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
