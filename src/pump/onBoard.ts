// Insulin on board as the pump's dosing software sees it: delivered boluses plus the basal
// delivered above or below the schedule (temporary basals, suspensions and stops count net of
// the scheduled basal, as oref0 and Loop do).
import {
  bilinearCurve,
  effectDurationMinutes,
  exponentialCurve,
  insulinOnBoard,
  oref0DurationMinutes,
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

/** Curves already built for a settings object (settings are replaced, never changed). */
const curves = new WeakMap<PumpSettings['calculator'], InsulinActionCurve>();

/** The action curve of the calculator settings, with oref0's minimum durations. */
export function actionCurve(calculator: PumpSettings['calculator']): InsulinActionCurve {
  let curve = curves.get(calculator);
  if (curve === undefined) {
    curve = buildCurve(calculator);
    curves.set(calculator, curve);
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
  const oldest = nowSeconds - DOSE_HISTORY_SECONDS;
  const oldestBolus = Math.max(oldest, oldestBolusSeconds);
  for (const dose of state.bolusDoses) {
    if (dose.startSeconds >= oldestBolus) {
      doses.push({
        startMinutes: toMinutes(dose.startSeconds),
        units: dose.milliunits / 1000,
        durationMinutes: 0,
      });
    }
  }
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
        doses.push({
          startMinutes: toMinutes(a),
          units: (netMilliunitsPerHour * (b - a)) / SECONDS_PER_HOUR / 1000,
          durationMinutes: toMinutes(b - a),
        });
      },
    );
  }
  return doses;
}

export function pumpInsulinOnBoard(state: PumpState, nowSeconds: number): InsulinOnBoard {
  const curve = actionCurve(state.settings.calculator);
  // A bolus given a minute beyond the curve's effect ago adds exactly 0 to the sums
  // (insulinOnBoard skips it), so it is not built at all: the sums are the same, bit for bit.
  // Basal spans stay cut at the history's start, where they have always been cut.
  const acting = nowSeconds - (effectDurationMinutes(curve) + 1) * SECONDS_PER_MINUTE;
  return insulinOnBoard(deliveredDoses(state, nowSeconds, acting), toMinutes(nowSeconds), curve);
}
