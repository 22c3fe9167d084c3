// Insulin on board (IOB) and insulin activity from a list of delivered doses.
//
// Temporary basals count net of the scheduled basal, as oref0 and Loop do: a temp basal below
// the scheduled rate is a dose with negative units, and IOB can be negative.
//
// Spread doses (extended boluses, net temp basals) are integrated EXACTLY: a dose of U units
// spread evenly over D minutes contributes (U/D)·∫ fractionRemaining over the delivered part,
// computed from the curve's closed-form antiderivative. oref0 instead splits a net temp basal
// into ±0.05 U pulses spaced evenly over its span (lib/iob/history.js) and Loop into 5-min
// segments evaluated at their start (LoopKit InsulinMath.continuousDeliveryInsulinOnBoard);
// both converge to this integral as the pieces shrink (a test checks it). Exact integration
// costs O(1) per dose whatever its length, has no discretisation error, allocates nothing,
// and changes smoothly with `nowMinutes`.

import type { CurveEvaluator, InsulinActionCurve } from './action.ts';
import { curveEvaluator, effectDurationMinutes } from './action.ts';

export interface DeliveredDose {
  readonly startMinutes: number;
  /** Net units: negative for a temporary basal below the scheduled rate. */
  readonly units: number;
  /** 0 for an instantaneous bolus; > 0 for an amount spread evenly over the span. */
  readonly durationMinutes: number;
}

export interface InsulinOnBoard {
  readonly iobUnits: number;
  /** Units acting per minute (oref0's "activity"). */
  readonly activityUnitsPerMinute: number;
}

/** Longest spread dose accepted: a 24-h temporary basal, the longest pumps offer. */
export const DOSE_DURATION_MINUTES_MAX = 1440;

/**
 * Below this span a spread dose is treated as a bolus at its midpoint: the difference of two
 * antiderivatives divided by the span would lose precision (error ≈ 1e-13/span), while the
 * midpoint rule's error, ≈ span²/24 × |curvature| ≤ 1e-12 of the dose here, is negligible.
 */
const SPREAD_MINUTES_MIN = 1e-3;

/**
 * IOB and activity at `nowMinutes` from `doses` (any order). Only insulin delivered by now
 * counts: a dose starting after now counts 0, a spread dose under way counts its delivered part.
 */
export function insulinOnBoard(
  doses: readonly DeliveredDose[],
  nowMinutes: number,
  curve: InsulinActionCurve,
): InsulinOnBoard {
  if (!Number.isFinite(nowMinutes)) {
    throw new RangeError(`nowMinutes = ${nowMinutes} must be finite`);
  }
  const action = curveEvaluator(curve);
  const effectEndMinutes = effectDurationMinutes(curve);
  let iobUnits = 0;
  let activityUnitsPerMinute = 0;
  for (let i = 0; i < doses.length; i += 1) {
    const dose = doses[i] as DeliveredDose;
    checkDose(dose, i);
    const elapsedMinutes = nowMinutes - dose.startMinutes;
    const { units, durationMinutes } = dose;
    if (!acting(elapsedMinutes, durationMinutes, effectEndMinutes)) continue;
    iobUnits += actingDose(ON_BOARD, action, units, elapsedMinutes, durationMinutes);
    activityUnitsPerMinute += actingDose(ACTIVITY, action, units, elapsedMinutes, durationMinutes);
  }
  return { iobUnits, activityUnitsPerMinute };
}

/**
 * What one dose adds to IOB `elapsedMinutes` after its start (the term `insulinOnBoard` sums for
 * it, bit for bit): for callers that walk their own dose history and need no activity.
 */
export function doseOnBoardUnits(
  action: CurveEvaluator,
  effectEndMinutes: number,
  units: number,
  elapsedMinutes: number,
  spanMinutes: number,
): number {
  if (!acting(elapsedMinutes, spanMinutes, effectEndMinutes)) return 0;
  return actingDose(ON_BOARD, action, units, elapsedMinutes, spanMinutes);
}

/**
 * Whether any of a dose acts now: it has started, and not every part of it has finished acting
 * (such a part would add exactly 0, so the arithmetic is skipped).
 */
function acting(elapsedMinutes: number, spanMinutes: number, effectEndMinutes: number): boolean {
  if (elapsedMinutes < 0) return false;
  if (elapsedMinutes - Math.min(spanMinutes, elapsedMinutes) >= effectEndMinutes) return false;
  return spanMinutes >= SPREAD_MINUTES_MIN || elapsedMinutes - spanMinutes / 2 >= 0;
}

/** A quantity a dose contributes, read off the curve: its value at an age, and its integral from 0. */
interface DoseQuantity {
  atAge(action: CurveEvaluator, ageMinutes: number): number;
  integral(action: CurveEvaluator, ageMinutes: number): number;
}

/** IOB: the fraction still to act, whose integral spread doses need. */
const ON_BOARD: DoseQuantity = {
  atAge: (action, age) => action.fractionRemaining(age),
  integral: (action, age) => action.remainingIntegralMinutes(age),
};

/** Activity: the fraction acting per minute, whose integral is the fraction absorbed. */
const ACTIVITY: DoseQuantity = {
  atAge: (action, age) => action.activityPerMinute(age),
  integral: (action, age) => action.fractionAbsorbed(age),
};

/**
 * A dose that acts, as `quantity`: a bolus (or a spread too short to integrate) at its midpoint's
 * age; a spread dose over its delivered part, the pieces given between 0 and min(span, elapsed)
 * minutes after the start, now aged from (elapsed − delivered) to elapsed.
 */
function actingDose(
  quantity: DoseQuantity,
  action: CurveEvaluator,
  units: number,
  elapsedMinutes: number,
  spanMinutes: number,
): number {
  if (spanMinutes < SPREAD_MINUTES_MIN) {
    return units * quantity.atAge(action, elapsedMinutes - spanMinutes / 2);
  }
  const oldestAgeMinutes = elapsedMinutes - Math.min(spanMinutes, elapsedMinutes);
  return (
    (units / spanMinutes) *
    (quantity.integral(action, elapsedMinutes) - quantity.integral(action, oldestAgeMinutes))
  );
}

/** Rounded as oref0 reports it (lib/iob/total.js): IOB to 0.001 U, activity to 0.0001 U/min. */
export function roundedAsOref0(value: InsulinOnBoard): InsulinOnBoard {
  return {
    iobUnits: Math.round(value.iobUnits * 1000) / 1000,
    activityUnitsPerMinute: Math.round(value.activityUnitsPerMinute * 10000) / 10000,
  };
}

function checkDose(dose: DeliveredDose, index: number): void {
  if (
    Number.isFinite(dose.startMinutes) &&
    Number.isFinite(dose.units) &&
    dose.durationMinutes >= 0 &&
    dose.durationMinutes <= DOSE_DURATION_MINUTES_MAX
  ) {
    return;
  }
  if (!Number.isFinite(dose.startMinutes)) {
    throw new RangeError(`doses[${index}].startMinutes = ${dose.startMinutes} must be finite`);
  }
  if (!Number.isFinite(dose.units)) {
    throw new RangeError(`doses[${index}].units = ${dose.units} must be finite`);
  }
  throw new RangeError(
    `doses[${index}].durationMinutes = ${dose.durationMinutes} is outside ` +
      `0–${DOSE_DURATION_MINUTES_MAX} min`,
  );
}
