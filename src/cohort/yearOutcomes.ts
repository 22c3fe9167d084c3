// What one year (one simulated segment) of one patient contributes to a cohort: the mean glucose
// of its last 90 days and the HbA1c it predicts, time in ranges, clinical events with the
// technical cause of each ketoacidosis, post-meal glucose and insulin use. The trace is read
// here and dropped: only these numbers leave the segment.
import { glucoseMetrics } from '../outcomes/metrics.ts';
import { FAULT_KINDS, type FaultKind } from '../sim/faults.ts';
import type { FaultOutcome, SimulationResult, Trace } from '../sim/result.ts';

/** HbA1c reflects about the last three months of glycaemia (ADAG, Nathan 2008). */
export const HBA1C_WINDOW_DAYS = 90;
/** Post-meal glucose is read this long after the meal starts (the usual 2-hour value). */
export const POST_MEAL_MINUTES = 120;

/** Faults of insulin delivery: all but the sensor's, which cannot cause ketoacidosis themselves. */
export const DELIVERY_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter(
  (kind) => kind !== 'cgm-dropout' && kind !== 'cgm-drift',
);

export interface YearSummary {
  /** 1 for the first year of follow-up. */
  readonly year: number;
  readonly days: number;
  /** The segment's scenario seed (the same in every arm). */
  readonly seed: number;
  readonly meanGlucoseMgdl: number;
  readonly meanGlucoseLast90DaysMgdl: number;
  /** Days the HbA1c window covers: 90, or the whole year when it is shorter. */
  readonly hba1cWindowDays: number;
  /** ADAG estimated A1c from meanGlucoseLast90DaysMgdl. */
  readonly hba1cPercent: number;
  /** Plasma glucose, % of the year: <54, <70, 70–180, >180, >250 mg/dL. */
  readonly tbrLevel2Percent: number;
  readonly tbrPercent: number;
  readonly tirPercent: number;
  readonly tarPercent: number;
  readonly tarLevel2Percent: number;
  readonly severeHypos: number;
  readonly ketoacidoses: number;
  readonly technicalKetoacidoses: number;
  readonly siteInfections: number;
  readonly abscesses: number;
  /** Mean plasma glucose 2 h after the meals of the year (null: no meal with a 2-hour value). */
  readonly meanPostMealGlucoseMgdl: number | null;
  readonly postMealCount: number;
  readonly insulinUnitsPerDay: number;
}

export interface YearContext {
  readonly year: number;
  readonly seed: number;
  readonly technicalCauseWindowMinutes: number;
  /** The person's hypo treatment, g: carbohydrate of exactly this size is not a meal. */
  readonly hypoTreatmentGrams: number;
}

export function summariseYear(result: SimulationResult, context: YearContext): YearSummary {
  const { trace, summary } = result;
  const days = result.durationDays;
  const windowDays = Math.min(HBA1C_WINDOW_DAYS, days);
  const window = lastDaysMetrics(trace, days, windowDays);
  const ranges = summary.plasma.timeInRangesPercent;
  const ketoacidoses = result.events.filter((e) => e.definitionId === 'ketoacidosis');
  const postMeal = postMealGlucose(trace, context.hypoTreatmentGrams);
  return {
    year: context.year,
    days,
    seed: context.seed,
    meanGlucoseMgdl: summary.plasma.meanMgdl,
    meanGlucoseLast90DaysMgdl: round(window.meanMgdl, 1),
    hba1cWindowDays: windowDays,
    hba1cPercent: round(window.ea1cPercent, 3),
    tbrLevel2Percent: ranges.veryLow ?? Number.NaN,
    tbrPercent: ranges.low ?? Number.NaN,
    tirPercent: ranges.inRange ?? Number.NaN,
    tarPercent: ranges.high ?? Number.NaN,
    tarLevel2Percent: ranges.veryHigh ?? Number.NaN,
    severeHypos: summary.eventCounts['severe-hypo'] ?? 0,
    ketoacidoses: ketoacidoses.length,
    technicalKetoacidoses: countTechnical(
      ketoacidoses.map((e) => e.startMinutes),
      result.faults.records,
      context.technicalCauseWindowMinutes,
    ),
    siteInfections: result.faults.siteInfections,
    abscesses: result.faults.abscesses,
    meanPostMealGlucoseMgdl: postMeal.count > 0 ? round(postMeal.meanMgdl, 1) : null,
    postMealCount: postMeal.count,
    insulinUnitsPerDay: summary.insulinUnitsPerDay.total,
  };
}

/** Consensus metrics (mean, ADAG eA1c) of the trace's plasma glucose over the last `windowDays`. */
function lastDaysMetrics(trace: Trace, days: number, windowDays: number) {
  const rowsPerDay = 1440 / trace.intervalMinutes;
  const from = (days - windowDays) * rowsPerDay;
  return glucoseMetrics(Float64Array.from(trace.plasmaGlucoseMgdl.slice(from)), {
    intervalMinutes: trace.intervalMinutes,
  });
}

/**
 * Ketoacidoses with a technical cause: starting while a delivery fault was acting (from its start
 * to its end, or to the end of the run if it never ended) or within `windowMinutes` after it ended.
 */
export function countTechnical(
  startsMinutes: readonly number[],
  records: readonly FaultOutcome[],
  windowMinutes: number,
): number {
  const delivery = records.filter((r) => DELIVERY_FAULT_KINDS.includes(r.kind as FaultKind));
  return startsMinutes.filter((start) =>
    delivery.some(
      (r) =>
        r.atMinutes <= start &&
        (r.resolvedAtMinutes === null || start <= r.resolvedAtMinutes + windowMinutes),
    ),
  ).length;
}

/**
 * Plasma glucose 2 h after each meal start, from the 5-minute trace: a row with carbohydrate other
 * than exactly one hypo treatment (the person always treats with the same `hypoTreatmentGrams`;
 * meal sizes are drawn and rarely equal it), whose 2-hour row lies within the year.
 */
export function postMealGlucose(
  trace: Trace,
  hypoTreatmentGrams: number,
): { meanMgdl: number; count: number } {
  const lag = POST_MEAL_MINUTES / trace.intervalMinutes;
  const glucose = trace.plasmaGlucoseMgdl;
  let sum = 0;
  let count = 0;
  for (let row = 0; row + lag < glucose.length; row += 1) {
    const carbs = trace.carbsGrams[row] ?? 0;
    if (carbs <= 0 || carbs === hypoTreatmentGrams) continue;
    sum += glucose[row + lag] ?? 0;
    count += 1;
  }
  return { meanMgdl: count > 0 ? sum / count : Number.NaN, count };
}

/** Rounded for output: summaries stay small and compare byte for byte. */
export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
