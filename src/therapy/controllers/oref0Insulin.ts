// Future insulin activity for oref0's predictions, from the two numbers the controller is
// given: net insulin on board and its activity now.
//
// oref0 projects activity from the full pump history (lib/iob: an `iobArray` of future ticks).
// The ControllerInput carries IOB and activity
// only (its delivery list is absolute, not net of the scheduled basal, and may be empty), so we
// replace the history by an EQUIVALENT DOSE: the single dose of U units given τ minutes ago that
// has exactly this IOB and this activity. Since activity/IOB = a(τ)/r(τ) (the curve's hazard),
// and the hazard of the exponential and bilinear curves rises monotonically from 0 at delivery to
// infinity at the end of action (checked by a test), τ is found by bisection and U = IOB / r(τ).
// A single dose has IOB and activity of the same sign; when they differ (e.g. a fresh bolus over
// an older zero temp), two doses stand in: one given now (activity 0) and one given a peak time
// ago, which matches both numbers exactly.
import type { CurveEvaluator, InsulinActionCurve } from '../../insulin/action.ts';
import { curveEvaluator, effectDurationMinutes } from '../../insulin/action.ts';

/** The minutes between CGM readings and between prediction ticks (oref0: 5). */
export const TICK_MINUTES = 5;

export interface EquivalentDose {
  readonly units: number;
  readonly ageMinutes: number;
}

export interface InsulinProjection {
  /** The dose(s) standing in for the delivery history. */
  readonly doses: readonly EquivalentDose[];
  /** Net activity at now + 5k min (k = 0..ticks) if the scheduled basal runs on, U/min. */
  readonly activityUnitsPerMinute: Float64Array;
  /** The same if a zero temp runs from now on (oref0's iobWithZeroTemp), U/min. */
  readonly zeroTempActivityUnitsPerMinute: Float64Array;
}

/** Below this, IOB (U) or activity (U/min) counts as none: far under one pump pulse. */
const NEGLIGIBLE_UNITS = 1e-9;
const BISECTION_STEPS = 60;

function hazard(evaluator: CurveEvaluator, ageMinutes: number): number {
  return evaluator.activityPerMinute(ageMinutes) / evaluator.fractionRemaining(ageMinutes);
}

/** The single dose with this IOB and activity (same sign), by bisection on its age. */
function oneDose(
  curve: InsulinActionCurve,
  iobUnits: number,
  activityUnitsPerMinute: number,
): EquivalentDose {
  const evaluator = curveEvaluator(curve);
  const target = activityUnitsPerMinute / iobUnits;
  let low = 0;
  // Just before the end of action, where the remaining fraction is still positive.
  let high = effectDurationMinutes(curve) * (1 - 1e-6);
  if (hazard(evaluator, high) <= target) low = high;
  for (let step = 0; step < BISECTION_STEPS && high - low > 1e-9; step += 1) {
    const mid = (low + high) / 2;
    if (hazard(evaluator, mid) < target) low = mid;
    else high = mid;
  }
  const ageMinutes = low;
  return { units: iobUnits / evaluator.fractionRemaining(ageMinutes), ageMinutes };
}

/** Two doses, one now and one a peak time ago, matching IOB and activity of opposite signs. */
function twoDoses(
  curve: InsulinActionCurve,
  iobUnits: number,
  activityUnitsPerMinute: number,
): EquivalentDose[] {
  const evaluator = curveEvaluator(curve);
  const olderAgeMinutes = curve.delayMinutes + curve.peakMinutes;
  const olderUnits = activityUnitsPerMinute / evaluator.activityPerMinute(olderAgeMinutes);
  const freshUnits = iobUnits - olderUnits * evaluator.fractionRemaining(olderAgeMinutes);
  return [
    { units: freshUnits, ageMinutes: 0 },
    { units: olderUnits, ageMinutes: olderAgeMinutes },
  ];
}

/** The dose(s) that reproduce `iobUnits` and `activityUnitsPerMinute` on `curve`. */
export function equivalentDoses(
  curve: InsulinActionCurve,
  iobUnits: number,
  activityUnitsPerMinute: number,
): EquivalentDose[] {
  const noIob = Math.abs(iobUnits) < NEGLIGIBLE_UNITS;
  const noActivity = Math.abs(activityUnitsPerMinute) < NEGLIGIBLE_UNITS;
  if (noIob && noActivity) return [];
  if (!noIob && (noActivity || Math.sign(iobUnits) === Math.sign(activityUnitsPerMinute))) {
    return [oneDose(curve, iobUnits, noActivity ? 0 : activityUnitsPerMinute)];
  }
  return twoDoses(curve, iobUnits, activityUnitsPerMinute);
}

export interface ProjectionOptions {
  readonly curve: InsulinActionCurve;
  readonly iobUnits: number;
  readonly activityUnitsPerMinute: number;
  /** The basal a zero temp would withhold, U/h. */
  readonly scheduledBasalUnitsPerHour: number;
  /** Number of 5-minute ticks ahead. */
  readonly ticks: number;
}

/** Net activity ahead, every 5 minutes: with the scheduled basal, and with a zero temp. */
export function projectInsulin(options: ProjectionOptions): InsulinProjection {
  const evaluator = curveEvaluator(options.curve);
  const doses = equivalentDoses(options.curve, options.iobUnits, options.activityUnitsPerMinute);
  const activity = new Float64Array(options.ticks + 1);
  const zeroTemp = new Float64Array(options.ticks + 1);
  const basalUnitsPerMinute = options.scheduledBasalUnitsPerHour / 60;
  for (let k = 0; k <= options.ticks; k += 1) {
    const aheadMinutes = k * TICK_MINUTES;
    let sum = 0;
    for (const dose of doses) {
      sum += dose.units * evaluator.activityPerMinute(dose.ageMinutes + aheadMinutes);
    }
    activity[k] = sum;
    // A zero temp is a net dose of −basal spread from now: t minutes on, its activity is
    // −basal/min × ∫₀ᵗ a(s) ds, the fraction of a dose absorbed by t.
    zeroTemp[k] = sum - basalUnitsPerMinute * evaluator.fractionAbsorbed(aheadMinutes);
  }
  return { doses, activityUnitsPerMinute: activity, zeroTempActivityUnitsPerMinute: zeroTemp };
}

/**
 * Net activity `minutesAgo` before now, U/min, as the equivalent doses had it: a dose counts
 * only once given (so a dose standing in for recent deliveries has no past). Used to estimate
 * past deviations, which oref0 computes from its full history.
 */
export function pastActivityUnitsPerMinute(
  curve: InsulinActionCurve,
  doses: readonly EquivalentDose[],
  minutesAgo: number,
): number {
  const evaluator = curveEvaluator(curve);
  let sum = 0;
  for (const dose of doses) {
    const ageThenMinutes = dose.ageMinutes - minutesAgo;
    if (ageThenMinutes >= 0) sum += dose.units * evaluator.activityPerMinute(ageThenMinutes);
  }
  return sum;
}
