// A predictive controller in the style of OpenAPS oref0/oref1 (determine-basal): from insulin
// activity and insulin on board, carbs on board and the glucose trend, it predicts glucose
// (insulin only, with carbs, unannounced meal), suspends when a prediction falls below the
// suspend threshold, and otherwise sets temp basals toward the eventual glucose target, with
// optional micro-boluses (SMB). Our own implementation after the published algorithm:
// openaps/oref0 lib/determine-basal/determine-basal.js and lib/glucose-get-last.js, and the
// OpenAPS documentation ("Understanding the determine-basal logic"); no code is copied.
//
// The pipeline, one module each:
//   oref0Glucose.ts      glucose now and its trends (delta, 15- and 40-minute averages)
//   oref0Insulin.ts      insulin activity ahead, from IOB and activity (an equivalent dose)
//   oref0Carbs.ts        carbs on board (linear absorption of the announced carbs)
//   oref0Deviations.ts   how fast the unexplained rise is fading (oref1's deviation slope)
//   oref0Predictions.ts  predicted glucose curves, eventual glucose and their minimums
//   oref0Decision.ts     the dose: low suspend, low temp, high temp, micro-bolus
//
// Stateless: a recommendation depends on its input only (oref0 recomputes everything from its
// history each cycle; the history it needs is summarised in the ControllerInput).
import { curveEvaluator } from '../../insulin/action.ts';
import { carbsOnBoard, type CarbsOnBoard } from './oref0Carbs.ts';
import { decide, type Decision } from './oref0Decision.ts';
import { glucoseStatus, CGM_STALE_AFTER_MINUTES, type GlucoseStatus } from './oref0Glucose.ts';
import { pastActivityUnitsPerMinute, projectInsulin, TICK_MINUTES } from './oref0Insulin.ts';
import { deviationTrend } from './oref0Deviations.ts';
import { parseOref0Options, type Oref0Options, type Oref0OptionsInput } from './oref0Options.ts';
import { predictGlucose, type Predictions } from './oref0Predictions.ts';
import type { Controller, ControllerInput, ControllerSettings, Recommendation } from './types.ts';

export type { Oref0Options, Oref0OptionsInput } from './oref0Options.ts';
export { parseOref0Options } from './oref0Options.ts';

/** Predictions run 4 hours ahead (oref0 truncates its curves at 3.5–4 h). */
export const HORIZON_TICKS = 48;

export interface Oref0Analysis {
  readonly status: GlucoseStatus;
  readonly carbs: CarbsOnBoard;
  readonly predictions: Predictions;
  readonly decision: Decision;
}

const f0 = (value: number): string => value.toFixed(0);
const f1 = (value: number): string => value.toFixed(1);
const f2 = (value: number): string => value.toFixed(2);
const signed = (value: number): string => (value >= 0 ? '+' : '') + value.toFixed(1);

function checkSettings(settings: ControllerSettings): void {
  const positive: (keyof ControllerSettings)[] = [
    'sensitivityMgdlPerUnit',
    'carbRatioGramsPerUnit',
    'targetMgdl',
  ];
  for (const field of positive) {
    const value = settings[field] as number;
    if (!(Number.isFinite(value) && value > 0)) {
      throw new RangeError(`oref0 settings: ${field} = ${value}, allowed a finite number > 0`);
    }
  }
  const nonNegative: (keyof ControllerSettings)[] = [
    'scheduledBasalUnitsPerHour',
    'suspendBelowMgdl',
    'maxBasalUnitsPerHour',
    'maxIobUnits',
    'maxAutoBolusUnits',
  ];
  for (const field of nonNegative) {
    const value = settings[field] as number;
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`oref0 settings: ${field} = ${value}, allowed a finite number ≥ 0`);
    }
  }
}

function checkInsulin(input: ControllerInput): void {
  if (!Number.isFinite(input.iobUnits)) {
    throw new RangeError(`oref0 input: iobUnits = ${input.iobUnits}, allowed a finite number`);
  }
  if (!Number.isFinite(input.activityUnitsPerMinute)) {
    throw new RangeError(
      `oref0 input: activityUnitsPerMinute = ${input.activityUnitsPerMinute}, allowed a finite number`,
    );
  }
}

/** Everything oref0 works out for one cycle, or null when there is no recent CGM reading. */
export function analyse(input: ControllerInput, options: Oref0Options): Oref0Analysis | null {
  const { settings } = input;
  checkSettings(settings);
  checkInsulin(input);
  const status = glucoseStatus(input.cgm, input.nowMinutes);
  if (status === null) return null;
  const curve = settings.insulinCurve;
  curveEvaluator(curve); // validates a hand-written curve before any evaluation (RangeError)
  const projection = projectInsulin({
    curve,
    iobUnits: input.iobUnits,
    activityUnitsPerMinute: input.activityUnitsPerMinute,
    scheduledBasalUnitsPerHour: settings.scheduledBasalUnitsPerHour,
    ticks: HORIZON_TICKS,
  });
  const sinceReadingMinutes = input.nowMinutes - status.readingAtMinutes;
  const trend = deviationTrend({
    cgm: input.cgm,
    lastReadingAtMinutes: status.readingAtMinutes,
    sensitivityMgdlPerUnit: settings.sensitivityMgdlPerUnit,
    activityAgo: (minutesAgo) =>
      pastActivityUnitsPerMinute(curve, projection.doses, minutesAgo + sinceReadingMinutes),
  });
  const carbs = carbsOnBoard(input.announcedCarbs, input.nowMinutes, options.carbAbsorptionMinutes);
  const predictions = predictGlucose({
    glucoseMgdl: status.glucoseMgdl,
    iobUnits: input.iobUnits,
    sensitivityMgdlPerUnit: settings.sensitivityMgdlPerUnit,
    carbSensitivityMgdlPerGram: settings.sensitivityMgdlPerUnit / settings.carbRatioGramsPerUnit,
    minDeltaMgdlPer5: Math.min(status.deltaMgdlPer5, status.shortAvgDeltaMgdlPer5),
    minAvgDeltaMgdlPer5: Math.min(status.shortAvgDeltaMgdlPer5, status.longAvgDeltaMgdlPer5),
    activityUnitsPerMinute: projection.activityUnitsPerMinute,
    zeroTempActivityUnitsPerMinute: projection.zeroTempActivityUnitsPerMinute,
    targetMgdl: settings.targetMgdl,
    suspendBelowMgdl: settings.suspendBelowMgdl,
    carbs,
    carbAbsorptionMinutes: options.carbAbsorptionMinutes,
    uam: options.uam,
    uamDecayTicks: options.uamDecayMinutes / TICK_MINUTES,
    deviationSlopeMgdlPer5PerTick: trend?.slopeMgdlPer5PerTick ?? 0,
    insulinPeakTicks: Math.round((curve.delayMinutes + curve.peakMinutes) / TICK_MINUTES),
  });
  const decision = decide({
    settings,
    options,
    status,
    iobUnits: input.iobUnits,
    carbs,
    predictions,
  });
  return { status, carbs, predictions, decision };
}

/** The facts behind the decision, as a clinician would check them. */
function stateReasons(input: ControllerInput, analysis: Oref0Analysis): string[] {
  const { status, carbs, predictions: p } = analysis;
  const { settings } = input;
  const trend = status.trendKnown
    ? `Δ ${signed(status.deltaMgdlPer5)} mg/dL/5 min (15-min avg ${signed(status.shortAvgDeltaMgdlPer5)}, 40-min avg ${signed(status.longAvgDeltaMgdlPer5)})`
    : 'trend unknown (no earlier reading)';
  const reasons = [
    `glucose ${f0(status.glucoseMgdl)} mg/dL, ${trend}`,
    `IOB ${f2(input.iobUnits)} U, activity ${input.activityUnitsPerMinute.toFixed(4)} U/min: insulin effect ${signed(p.bgiMgdlPer5)} mg/dL/5 min (ISF ${f0(settings.sensitivityMgdlPerUnit)}); deviation ${signed(p.carbImpactMgdlPer5)} mg/dL/5 min`,
    `COB ${f1(carbs.cobGrams)} g of ${f0(carbs.carbsGrams)} g announced`,
    `naive eventual glucose ${f0(p.naiveEventualMgdl)} mg/dL = ${f0(status.glucoseMgdl)} − ${f2(input.iobUnits)} U × ${f0(settings.sensitivityMgdlPerUnit)}; eventual ${f0(p.eventualMgdl)} mg/dL`,
  ];
  const parts = [`insulin only ${f0(p.minIobMgdl)}`];
  if (!Number.isNaN(p.minCobMgdl)) parts.push(`with carbs ${f0(p.minCobMgdl)}`);
  if (!Number.isNaN(p.minUamMgdl)) parts.push(`unannounced meal ${f0(p.minUamMgdl)}`);
  reasons.push(
    `min predicted ${f0(p.minPredictedMgdl)} mg/dL (${parts.join(', ')}); lowest over 4 h ${f0(p.minGuardMgdl)}`,
  );
  return reasons;
}

function staleRecommendation(input: ControllerInput): Recommendation {
  const rate = input.settings.scheduledBasalUnitsPerHour;
  return {
    tempBasal: { rateUnitsPerHour: rate, durationMinutes: 30 },
    bolusUnits: 0,
    reasons: [
      `no CGM reading in the last ${CGM_STALE_AFTER_MINUTES} min: scheduled basal ${f2(rate)} U/h, no bolus`,
    ],
  };
}

/** The oref0 controller; options are validated here (RangeError naming the field). */
export function createOref0Controller(options: Oref0OptionsInput = {}): Controller {
  const parsed = parseOref0Options(options);
  return {
    name: 'oref0',
    description:
      'OpenAPS oref0-style predictive controller: temp basals toward eventual glucose, low-glucose suspend on predicted lows, optional micro-boluses',
    recommend(input: ControllerInput): Recommendation {
      const analysis = analyse(input, parsed);
      if (analysis === null) return staleRecommendation(input);
      const { decision } = analysis;
      return {
        tempBasal: {
          rateUnitsPerHour: decision.rateUnitsPerHour,
          durationMinutes: decision.durationMinutes,
        },
        bolusUnits: decision.bolusUnits,
        reasons: [...stateReasons(input, analysis), ...decision.reasons],
        predictedGlucoseMgdl: analysis.predictions.eventualMgdl,
      };
    },
  };
}
