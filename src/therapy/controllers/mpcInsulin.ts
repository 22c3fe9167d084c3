// The MPC's own record of insulin: the internal model's insulin chain (C1 → C2 → C3, net of the
// scheduled basal), fed with what was delivered rather than read off the pump's insulin on board,
// because the pump's 5-h curve ends the action of insulin earlier than the patients' physiology
// does (mpcModel.ts, "Identification").
//
// What was delivered is known from the inputs alone, so the controller works whoever gives the
// insulin: the temp basal running since the last call gives the basal part, and any bolus (the
// user's meal bolus, the controller's own, or one the supervisor trimmed) shows as the part of the
// change in reported insulin on board that the basal and the reported activity do not explain:
//   IOB(t) = IOB(t − 5) + net basal delivered − ∫ activity  (+ boluses)
// with the integral taken by the trapezoid rule. The pump app's IOB and activity come from its
// action curve, so this bookkeeping is exact up to the trapezoid's error (≪ 0.01 U for 5 min).
import type { InsulinActionCurve } from '../../insulin/action.ts';
import { curveEvaluator, effectDurationMinutes } from '../../insulin/action.ts';
import { STATE } from './mpcModel.ts';

/** Bisection steps for the age of insulin on board at a restart (1e-6 of the duration). */
const AGE_SEARCH_STEPS = 20;
/** |IOB| below this is treated as none at a restart, U. */
const IOB_NEGLIGIBLE_UNITS = 1e-3;

/**
 * Fills C1…C3 at a (re)start, when the controller knows only the reported IOB and activity: the
 * insulin on board is taken as one dose of the age whose activity/IOB ratio on the pump's curve
 * matches the report, and placed in the chain as that dose would be at that age.
 */
export function startInsulinState(
  x: Float64Array,
  report: {
    readonly iobUnits: number;
    readonly activityUnitsPerMinute: number;
    readonly curve: InsulinActionCurve;
    readonly insulinTauMinutes: number;
  },
): void {
  x[STATE.insulin1] = 0;
  x[STATE.insulin2] = 0;
  x[STATE.insulin3] = 0;
  if (!(Math.abs(report.iobUnits) > IOB_NEGLIGIBLE_UNITS)) return;
  const curve = curveEvaluator(report.curve);
  const ratio = report.activityUnitsPerMinute / report.iobUnits;
  const hazard = (age: number): number =>
    curve.activityPerMinute(age) / Math.max(1e-9, curve.fractionRemaining(age));
  let low = 0;
  let high = 0.95 * effectDurationMinutes(report.curve);
  if (!(ratio > 0)) high = 0;
  else if (ratio >= hazard(high)) low = high;
  for (let i = 0; i < AGE_SEARCH_STEPS && high > low; i += 1) {
    const mid = 0.5 * (low + high);
    if (hazard(mid) < ratio) low = mid;
    else high = mid;
  }
  const age = 0.5 * (low + high);
  const dose = report.iobUnits / Math.max(1e-9, curve.fractionRemaining(age));
  const r = age / report.insulinTauMinutes;
  const decay = Math.exp(-r);
  x[STATE.insulin1] = dose * decay;
  x[STATE.insulin2] = dose * r * decay;
  x[STATE.insulin3] = dose * 0.5 * r * r * decay;
}

/** The pump app's report at one call. */
export interface InsulinReport {
  readonly iobUnits: number;
  readonly activityUnitsPerMinute: number;
}

/**
 * Units delivered as boluses (or missing, if negative) over the last interval: the change in
 * reported IOB that the net basal and the reported activity do not explain.
 */
export function unexplainedInsulinUnits(options: {
  readonly previous: InsulinReport;
  readonly now: InsulinReport;
  readonly netBasalUnits: number;
  readonly intervalMinutes: number;
}): number {
  const acted =
    0.5 *
    options.intervalMinutes *
    (options.previous.activityUnitsPerMinute + options.now.activityUnitsPerMinute);
  return options.now.iobUnits - (options.previous.iobUnits + options.netBasalUnits - acted);
}

/** Net rate of the temp basal running now (what ran since the last call), U/min. */
export function netRateUnitsPerMinute(
  tempBasal: { readonly rateUnitsPerHour: number; readonly remainingMinutes: number } | null,
  scheduledBasalUnitsPerHour: number,
): number {
  if (tempBasal === null || !(tempBasal.remainingMinutes > 0)) return 0;
  return (tempBasal.rateUnitsPerHour - scheduledBasalUnitsPerHour) / 60;
}
