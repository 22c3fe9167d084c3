// oref0's dosing decision from its predictions. Our own code after the description of oref0's
// lib/determine-basal/determine-basal.js (openaps/oref0). Checks run in this order; the first
// that applies decides:
//   1. 'low-suspend'            glucose or the guard minimum below the suspend threshold:
//                               zero temp (30–120 min, the shortfall's worth of basal), no
//                               bolus; unless a low is already resolving with insulin on
//                               board well below zero;
//   2. 'eventual-below-target'  eventual glucose below target: a low temp that withholds
//                               twice the insulin the shortfall asks for (oref0 doubles it "for
//                               increased hypo safety"), unless glucose already rises faster
//                               than expected ('rising-faster-than-expected': scheduled basal);
//   3. 'falling-faster-than-expected'  (not in SMB mode) scheduled basal;
//   4. 'in-range'               (not in SMB mode) eventual or minimum prediction below target:
//                               scheduled basal;
//   5. 'max-iob'                IOB at or above max IOB: scheduled basal;
//   6. 'above-target'           insulinReq = (min(minPredBG, eventualBG) − target) / ISF,
//                               capped at max IOB − IOB; temp = basal + 2 × insulinReq (the
//                               insulinReq over 30 minutes), capped at max basal; in SMB mode
//                               part of it as a micro-bolus, with a zero temp while the
//                               insulin-only outlook is below target (oref1's "SMB + zero temp").
// "Expected delta" is the glucose change insulin explains plus the change that would bring the
// eventual glucose to target over 2 hours (calculate_expected_delta).
import type { CarbsOnBoard } from './oref0Carbs.ts';
import type { GlucoseStatus } from './oref0Glucose.ts';
import type { Oref0Options } from './oref0Options.ts';
import type { Predictions } from './oref0Predictions.ts';
import type { ControllerSettings } from './types.ts';

export type DecisionKind =
  | 'low-suspend'
  | 'eventual-below-target'
  | 'rising-faster-than-expected'
  | 'falling-faster-than-expected'
  | 'in-range'
  | 'max-iob'
  | 'above-target';

/** Every temp basal lasts 30 minutes (oref0's default), except the SMB zero temp. */
export const TEMP_DURATION_MINUTES = 30;
/** oref1 caps its zero temps at 2 hours and sets them in 30-minute steps. */
const ZERO_TEMP_MAX_MINUTES = 120;
/** Ticks in 2 hours: the time over which expected delta brings eventual glucose to target. */
const EXPECTED_DELTA_TICKS = 24;

export interface DecisionContext {
  readonly settings: ControllerSettings;
  readonly options: Oref0Options;
  readonly status: GlucoseStatus;
  readonly iobUnits: number;
  readonly carbs: CarbsOnBoard;
  readonly predictions: Predictions;
}

export interface Decision {
  readonly kind: DecisionKind;
  readonly rateUnitsPerHour: number;
  readonly durationMinutes: number;
  readonly bolusUnits: number;
  /** Insulin needed (positive) or to withhold (negative) to reach target, U; 0 if not computed. */
  readonly insulinReqUnits: number;
  readonly reasons: readonly string[];
}

const f0 = (value: number): string => value.toFixed(0);
const f2 = (value: number): string => value.toFixed(2);

function minDeltaOf(status: GlucoseStatus): number {
  return Math.min(status.deltaMgdlPer5, status.shortAvgDeltaMgdlPer5);
}

function expectedDeltaMgdlPer5(context: DecisionContext): number {
  const { predictions, settings } = context;
  const toTarget = settings.targetMgdl - predictions.eventualMgdl;
  return predictions.bgiMgdlPer5 + toTarget / EXPECTED_DELTA_TICKS;
}

/** SMB mode: SMB on, automatic boluses allowed, and carbs on board or glucose high. */
function smbMode(context: DecisionContext): boolean {
  const { options, settings, carbs, status } = context;
  if (!options.smb || settings.maxAutoBolusUnits <= 0) return false;
  return carbs.cobGrams > 0 || status.glucoseMgdl > options.smbWithoutCarbsAboveMgdl;
}

function basal(kind: DecisionKind, context: DecisionContext, why: string): Decision {
  const rate = context.settings.scheduledBasalUnitsPerHour;
  return {
    kind,
    rateUnitsPerHour: rate,
    durationMinutes: TEMP_DURATION_MINUTES,
    bolusUnits: 0,
    insulinReqUnits: 0,
    reasons: [`${why}: scheduled basal ${f2(rate)} U/h`],
  };
}

/**
 * Zero temp long enough to give back what the lowest prediction lacks to reach the target:
 * (target − minGuardBG) / ISF units of basal, in 30-minute steps, 30 to 120 minutes (oref1).
 */
function lowSuspend(context: DecisionContext): Decision {
  const { status, predictions, settings } = context;
  const threshold = settings.suspendBelowMgdl;
  const which =
    status.glucoseMgdl < threshold
      ? `glucose ${f0(status.glucoseMgdl)} mg/dL`
      : `lowest predicted glucose ${f0(predictions.minGuardMgdl)} mg/dL`;
  const shortfallUnits =
    (settings.targetMgdl - predictions.minGuardMgdl) / settings.sensitivityMgdlPerUnit;
  const basalRate = settings.scheduledBasalUnitsPerHour;
  const minutes = basalRate > 0 ? (60 * shortfallUnits) / basalRate : 0;
  const durationMinutes = thirtyMinuteSteps(minutes);
  return {
    kind: 'low-suspend',
    rateUnitsPerHour: 0,
    durationMinutes,
    bolusUnits: 0,
    insulinReqUnits: 0,
    reasons: [
      `${which} below the suspend threshold ${f0(threshold)}: zero temp for ${durationMinutes} min, no bolus`,
    ],
  };
}

/** oref1's temp lengths: rounded to 30 minutes, between 30 and 120. */
function thirtyMinuteSteps(minutes: number): number {
  const rounded = Math.round(minutes / 30) * 30;
  return Math.min(ZERO_TEMP_MAX_MINUTES, Math.max(TEMP_DURATION_MINUTES, rounded));
}

/**
 * oref1 does not suspend below the threshold when insulin on board is already well below
 * zero (more than 20 minutes of basal withheld) and glucose rises faster than expected: the
 * low is resolving, and more withheld insulin would overshoot.
 */
function recoveringFromLow(context: DecisionContext): boolean {
  const { status, settings, iobUnits } = context;
  const minDelta = minDeltaOf(status);
  return (
    status.glucoseMgdl < settings.suspendBelowMgdl &&
    iobUnits < (-settings.scheduledBasalUnitsPerHour * 20) / 60 &&
    minDelta > 0 &&
    minDelta > expectedDeltaMgdlPer5(context)
  );
}

function belowTarget(context: DecisionContext): Decision {
  const { status, predictions, settings } = context;
  const minDelta = minDeltaOf(status);
  const expected = expectedDeltaMgdlPer5(context);
  const eventual = predictions.eventualMgdl;
  const head = `eventual glucose ${f0(eventual)} mg/dL below target ${f0(settings.targetMgdl)}`;
  if (minDelta > expected && minDelta > 0) {
    const why = `${head}, but rising ${minDelta.toFixed(1)} mg/dL/5 min, faster than the expected ${expected.toFixed(1)}`;
    return basal('rising-faster-than-expected', context, why);
  }
  let insulinReq =
    2 * Math.min(0, (eventual - settings.targetMgdl) / settings.sensitivityMgdlPerUnit);
  // Falling, but more slowly than expected: withhold proportionally less.
  if (minDelta < 0 && minDelta > expected) insulinReq *= minDelta / expected;
  const basalRate = settings.scheduledBasalUnitsPerHour;
  const rate = Math.max(0, basalRate + 2 * insulinReq);
  return {
    kind: 'eventual-below-target',
    rateUnitsPerHour: rate,
    durationMinutes: TEMP_DURATION_MINUTES,
    bolusUnits: 0,
    insulinReqUnits: insulinReq,
    reasons: [
      `${head}: withhold ${f2(-insulinReq)} U = 2 × (${f0(settings.targetMgdl)} − ${f0(eventual)}) / ISF ${f0(settings.sensitivityMgdlPerUnit)}` +
        `; temp ${f2(rate)} U/h = max(0, basal ${f2(basalRate)} − 2 × ${f2(-insulinReq)})`,
    ],
  };
}

/** The decision for this cycle (see the header for the order of the checks). */
export function decide(context: DecisionContext): Decision {
  const { status, predictions, settings, iobUnits } = context;
  const threshold = settings.suspendBelowMgdl;
  const low = status.glucoseMgdl < threshold || predictions.minGuardMgdl < threshold;
  if (low && !recoveringFromLow(context)) return lowSuspend(context);
  if (predictions.eventualMgdl < settings.targetMgdl) return belowTarget(context);
  const smb = smbMode(context);
  const minDelta = minDeltaOf(status);
  const expected = expectedDeltaMgdlPer5(context);
  if (!smb && minDelta < expected) {
    const why = `eventual glucose ${f0(predictions.eventualMgdl)} mg/dL at or above target, but falling ${minDelta.toFixed(1)} mg/dL/5 min, faster than the expected ${expected.toFixed(1)}`;
    return basal('falling-faster-than-expected', context, why);
  }
  const lowest = Math.min(predictions.eventualMgdl, predictions.minPredictedMgdl);
  if (!smb && lowest < settings.targetMgdl) {
    const why = `eventual ${f0(predictions.eventualMgdl)} and minimum predicted ${f0(predictions.minPredictedMgdl)} mg/dL: one below target ${f0(settings.targetMgdl)}`;
    return basal('in-range', context, why);
  }
  if (iobUnits >= settings.maxIobUnits) {
    return basal(
      'max-iob',
      context,
      `IOB ${f2(iobUnits)} U at max IOB ${f2(settings.maxIobUnits)} U`,
    );
  }
  return aboveTarget(context, smb);
}

function insulinRequired(context: DecisionContext): { units: number; reasons: string[] } {
  const { predictions, settings, iobUnits, status } = context;
  const lowest = Math.min(predictions.eventualMgdl, predictions.minPredictedMgdl);
  let units = (lowest - settings.targetMgdl) / settings.sensitivityMgdlPerUnit;
  const reasons = [
    `insulinReq ${f2(units)} U = (min(eventual ${f0(predictions.eventualMgdl)}, min predicted ${f0(predictions.minPredictedMgdl)}) − target ${f0(settings.targetMgdl)}) / ISF ${f0(settings.sensitivityMgdlPerUnit)}`,
  ];
  const minDelta = minDeltaOf(status);
  const expected = expectedDeltaMgdlPer5(context);
  if (units > 0 && minDelta < 0 && minDelta > expected) {
    units *= 1 - minDelta / expected;
    reasons.push(
      `falling ${minDelta.toFixed(1)} mg/dL/5 min (expected ${expected.toFixed(1)}): insulinReq reduced to ${f2(units)} U`,
    );
  }
  const headroom = settings.maxIobUnits - iobUnits;
  if (units > headroom) {
    units = headroom;
    reasons.push(
      `insulinReq capped at ${f2(units)} U by max IOB ${f2(settings.maxIobUnits)} − IOB ${f2(iobUnits)}`,
    );
  }
  return { units, reasons };
}

/** Why an SMB is not safe now, or null when it is. */
function smbRefusal(context: DecisionContext): string | null {
  const { options, predictions, settings, status } = context;
  const guard = Math.max(options.smbMinGuardMgdl, settings.suspendBelowMgdl);
  if (predictions.minGuardMgdl < guard) {
    return `lowest predicted glucose ${f0(predictions.minGuardMgdl)} mg/dL below ${f0(guard)}`;
  }
  if (!status.trendKnown) return 'glucose trend unknown (no earlier reading)';
  const maxDelta = Math.max(status.deltaMgdlPer5, status.shortAvgDeltaMgdlPer5);
  if (maxDelta > options.smbMaxDeltaFraction * status.glucoseMgdl) {
    return `glucose rising ${maxDelta.toFixed(1)} mg/dL/5 min, over ${f0(100 * options.smbMaxDeltaFraction)} % of itself (sensor jump?)`;
  }
  return null;
}

interface MicroBolus {
  readonly units: number;
  readonly reasons: readonly string[];
  /** The SMB zero temp, when insulin alone would end too low. */
  readonly zeroTemp: ZeroTemp | null;
}

/** The SMB for this cycle: a share of insulinReq, capped, in whole bolus steps; or why none. */
function microBolus(context: DecisionContext, insulinReq: number): MicroBolus {
  const { settings, options } = context;
  const refusal = smbRefusal(context);
  if (refusal !== null)
    return { units: 0, reasons: [`no micro-bolus: ${refusal}`], zeroTemp: null };
  const step = options.bolusIncrementUnits;
  const wanted = Math.min(insulinReq * options.smbShareOfInsulinReq, settings.maxAutoBolusUnits);
  // The small epsilon keeps an exact multiple (0.3 / 0.05 = 5.999…) from losing a step.
  const units = Math.floor(wanted / step + 1e-9) * step;
  const reasons = [
    `micro-bolus ${f2(units)} U = ${f2(options.smbShareOfInsulinReq)} × insulinReq, at most ${f2(settings.maxAutoBolusUnits)} U, in steps of ${step} U`,
  ];
  return { units, reasons, zeroTemp: units > 0 ? smbZeroTemp(context) : null };
}

function aboveTarget(context: DecisionContext, smb: boolean): Decision {
  const { settings } = context;
  const required = insulinRequired(context);
  const insulinReq = required.units;
  const reasons = [...required.reasons];
  const bolus = smb && insulinReq > 0 ? microBolus(context, insulinReq) : null;
  const bolusUnits = bolus?.units ?? 0;
  if (bolus !== null) reasons.push(...bolus.reasons);
  const kind: DecisionKind = insulinReq > 0 ? 'above-target' : 'in-range';
  if (bolus?.zeroTemp) {
    return {
      kind,
      rateUnitsPerHour: 0,
      durationMinutes: bolus.zeroTemp.durationMinutes,
      bolusUnits,
      insulinReqUnits: insulinReq,
      reasons: [...reasons, bolus.zeroTemp.reason],
    };
  }
  const basalRate = settings.scheduledBasalUnitsPerHour;
  const wantedRate = Math.max(0, basalRate + 2 * (insulinReq - bolusUnits));
  const rate = Math.min(wantedRate, settings.maxBasalUnitsPerHour);
  reasons.push(
    `temp ${f2(rate)} U/h = basal ${f2(basalRate)} + 2 × ${f2(insulinReq - bolusUnits)} U` +
      (rate < wantedRate ? `, capped at max basal ${f2(settings.maxBasalUnitsPerHour)}` : ''),
  );
  return {
    kind,
    rateUnitsPerHour: rate,
    durationMinutes: TEMP_DURATION_MINUTES,
    bolusUnits,
    insulinReqUnits: insulinReq,
    reasons,
  };
}

interface ZeroTemp {
  readonly durationMinutes: number;
  readonly reason: string;
}

/**
 * oref1 zeroes the basal while it micro-boluses if glucose would end below target on insulin
 * alone (the average of the naive eventual and the insulin-only minimum): should the carbs not
 * come, the withheld basal offsets the boluses. Its length gives back that shortfall, in
 * 30-minute steps, 30 to 120 minutes.
 */
function smbZeroTemp(context: DecisionContext): ZeroTemp | null {
  const { predictions, settings, options } = context;
  const worstCaseMgdl = (predictions.naiveEventualMgdl + predictions.minIobMgdl) / 2;
  if (worstCaseMgdl >= (options.smbZeroTempBelowMgdl ?? settings.targetMgdl)) return null;
  const worstCaseUnits = (settings.targetMgdl - worstCaseMgdl) / settings.sensitivityMgdlPerUnit;
  if (worstCaseUnits <= 0 || settings.scheduledBasalUnitsPerHour <= 0) return null;
  const durationMinutes = thirtyMinuteSteps(
    (60 * worstCaseUnits) / settings.scheduledBasalUnitsPerHour,
  );
  return {
    durationMinutes,
    reason: `insulin alone would end at ${f0(worstCaseMgdl)} mg/dL: zero temp for ${durationMinutes} min while micro-bolusing`,
  };
}
