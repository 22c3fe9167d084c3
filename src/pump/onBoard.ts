// Insulin on board as the pump's dosing software sees it: delivered boluses plus the basal
// delivered above or below the schedule (temporary basals, suspensions and stops count net of
// the scheduled basal, as oref0 and Loop do).
import {
  bilinearCurve,
  curveEvaluator,
  doseOnBoardUnits,
  effectDurationMinutes,
  exponentialCurve,
  insulinOnBoard,
  oref0DurationMinutes,
  type CurveEvaluator,
  type DeliveredDose,
  type InsulinActionCurve,
  type InsulinOnBoard,
} from '../insulin/index.ts';
import { effectiveRateScaled, forEachSchedulePiece } from './basal.ts';
import type { InsulinCurveName, PumpSettings } from './settings.ts';
import {
  DOSE_HISTORY_SECONDS,
  SECONDS_PER_HOUR,
  SECONDS_PER_MINUTE,
  toMinutes,
  type PumpState,
} from './state.ts';

const PEAK_MINUTES: Record<Exclude<InsulinCurveName, 'bilinear'>, number> = {
  'rapid-acting': 75,
  'ultra-rapid': 55,
};

/**
 * Curves built so far, by curve name and duration: every pump with the same calculator settings
 * shares one curve, so insulin on board meets the same objects from one run to the next (each
 * run's own settings object made a new curve, whose evaluator V8 had to learn again).
 */
const curvesByValue = new Map<string, InsulinActionCurve>();
/** Distinct curves kept (settings allow a few dozen; a bound all the same). */
const CURVES_KEPT_MAX = 256;
/** The curve of each settings object seen (settings are replaced, never changed). */
const curvesBySettings = new WeakMap<PumpSettings['calculator'], InsulinActionCurve>();

/** The action curve of the calculator settings, with oref0's minimum durations. */
export function actionCurve(calculator: PumpSettings['calculator']): InsulinActionCurve {
  let curve = curvesBySettings.get(calculator);
  if (curve === undefined) {
    curve = sharedCurve(calculator);
    curvesBySettings.set(calculator, curve);
  }
  return curve;
}

function sharedCurve(calculator: PumpSettings['calculator']): InsulinActionCurve {
  const key = `${calculator.insulinCurve} ${calculator.activeInsulinMinutes}`;
  let curve = curvesByValue.get(key);
  if (curve === undefined) {
    if (curvesByValue.size >= CURVES_KEPT_MAX) curvesByValue.clear();
    curve = buildCurve(calculator);
    curvesByValue.set(key, curve);
  }
  return curve;
}

function buildCurve(calculator: PumpSettings['calculator']): InsulinActionCurve {
  const { insulinCurve, activeInsulinMinutes } = calculator;
  if (insulinCurve === 'bilinear') {
    return bilinearCurve({
      durationMinutes: oref0DurationMinutes('bilinear', activeInsulinMinutes),
    });
  }
  return exponentialCurve({
    durationMinutes: oref0DurationMinutes('exponential', activeInsulinMinutes),
    peakMinutes: PEAK_MINUTES[insulinCurve],
  });
}

/**
 * Doses the IOB is made of, from the state's bounded history; boluses from `oldestBolusSeconds`
 * on when given (a later start leaves out boluses that no longer act).
 */
export function deliveredDoses(
  state: PumpState,
  nowSeconds: number,
  oldestBolusSeconds = nowSeconds - DOSE_HISTORY_SECONDS,
): DeliveredDose[] {
  const doses: DeliveredDose[] = [];
  forEachDeliveredDose(
    state,
    nowSeconds,
    oldestBolusSeconds,
    (startMinutes, units, durationMinutes) => doses.push({ startMinutes, units, durationMinutes }),
  );
  return doses;
}

/** Visits the doses of `deliveredDoses` in its order, without building the list. */
function forEachDeliveredDose(
  state: PumpState,
  nowSeconds: number,
  oldestBolusSeconds: number,
  visit: DoseVisitor,
): void {
  const oldestBolus = oldestBolusKept(nowSeconds, oldestBolusSeconds);
  for (const dose of state.bolusDoses) {
    if (dose.startSeconds >= oldestBolus) {
      visit(toMinutes(dose.startSeconds), dose.milliunits / 1000, 0);
    }
  }
  forEachNetBasalDose(state, nowSeconds, visit);
}

type DoseVisitor = (startMinutes: number, units: number, durationMinutes: number) => void;

/** The first bolus time the history and the caller both keep. */
function oldestBolusKept(nowSeconds: number, oldestBolusSeconds: number): number {
  return Math.max(nowSeconds - DOSE_HISTORY_SECONDS, oldestBolusSeconds);
}

/** The basal delivered above or below the schedule, as doses spread over their pieces. */
function forEachNetBasalDose(state: PumpState, nowSeconds: number, visit: DoseVisitor): void {
  const oldest = nowSeconds - DOSE_HISTORY_SECONDS;
  for (const span of state.netBasalSpans) {
    const from = Math.max(span.startSeconds, oldest);
    const to = Math.min(span.endSeconds ?? nowSeconds, nowSeconds);
    if (to <= from) continue;
    forEachSchedulePiece(
      span.segments,
      { fromSeconds: from, toSeconds: to, clockOffsetSeconds: span.clockOffsetSeconds },
      (a, b, scheduled) => {
        const netMilliunitsPerHour = effectiveRateScaled(span, scheduled) / 100 - scheduled;
        if (netMilliunitsPerHour === 0) return;
        visit(
          toMinutes(a),
          (netMilliunitsPerHour * (b - a)) / SECONDS_PER_HOUR / 1000,
          toMinutes(b - a),
        );
      },
    );
  }
}

/**
 * Boluses from this time on can still act at `nowSeconds`: one given a minute beyond the curve's
 * effect ago adds exactly 0 to the sums, so it is left out (the sums are the same, bit for bit).
 * Basal spans stay cut at the history's start, where they have always been cut.
 */
function oldestActingSeconds(effectEndMinutes: number, nowSeconds: number): number {
  return nowSeconds - (effectEndMinutes + 1) * SECONDS_PER_MINUTE;
}

export function pumpInsulinOnBoard(state: PumpState, nowSeconds: number): InsulinOnBoard {
  const curve = actionCurve(state.settings.calculator);
  const oldest = oldestActingSeconds(effectDurationMinutes(curve), nowSeconds);
  const doses = deliveredDoses(state, nowSeconds, oldest);
  return insulinOnBoard(doses, toMinutes(nowSeconds), curve);
}

interface PreparedCurve {
  readonly calculator: PumpSettings['calculator'];
  readonly action: CurveEvaluator;
  readonly effectEndMinutes: number;
}

/**
 * The curve of the calculator settings asked for last, ready to evaluate: a run asks with the
 * same settings thousands of times a simulated day, and finds them here without the two lookups
 * by identity (`actionCurve`, `curveEvaluator`) that each call otherwise makes.
 */
let lastPrepared: PreparedCurve | null = null;

function preparedCurve(calculator: PumpSettings['calculator']): PreparedCurve {
  if (lastPrepared?.calculator !== calculator) {
    const curve = actionCurve(calculator);
    lastPrepared = {
      calculator,
      action: curveEvaluator(curve),
      effectEndMinutes: effectDurationMinutes(curve),
    };
  }
  return lastPrepared;
}

/**
 * `pumpInsulinOnBoard(state, nowSeconds).iobUnits`, bit for bit, without the dose list or the
 * activity: what the calculator, the trace and the delivery-failure detector read (hundreds of
 * times a simulated day). The boluses are summed in a plain loop: a visitor closing over the sum
 * would allocate the sum's scope, the closure and a number for each addition on every call.
 */
export function pumpInsulinOnBoardUnits(state: PumpState, nowSeconds: number): number {
  const prepared = preparedCurve(state.settings.calculator);
  const { action, effectEndMinutes } = prepared;
  const nowMinutes = toMinutes(nowSeconds);
  const oldestBolus = oldestBolusKept(
    nowSeconds,
    oldestActingSeconds(effectEndMinutes, nowSeconds),
  );
  let iobUnits = 0;
  for (const dose of state.bolusDoses) {
    if (dose.startSeconds < oldestBolus) continue;
    const units = dose.milliunits / 1000;
    const ageMinutes = nowMinutes - toMinutes(dose.startSeconds);
    iobUnits += doseOnBoardUnits(action, effectEndMinutes, units, ageMinutes, 0);
  }
  if (state.netBasalSpans.length === 0) return iobUnits;
  return netBasalOnBoardUnits(state, nowSeconds, prepared, iobUnits);
}

/** `iobUnits` plus the net basal's insulin on board, added in `forEachNetBasalDose`'s order. */
function netBasalOnBoardUnits(
  state: PumpState,
  nowSeconds: number,
  { action, effectEndMinutes }: PreparedCurve,
  iobUnits: number,
): number {
  const nowMinutes = toMinutes(nowSeconds);
  let sum = iobUnits;
  forEachNetBasalDose(state, nowSeconds, (startMinutes, units, durationMinutes) => {
    sum += doseOnBoardUnits(
      action,
      effectEndMinutes,
      units,
      nowMinutes - startMinutes,
      durationMinutes,
    );
  });
  return sum;
}
