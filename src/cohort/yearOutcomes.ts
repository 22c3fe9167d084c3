// What one year (one simulated segment) of one patient contributes to a cohort: the mean glucose
// of its last 90 days and the HbA1c it predicts, time in ranges, clinical events with the
// technical cause of each ketoacidosis, post-meal glucose and insulin use, from the simulation's
// summary (a segment runs without its trace): only these numbers leave the segment.
import { FAULT_KINDS, type FaultKind } from '../sim/faults.ts';
import type { FaultOutcome, SimulationResult } from '../sim/result.ts';
import { round } from '../units/index.ts';

/** HbA1c reflects about the last three months of glycaemia (ADAG, Nathan 2008). */
export const HBA1C_WINDOW_DAYS = 90;

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
}

export function summariseYear(result: SimulationResult, context: YearContext): YearSummary {
  const { summary } = result;
  const days = result.durationDays;
  const windowDays = Math.min(HBA1C_WINDOW_DAYS, days);
  const windowMeanMgdl = lastDaysMean(result.days, windowDays);
  const ranges = summary.plasma.timeInRangesPercent;
  const ketoacidoses = result.events.filter((e) => e.definitionId === 'ketoacidosis');
  return {
    year: context.year,
    days,
    seed: context.seed,
    meanGlucoseMgdl: summary.plasma.meanMgdl,
    meanGlucoseLast90DaysMgdl: round(windowMeanMgdl, 1),
    hba1cWindowDays: windowDays,
    hba1cPercent: round(ea1cPercent(windowMeanMgdl), 3),
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
    meanPostMealGlucoseMgdl: summary.postMealPlasmaMgdl,
    postMealCount: summary.postMealCount,
    insulinUnitsPerDay: summary.insulinUnitsPerDay.total,
  };
}

/**
 * Mean plasma glucose of the last `windowDays` days, from the daily means (every day has the same
 * number of readings, so the mean of the daily means is the mean of the readings, to the 0.1 mg/dL
 * the daily means are kept to).
 */
function lastDaysMean(days: SimulationResult['days'], windowDays: number): number {
  const window = days.slice(days.length - windowDays);
  return window.reduce((sum, d) => sum + d.meanGlucoseMgdl, 0) / window.length;
}

/** ADAG estimated A1c (%) from mean glucose (Nathan DM, et al. Diabetes Care 2008;31:1473-1478). */
function ea1cPercent(meanMgdl: number): number {
  return (meanMgdl + 46.7) / 28.7;
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
