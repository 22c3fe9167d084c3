// oref0's glucose predictions, every 5 minutes ahead. Our own code after the description of
// oref0's lib/determine-basal/determine-basal.js (openaps/oref0, the "predBGs" block):
//
//   BGI_k   = −activity_k × ISF × 5          the insulin's effect in tick k (mg/dL per 5 min)
//   dev_k   = ci × max(0, 1 − k/12)          the current deviation, fading over 60 minutes
//   IOB_k   = IOB_{k−1} + BGI_k + dev_k                                   (insulin only)
//   COB_k   = COB_{k−1} + BGI_k + min(0, dev_k) + CI_k + remCI_k          (with the carbs)
//   UAM_k   = UAM_{k−1} + BGI_k + min(0, dev_k) + UCI_k                   (unannounced meal)
//   ZT_k    = ZT_{k−1} + BGI^ZT_k            insulin only, with a zero temp from now
//
// ci = minDelta − BGI_0 is the deviation now: how much faster glucose moves than insulin alone
// explains. CI_k lets ci fade linearly to 0 over 2·cid ticks, cid = COB × CSF / ci, so that
// its area is the carbs on board, unless the fade would outlast the remaining absorption
// time (then cid is capped and the carbs ci does not explain, remCI, absorb along a
// triangle over the remaining absorption time, as oref0's remainingCIpeak). UCI_k fades the
// 30-minute deviation uci = minAvgDelta − BGI_0 to 0, linearly over `uamDecayTicks` (oref1:
// 3 h) or faster at the rate the deviation has been falling from its recent peak (oref1's
// predUCI = min(predUCIslope, predUCImax)).
//
// Summaries, as oref0: the minimum of each curve after the insulin peak (IOB, COB) or after
// an hour (UAM); a guard minimum over the whole horizon (minGuardBG) and the zero-temp floor
// (minZTGuardBG); the naive eventual glucose (bg − IOB × ISF) and the eventual glucose (naive +
// 30 minutes of the current deviation), raised to the end of the COB or UAM curve while carbs
// are absorbing or glucose rises faster than insulin explains; and minPredBG, what dosing may
// bring to target (summariseMinimums).
import type { CarbsOnBoard } from './oref0Carbs.ts';

/** oref0 fades the current deviation over 60 minutes: 12 ticks. */
export const DEVIATION_DECAY_TICKS = 12;
/** oref0 waits an hour before it trusts the UAM curve's minimum. */
const UAM_MIN_WAIT_TICKS = 12;
/** oref0's eventual glucose adds 30 minutes (6 ticks) of the current deviation. */
const EVENTUAL_DEVIATION_TICKS = 6;

export interface PredictionInput {
  readonly glucoseMgdl: number;
  readonly iobUnits: number;
  readonly sensitivityMgdlPerUnit: number;
  /** CSF = ISF / carb ratio, mg/dL per gram. */
  readonly carbSensitivityMgdlPerGram: number;
  /** min(delta, shortAvgDelta) and min(shortAvgDelta, longAvgDelta), mg/dL per 5 min. */
  readonly minDeltaMgdlPer5: number;
  readonly minAvgDeltaMgdlPer5: number;
  /** Net insulin activity at now + 5k min, k = 0..ticks, U/min. */
  readonly activityUnitsPerMinute: Float64Array;
  /** The same with a zero temp from now on. */
  readonly zeroTempActivityUnitsPerMinute: Float64Array;
  readonly targetMgdl: number;
  readonly suspendBelowMgdl: number;
  readonly carbs: CarbsOnBoard;
  /** Minutes over which announced carbs absorb (the linear COB model's duration). */
  readonly carbAbsorptionMinutes: number;
  readonly uam: boolean;
  readonly uamDecayTicks: number;
  /** How fast the deviation falls from its recent peak, per tick (≤ 0; oref1's minDeviationSlope). */
  readonly deviationSlopeMgdlPer5PerTick: number;
  /** Ticks to the insulin's peak activity: minima before it are not used for dosing. */
  readonly insulinPeakTicks: number;
}

export interface PredictionCurves {
  readonly iobMgdl: Float64Array;
  /** Null when no carbs are on board. */
  readonly cobMgdl: Float64Array | null;
  /** Null when UAM is off. */
  readonly uamMgdl: Float64Array | null;
  /** Insulin only, with a zero temp from now and no deviation (oref0's ZT curve). */
  readonly zeroTempMgdl: Float64Array;
}

export interface Predictions extends PredictionCurves {
  /** The insulin's glucose impact now (BGI), mg/dL per 5 min. */
  readonly bgiMgdlPer5: number;
  /** ci and uci: the deviations now, mg/dL per 5 min. */
  readonly carbImpactMgdlPer5: number;
  readonly uamImpactMgdlPer5: number;
  readonly naiveEventualMgdl: number;
  readonly eventualMgdl: number;
  readonly minIobMgdl: number;
  /** NaN when the curve is absent. */
  readonly minCobMgdl: number;
  readonly minUamMgdl: number;
  /** The lowest glucose any used curve reaches over the whole horizon (oref0's minGuardBG). */
  readonly minGuardMgdl: number;
  /** The lowest of the zero-temp curve: how low glucose goes even if insulin stops now. */
  readonly minZeroTempMgdl: number;
  /** oref0's minPredBG: what dosing may bring down to target. */
  readonly minPredictedMgdl: number;
  /** Share of the announced carbs still on board (oref0's fractionCarbsLeft). */
  readonly fractionCarbsLeft: number;
}

interface CarbShape {
  readonly cidTicks: number;
  readonly remainingPeakMgdlPer5: number;
  readonly remainingTicks: number;
}

/** How the carbs on board absorb ahead: the fading current impact and the remaining triangle. */
function carbShape(input: PredictionInput, ci: number): CarbShape {
  const csf = input.carbSensitivityMgdlPerGram;
  const remainingMinutes = input.carbAbsorptionMinutes - input.carbs.lastCarbAgeMinutes;
  // At least an hour ahead, so carbs still announced near the end of their time do not arrive
  // all at once.
  const remainingTicks = Math.max(12, Math.round(remainingMinutes / 5));
  const cobImpactMgdl = input.carbs.cobGrams * csf;
  const cidTicks = ci > 0 ? Math.min(remainingTicks / 2, cobImpactMgdl / ci) : 0;
  // The triangle of base 2·cid and height ci has area ci·cid (mg/dL).
  const remainingImpactMgdl = Math.max(0, cobImpactMgdl - Math.max(0, ci) * cidTicks);
  return {
    cidTicks,
    remainingPeakMgdlPer5: (2 * remainingImpactMgdl) / remainingTicks,
    remainingTicks,
  };
}

function triangle(k: number, baseTicks: number): number {
  const half = baseTicks / 2;
  return k <= half ? k / half : Math.max(0, (baseTicks - k) / half);
}

/**
 * The four curves, index 0 being now; `ci` and `uci` are the carb impacts now from the short and
 * the 30-minute trend (the glucose change the insulin does not explain).
 */
function predictionCurves(
  input: PredictionInput,
  bgi: Impacts,
  ci: number,
  uci: number,
): PredictionCurves {
  const ticks = input.activityUnitsPerMinute.length - 1;
  const iob = new Float64Array(ticks + 1);
  const zeroTemp = new Float64Array(ticks + 1);
  const withCarbs = input.carbs.cobGrams > 0;
  const cob = withCarbs ? new Float64Array(ticks + 1) : null;
  const uam = input.uam ? new Float64Array(ticks + 1) : null;
  const shape = carbShape(input, ci);
  iob[0] = input.glucoseMgdl;
  zeroTemp[0] = input.glucoseMgdl;
  if (cob !== null) cob[0] = input.glucoseMgdl;
  if (uam !== null) uam[0] = input.glucoseMgdl;
  for (let k = 1; k <= ticks; k += 1) {
    const step = bgi.basal[k] ?? 0;
    const dev = ci * Math.max(0, 1 - k / DEVIATION_DECAY_TICKS);
    iob[k] = (iob[k - 1] as number) + step + dev;
    zeroTemp[k] = (zeroTemp[k - 1] as number) + (bgi.zeroTemp[k] ?? 0);
    if (cob !== null) {
      const fading = shape.cidTicks > 0 ? ci * Math.max(0, 1 - k / (2 * shape.cidTicks)) : 0;
      const remaining = shape.remainingPeakMgdlPer5 * triangle(k, shape.remainingTicks);
      cob[k] = (cob[k - 1] as number) + step + Math.min(0, dev) + fading + remaining;
    }
    if (uam !== null) {
      const positive = Math.max(0, uci);
      const bySlope = positive + k * input.deviationSlopeMgdlPer5PerTick;
      const byFade = positive * (1 - k / input.uamDecayTicks);
      const uamImpact = Math.max(0, Math.min(bySlope, byFade));
      uam[k] = (uam[k - 1] as number) + step + Math.min(0, dev) + uamImpact;
    }
  }
  return { iobMgdl: iob, cobMgdl: cob, uamMgdl: uam, zeroTempMgdl: zeroTemp };
}

function minimumFrom(curve: Float64Array | null, firstTick: number): number {
  if (curve === null) return Number.NaN;
  let min = Infinity;
  for (let k = Math.min(firstTick, curve.length - 1); k < curve.length; k += 1) {
    min = Math.min(min, curve[k] as number);
  }
  return min;
}

function last(curve: Float64Array | null): number {
  return curve === null ? Number.NaN : (curve[curve.length - 1] as number);
}

interface Impacts {
  readonly basal: Float64Array;
  readonly zeroTemp: Float64Array;
}

/** BGI of each tick: −activity × ISF × 5 (mg/dL per 5 min), with the basal and a zero temp. */
function glucoseImpacts(input: PredictionInput): Impacts {
  const toBgi = (activity: Float64Array) => {
    const out = new Float64Array(activity.length);
    for (let k = 0; k < activity.length; k += 1) {
      out[k] = -(activity[k] as number) * input.sensitivityMgdlPerUnit * 5;
    }
    return out;
  };
  return {
    basal: toBgi(input.activityUnitsPerMinute),
    zeroTemp: toBgi(input.zeroTempActivityUnitsPerMinute),
  };
}

/** All the predictions and their summaries (see the header). */
export function predictGlucose(input: PredictionInput): Predictions {
  const bgi = glucoseImpacts(input);
  const bgiNow = bgi.basal[0] ?? 0;
  const ci = input.minDeltaMgdlPer5 - bgiNow;
  const uci = input.minAvgDeltaMgdlPer5 - bgiNow;
  const curves = predictionCurves(input, bgi, ci, uci);
  const naive = input.glucoseMgdl - input.iobUnits * input.sensitivityMgdlPerUnit;
  // A negative deviation takes the less negative of the short and the 30-minute trends, so one
  // low reading does not make the controller overreact (determine-basal: "don't overreact to a
  // big negative delta: use minAvgDelta").
  const deviation = ci >= 0 ? ci : Math.min(0, Math.max(ci, uci));
  let eventual = naive + EVENTUAL_DEVIATION_TICKS * deviation;
  if (curves.cobMgdl !== null) eventual = Math.max(eventual, last(curves.cobMgdl));
  if (curves.uamMgdl !== null && ci > 0) eventual = Math.max(eventual, last(curves.uamMgdl));
  const minimums = summariseMinimums(input, curves);
  return Object.assign({}, curves, minimums, {
    bgiMgdlPer5: bgiNow,
    carbImpactMgdlPer5: ci,
    uamImpactMgdlPer5: uci,
    naiveEventualMgdl: naive,
    eventualMgdl: eventual,
  });
}

type Minimums = Pick<
  Predictions,
  | 'minIobMgdl'
  | 'minCobMgdl'
  | 'minUamMgdl'
  | 'minGuardMgdl'
  | 'minZeroTempMgdl'
  | 'minPredictedMgdl'
  | 'fractionCarbsLeft'
>;

/**
 * oref1's minZTUAMPredBG: the UAM minimum pulled toward the zero-temp minimum when insulin
 * already on board would take glucose toward the threshold even with no more insulin, so UAM
 * does not dose as if absorption could not stop; pulled up when the zero-temp floor is above it.
 */
function uamTowardZeroTemp(input: PredictionInput, minUam: number, minZeroTemp: number): number {
  const threshold = input.suspendBelowMgdl;
  const target = input.targetMgdl;
  if (minZeroTemp < threshold) return (minUam + minZeroTemp) / 2;
  if (minZeroTemp < target) {
    const share = (minZeroTemp - threshold) / (target - threshold);
    return (minUam + (minUam * share + minZeroTemp * (1 - share))) / 2;
  }
  return minZeroTemp > minUam ? (minUam + minZeroTemp) / 2 : minUam;
}

function summariseMinimums(input: PredictionInput, curves: PredictionCurves): Minimums {
  const minIob = minimumFrom(curves.iobMgdl, input.insulinPeakTicks);
  const minCob = minimumFrom(curves.cobMgdl, input.insulinPeakTicks);
  const minUam = minimumFrom(curves.uamMgdl, UAM_MIN_WAIT_TICKS);
  const minZeroTemp = minimumFrom(curves.zeroTempMgdl, 1);
  const { carbs } = input;
  const fraction = carbs.carbsGrams > 0 ? Math.min(1, carbs.cobGrams / carbs.carbsGrams) : 0;
  // Without carbs the UAM curve guards (it equals the IOB curve while glucose does not rise
  // faster than insulin explains); with carbs the COB curve, blended with it as carbs absorb.
  const guardNoCarbs = minimumFrom(curves.uamMgdl ?? curves.iobMgdl, 1);
  const minGuard =
    curves.cobMgdl !== null
      ? fraction * minimumFrom(curves.cobMgdl, 1) + (1 - fraction) * guardNoCarbs
      : guardNoCarbs;
  const uamLow = curves.uamMgdl !== null ? uamTowardZeroTemp(input, minUam, minZeroTemp) : NaN;
  let minPredicted = minIob;
  if (curves.cobMgdl !== null) {
    const noCarbs = curves.uamMgdl !== null ? uamLow : minIob;
    minPredicted = Math.max(minIob, minCob, fraction * minCob + (1 - fraction) * noCarbs);
  } else if (curves.uamMgdl !== null) {
    minPredicted = Math.max(minIob, uamLow);
  }
  // Never above where the curves end (oref0's avgPredBG: the COB curve weighted by the share of
  // carbs left, the rest by the UAM curve, or the IOB curve with UAM off; oref1 averages IOB
  // and COB with UAM off, which low-temps after every meal bolus). oref1 also lifts avgPredBG
  // to the zero-temp floor; we do not: in the test loop that lift raised time below 70 mg/dL
  // (e.g. 1.2 → 0.5 % with CGM noise and no meal bolus, 10 patients) for no time in range.
  const endNoCarbs = last(curves.uamMgdl ?? curves.iobMgdl);
  const avgEnd =
    curves.cobMgdl !== null
      ? fraction * last(curves.cobMgdl) + (1 - fraction) * endNoCarbs
      : (last(curves.iobMgdl) + endNoCarbs) / 2;
  minPredicted = Math.min(minPredicted, avgEnd);
  return {
    minIobMgdl: minIob,
    minCobMgdl: minCob,
    minUamMgdl: minUam,
    minGuardMgdl: minGuard,
    minZeroTempMgdl: minZeroTemp,
    minPredictedMgdl: minPredicted,
    fractionCarbsLeft: fraction,
  };
}
