// Statistics of the pump-stop traces (./interruptionSimulation.ts): hourly states of one patient,
// population quantiles per hour and per sample, threshold times, and the paired comparison of the
// two insulins in the pump. Pure functions of the traces.
import { percentile } from '../outcomes/agp.ts';
import { mgdl, mgdlToMmolL, MINUTES_PER_HOUR } from '../units/index.ts';
import type {
  PumpStopPlan,
  PumpStopTrace,
  SampledCourse,
  ThresholdMinutes,
} from './interruptionSimulation.ts';
import { KETOSIS_BOHB_MMOLL } from './interruptionSimulation.ts';

export type CourseName = 'resumed' | 'unresumed';
export type Measure = 'glucoseMmolL' | 'glucoseMgdl' | 'bohbMmolL' | 'insulinPercentOfBasal';

/** Population quantiles (type 7: src/outcomes/agp.ts `percentile`). */
export interface Quantiles {
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export function quantilesOf(values: readonly number[]): Quantiles {
  const sorted = Float64Array.from(values).sort();
  return {
    p5: percentile(sorted, 5),
    p25: percentile(sorted, 25),
    p50: percentile(sorted, 50),
    p75: percentile(sorted, 75),
    p95: percentile(sorted, 95),
  };
}

/** One measure of one trace at sample `index` of a course. */
export function sampleOf(
  trace: PumpStopTrace,
  course: CourseName,
  measure: Measure,
  index: number,
): number {
  const c: SampledCourse = trace[course];
  switch (measure) {
    case 'glucoseMgdl':
      return c.glucoseMgdl[index]!;
    case 'glucoseMmolL':
      return mgdlToMmolL(mgdl(c.glucoseMgdl[index]!));
    case 'bohbMmolL':
      return c.bohbMmolL[index]!;
    case 'insulinPercentOfBasal':
      return (100 * c.insulinMilliunitsPerL[index]!) / trace.basalInsulinMilliunitsPerL;
  }
}

/** Index of the sample at `hour` from the stop. */
export function sampleIndexAtHour(plan: PumpStopPlan, hour: number): number {
  return (hour * MINUTES_PER_HOUR) / plan.sampleIntervalMinutes;
}

/** Hours 0, 1, … to the end of the resumed course (the Liège stop plus the follow-up). */
export function resumedHours(plan: PumpStopPlan): number[] {
  const last = (plan.stopDurationMinutes + plan.followAfterResumeMinutes) / MINUTES_PER_HOUR;
  const hours: number[] = [];
  for (let hour = 0; hour <= last; hour += 1) hours.push(hour);
  return hours;
}

export interface HourlyState {
  readonly hour: number;
  readonly glucoseMmolL: number;
  readonly glucoseMgdl: number;
  readonly bohbMmolL: number;
  readonly insulinMilliunitsPerL: number;
  readonly insulinPercentOfBasal: number;
}

/** Hours at which the unresumed course is reported (the Liège 6 h, Pickup's 9 h, then on). */
export const UNRESUMED_REPORT_HOURS: readonly number[] = [6, 9, 12, 18, 24];

/** One patient's state at `hours` (default: every hour of the resumed course). */
export function hourlyStates(
  trace: PumpStopTrace,
  plan: PumpStopPlan,
  course: CourseName = 'resumed',
  hours: readonly number[] = resumedHours(plan),
): HourlyState[] {
  return hours.map((hour) => {
    const i = sampleIndexAtHour(plan, hour);
    return {
      hour,
      glucoseMmolL: sampleOf(trace, course, 'glucoseMmolL', i),
      glucoseMgdl: sampleOf(trace, course, 'glucoseMgdl', i),
      bohbMmolL: sampleOf(trace, course, 'bohbMmolL', i),
      insulinMilliunitsPerL: trace[course].insulinMilliunitsPerL[i]!,
      insulinPercentOfBasal: sampleOf(trace, course, 'insulinPercentOfBasal', i),
    };
  });
}

export interface PopulationHourlyState {
  readonly hour: number;
  readonly glucoseMmolL: Quantiles;
  readonly glucoseMgdl: Quantiles;
  readonly bohbMmolL: Quantiles;
  readonly insulinPercentOfBasal: Quantiles;
}

function quantilesAt(
  traces: readonly PumpStopTrace[],
  course: CourseName,
  measure: Measure,
  index: number,
): Quantiles {
  return quantilesOf(traces.map((trace) => sampleOf(trace, course, measure, index)));
}

export function populationHourly(
  traces: readonly PumpStopTrace[],
  plan: PumpStopPlan,
  course: CourseName = 'resumed',
  hours: readonly number[] = resumedHours(plan),
): PopulationHourlyState[] {
  return hours.map((hour) => {
    const i = sampleIndexAtHour(plan, hour);
    return {
      hour,
      glucoseMmolL: quantilesAt(traces, course, 'glucoseMmolL', i),
      glucoseMgdl: quantilesAt(traces, course, 'glucoseMgdl', i),
      bohbMmolL: quantilesAt(traces, course, 'bohbMmolL', i),
      insulinPercentOfBasal: quantilesAt(traces, course, 'insulinPercentOfBasal', i),
    };
  });
}

/** 5th, 50th and 95th percentile of a measure at every sample of a course (for the figures). */
export interface Bands {
  readonly p5: number[];
  readonly p50: number[];
  readonly p95: number[];
}

export function populationBands(
  traces: readonly PumpStopTrace[],
  course: CourseName,
  measure: Measure,
): Bands {
  const bands: Bands = { p5: [], p50: [], p95: [] };
  const samples = traces[0]?.[course].glucoseMgdl.length ?? 0;
  for (let i = 0; i < samples; i += 1) {
    const q = quantilesAt(traces, course, measure, i);
    bands.p5.push(q.p5);
    bands.p50.push(q.p50);
    bands.p95.push(q.p95);
  }
  return bands;
}

/** One measure of one trace at every sample of a course. */
export function courseSeries(trace: PumpStopTrace, course: CourseName, measure: Measure): number[] {
  const series: number[] = [];
  for (let i = 0; i < trace[course].glucoseMgdl.length; i += 1) {
    series.push(sampleOf(trace, course, measure, i));
  }
  return series;
}

export type ThresholdName = keyof ThresholdMinutes;
export const THRESHOLD_NAMES: readonly ThresholdName[] = [
  'bohbKetosis',
  'bohbKetoacidosis',
  'ketoacidosis',
];

export interface ThresholdSummary {
  readonly patients: number;
  /** Patients whose threshold was reached within 6, 12 and 24 h of the stop. */
  readonly reachedWithinHours: Readonly<Record<'6' | '12' | '24', number>>;
  /** Time to the threshold among the patients who reached it, hours (null: nobody did). */
  readonly hours: Quantiles | null;
}

export function thresholdSummary(
  traces: readonly PumpStopTrace[],
  name: ThresholdName,
): ThresholdSummary {
  const hours: number[] = [];
  for (const trace of traces) {
    const minute = trace.unresumedThresholds[name];
    if (minute !== null) hours.push(minute / MINUTES_PER_HOUR);
  }
  const within = (limit: number): number => hours.filter((h) => h <= limit).length;
  return {
    patients: traces.length,
    reachedWithinHours: { '6': within(6), '12': within(12), '24': within(24) },
    hours: hours.length === 0 ? null : quantilesOf(hours),
  };
}

/**
 * A per-patient figure compared between the arms; `worse` says which direction is worse
 * ('earlier': a smaller time).
 */
export interface PairedMetric {
  /** A stable name for code and tests, e.g. 'insulinAt2h'. */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  /** Decimals to display. */
  readonly digits: number;
  readonly worse: 'higher' | 'lower' | 'earlier';
  readonly value: (trace: PumpStopTrace) => number | null;
}

export interface PairedComparison {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly digits: number;
  readonly worse: 'higher' | 'lower' | 'earlier';
  readonly regular: Quantiles | null;
  readonly analog: Quantiles | null;
  /** analog − regular, per patient (pairs where both values exist). */
  readonly difference: Quantiles | null;
  readonly pairs: number;
  /** Pairs in which the analog arm is worse (strictly). */
  readonly analogWorse: number;
}

function quantilesOrNull(values: readonly number[]): Quantiles | null {
  return values.length === 0 ? null : quantilesOf(values);
}

/** `regular[i]` and `analog[i]` are the same patient. */
export function pairedComparison(
  metric: PairedMetric,
  arms: { readonly regular: readonly PumpStopTrace[]; readonly analog: readonly PumpStopTrace[] },
): PairedComparison {
  const regular: number[] = [];
  const analog: number[] = [];
  const difference: number[] = [];
  let analogWorse = 0;
  for (let i = 0; i < arms.regular.length; i += 1) {
    const r = metric.value(arms.regular[i]!);
    const a = metric.value(arms.analog[i]!);
    if (r !== null) regular.push(r);
    if (a !== null) analog.push(a);
    if (r === null || a === null) continue;
    difference.push(a - r);
    if (metric.worse === 'higher' ? a > r : a < r) analogWorse += 1;
  }
  return {
    key: metric.key,
    label: metric.label,
    unit: metric.unit,
    digits: metric.digits,
    worse: metric.worse,
    regular: quantilesOrNull(regular),
    analog: quantilesOrNull(analog),
    difference: quantilesOrNull(difference),
    pairs: difference.length,
    analogWorse,
  };
}

function hoursOrNull(minute: number | null): number | null {
  return minute === null ? null : minute / MINUTES_PER_HOUR;
}

/** The figures compared between regular insulin and the rapid analog, patient by patient. */
export function comparisonMetrics(plan: PumpStopPlan): PairedMetric[] {
  const at = (course: CourseName, measure: Measure, hour: number) => (trace: PumpStopTrace) =>
    sampleOf(trace, course, measure, sampleIndexAtHour(plan, hour));
  const stopHours = plan.stopDurationMinutes / MINUTES_PER_HOUR;
  const endHours = stopHours + plan.followAfterResumeMinutes / MINUTES_PER_HOUR;
  const after = `${endHours - stopHours} h after resumption`;
  const insulin = (hour: number): PairedMetric => ({
    key: `insulinAt${hour}h`,
    label: `Plasma insulin at ${hour} h`,
    unit: '% of basal',
    digits: 0,
    worse: 'lower',
    value: at('resumed', 'insulinPercentOfBasal', hour),
  });
  const glucose = (hour: number, label: string): PairedMetric => ({
    key: `glucoseAt${hour}h`,
    label: `Glucose ${label}`,
    unit: 'mmol/L',
    digits: 1,
    worse: 'higher',
    value: at('resumed', 'glucoseMmolL', hour),
  });
  const bohb = (hour: number, label: string): PairedMetric => ({
    key: `bohbAt${hour}h`,
    label: `BOHB ${label}`,
    unit: 'mmol/L',
    digits: 2,
    worse: 'higher',
    value: at('resumed', 'bohbMmolL', hour),
  });
  const time = (name: ThresholdName, label: string): PairedMetric => ({
    key: `hoursTo${name[0]!.toUpperCase()}${name.slice(1)}`,
    label: `Time to ${label} (pump not resumed)`,
    unit: 'h',
    digits: 1,
    worse: 'earlier',
    value: (trace) => hoursOrNull(trace.unresumedThresholds[name]),
  });
  return [
    {
      key: 'depotAtStopHoursOfBasal',
      label: 'Insulin in the subcutaneous depot at the stop',
      unit: 'h of basal',
      digits: 2,
      worse: 'lower',
      value: (trace) => trace.depotInsulinAtStopUnits / trace.basalUnitsPerHour,
    },
    insulin(1),
    insulin(2),
    glucose(3, 'at 3 h'),
    glucose(stopHours, `at ${stopHours} h`),
    bohb(3, 'at 3 h'),
    bohb(stopHours, `at ${stopHours} h`),
    time('bohbKetosis', `BOHB ${KETOSIS_BOHB_MMOLL.toFixed(1)} mmol/L`),
    time('ketoacidosis', 'the ketoacidosis threshold'),
    glucose(endHours, after),
    bohb(endHours, after),
  ];
}
