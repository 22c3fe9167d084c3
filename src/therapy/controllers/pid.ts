// A PID controller with insulin feedback (PID-IFB), in the style of the Medtronic hybrid closed
// loop (the 670G's auto mode): every 5 minutes it sets an absolute temporary basal from
//
//   PID  = P + I + D            P = KP·(G − target)
//                               I(n) = I(n−1) + (KP/TI)·(G − target)·Δt   (starts at the basal)
//                               D = KP·TD·dG/dt                            (filtered CGM slope)
//   rate = (1 + γ)·PID − γ·Î    Î: the insulin in the body, as the basal rate that holds it
//
// then clamps the rate to [0, max basal] and suspends (rate 0) when glucose is low or its linear
// projection 30 minutes ahead is low. Meals are the user's business (hybrid loop: the user
// boluses for announced carbs); the controller adds no feedforward.
//
// Sources (our own code; formulas restated, not copied):
// - Steil GM et al. Feasibility of automating insulin delivery for the treatment of type 1
//   diabetes. Diabetes 2006;55:3344–3350: the PID model of the β cell, target 120 mg/dL.
// - Panteleon AE et al. Diabetes 2006;55:1995–2000: the gain set from the open-loop total daily
//   dose (TDD), stable between 0.5× and 1.5× that gain.
// - KP from TDD by the 1500 rule: a glucose rise ΔG makes the derivative term deliver
//   KP·TD·ΔG/60 U, which the rule sets to ΔG/(1500/TDD) U, hence KP = 60·TDD/(1500·TD)
//   U/h per mg/dL (the form the PD-IFB controllers of Sala-Mira, Bondia et al. use, TD 90 min).
// - Insulin feedback: Steil GM et al. J Clin Endocrinol Metab 2011;96:1402–1408 and Palerm CC,
//   Comput Methods Programs Biomed 2011;102:130–137 — rate = (1 + γ)·PID − γ·Î, γ = 0.5; Ruiz JL
//   et al. J Diabetes Sci Technol 2012;6:1123–1130 (PMC3570847): IFB removed the late
//   post-meal hypoglycaemia of plain PID. Steil GM. J Diabetes Sci Technol 2013;7:1621–1631
//   (PMC3876341) reviews the approach. (The 2011 references are cited from memory: their
//   abstracts were not available to check; the IFB law and γ = 0.5 are as we recall them.)
// Î here is the insulin on board (net of the scheduled basal, as the input carries it) turned
// into the steady basal rate that would keep that much on board: Î = basal + 60·IOB/M, with
// M = ∫ fraction remaining dt (112 min for the 5-h rapid-acting curve). At a steady basal Î
// equals the rate delivered, so the feedback is neutral there and the integral holds the basal;
// after a bolus Î rises at once (like the subcutaneous compartment of the 670G's insulin
// estimate) and holds the PID back, so the loop does not stack insulin on the meal bolus.
// `feedbackIobShare` < 1 blends in a slower, plasma-like estimate from the curve's activity,
// basal + 60·activity.
//
// Defaults tuned on the bench loop (testLoop.ts: 30 patients of the
// default population, 7 days, ideal and noisy CGM, meals announced with a bolus and not):
// Steil's KP with TD 90 min was too strong here (glucose oscillated 50–150 mg/dL between meals
// and fell below 54 after boluses); half that KP with γ = 2 on the IOB estimate gave the best
// time in range without time below 54. γ = 2 is not Steil's 0.5: his Î was a plasma insulin
// estimate, which rises later and less after a bolus than the IOB estimate used here.
import { z } from 'zod';
import { effectDurationMinutes, remainingIntegralMinutes } from '../../insulin/index.ts';
import { parseOptions } from '../../validation/parseOptions.ts';
import { ranged } from '../../validation/numbers.ts';
import type { CgmPoint, Controller, ControllerInput, Recommendation } from './types.ts';

/** The 1500 rule (mg/dL·U per TDD): 1 U lowers glucose by 1500/TDD mg/dL. */
const RULE_1500_MGDL_UNITS = 1500;
/** Every recommendation sets a 30-min temporary basal; the next cycle (5 min) replaces it. */
const TEMP_BASAL_MINUTES = 30;
/** Longest step the integral takes at once: a gap in the calls must not integrate blindly. */
const INTEGRAL_STEP_MINUTES_MAX = 10;
/** After this long without a call the controller restarts (integral back at the basal). */
const RESTART_GAP_MINUTES = 60;

const pidOptionsSchema = z.strictObject({
  /** Setpoint: 120 mg/dL, the 670G's fixed one, or 'settings' to follow the user's target. */
  targetMgdl: z.union([ranged(90, 160, 'mg/dL'), z.literal('settings')]).default(120),
  /** Multiplier on the TDD-scaled KP (Panteleon 2006 tested 0.5–1.5). */
  gainScale: ranged(0.1, 5, '× KP from TDD').default(0.5),
  integralTimeMinutes: ranged(30, 3000, 'min').default(600),
  derivativeTimeMinutes: ranged(10, 240, 'min').default(90),
  insulinFeedbackGamma: ranged(0, 4, '').default(2),
  /** Share of the on-board (IOB) estimate in Î, the rest from the acting one (activity). */
  feedbackIobShare: ranged(0, 1, '').default(1),
  /** The CGM slope is a least-squares fit over this window... */
  slopeWindowMinutes: ranged(10, 60, 'min').default(15),
  /** ...then low-pass filtered with this time constant (0: no filter). */
  derivativeFilterMinutes: ranged(0, 60, 'min').default(10),
  /** The integral stays within [0, this × scheduled basal] (and never above max basal). */
  integralMaxBasalMultiple: ranged(1, 5, '× scheduled basal').default(2),
  /** Low-glucose suspend looks this far ahead along the CGM slope. */
  lowPredictionMinutes: ranged(0, 60, 'min').default(30),
  /** A last CGM reading older than this is no reading: the scheduled basal runs. */
  staleCgmMinutes: ranged(5, 30, 'min').default(15),
});

export type PidOptionsInput = z.input<typeof pidOptionsSchema>;
export type PidOptions = z.output<typeof pidOptionsSchema>;

export function parsePidOptions(input: unknown = {}): PidOptions {
  return parseOptions(pidOptionsSchema, input, 'pid options');
}

/** KP (U/h per mg/dL) from the total daily dose by the 1500 rule (header). */
export function proportionalGainFromTdd(
  totalDailyDoseUnits: number,
  derivativeTimeMinutes: number,
): number {
  return (60 * totalDailyDoseUnits) / (RULE_1500_MGDL_UNITS * derivativeTimeMinutes);
}

/** A straight line through the recent readings: its value now and its slope. */
export interface CgmTrend {
  readonly glucoseMgdl: number;
  readonly slopeMgdlPerMinute: number;
}

/**
 * Least-squares line through the readings within `windowMinutes` before now, evaluated at now,
 * or null when fewer than two readings span at least 5 minutes (a gap: no trend, not a guess).
 * The fitted value rather than the last reading feeds the low projection: with sensor noise a
 * single reading 10 mg/dL low would otherwise suspend insulin for nothing.
 */
export function cgmTrend(
  cgm: readonly CgmPoint[],
  nowMinutes: number,
  windowMinutes: number,
): CgmTrend | null {
  let n = 0;
  let sumT = 0;
  let sumG = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const point = cgm[i] as CgmPoint;
    const age = nowMinutes - point.atMinutes;
    if (age > windowMinutes) break;
    if (age < 0) continue;
    n += 1;
    sumT += point.atMinutes - nowMinutes;
    sumG += point.glucoseMgdl;
    first = Math.min(first, point.atMinutes);
    last = Math.max(last, point.atMinutes);
  }
  if (n < 2 || last - first < 5) return null;
  const meanT = sumT / n;
  const meanG = sumG / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = cgm.length - 1; i >= 0; i -= 1) {
    const point = cgm[i] as CgmPoint;
    const age = nowMinutes - point.atMinutes;
    if (age > windowMinutes) break;
    if (age < 0) continue;
    const dt = point.atMinutes - nowMinutes - meanT;
    sxx += dt * dt;
    sxy += dt * (point.glucoseMgdl - meanG);
  }
  const slope = sxy / sxx;
  return { glucoseMgdl: meanG - slope * meanT, slopeMgdlPerMinute: slope };
}

export interface InsulinFeedbackInput {
  readonly scheduledBasalUnitsPerHour: number;
  /** Insulin activity net of the scheduled basal, U/min. */
  readonly netActivityUnitsPerMinute: number;
  /** Insulin on board net of the scheduled basal, U. */
  readonly netIobUnits: number;
  /** ∫ fraction remaining dt over the curve: the mean time a unit stays on board, min. */
  readonly meanOnBoardMinutes: number;
  /** Weight of the on-board estimate against the acting one, 0–1. */
  readonly iobShare: number;
}

/**
 * Î (U/h): the insulin in the body as the steady basal rate that would hold it, a blend of two
 * estimates that both equal the rate delivered at a steady basal. The acting estimate,
 * basal + 60·activity, follows the curve's action (slow: it peaks 75 min after a bolus); the
 * on-board estimate, basal + 60·IOB/meanOnBoard (a steady rate r keeps r·meanOnBoard on board),
 * rises the moment a bolus is given, like the subcutaneous compartment of the 670G's estimate.
 */
export function insulinFeedbackUnitsPerHour(input: InsulinFeedbackInput): number {
  const acting = input.scheduledBasalUnitsPerHour + 60 * input.netActivityUnitsPerMinute;
  const onBoard =
    input.scheduledBasalUnitsPerHour + (60 * input.netIobUnits) / input.meanOnBoardMinutes;
  return Math.max(0, (1 - input.iobShare) * acting + input.iobShare * onBoard);
}

/** The PID-IFB law: (1 + γ)·PID − γ·Î, U/h (before any limit). */
export function insulinFeedbackRate(
  pidUnitsPerHour: number,
  feedback: { readonly gamma: number; readonly feedbackUnitsPerHour: number },
): number {
  return (1 + feedback.gamma) * pidUnitsPerHour - feedback.gamma * feedback.feedbackUnitsPerHour;
}

/** The terms of one cycle, U/h each (reported in the reasons and kept for tests). */
export interface PidTerms {
  readonly errorMgdl: number;
  readonly slopeMgdlPerMinute: number;
  readonly proportionalGainUnitsPerHourPerMgdl: number;
  readonly proportionalUnitsPerHour: number;
  readonly integralUnitsPerHour: number;
  readonly derivativeUnitsPerHour: number;
  readonly insulinFeedbackUnitsPerHour: number;
  /** (1 + γ)·(P + I + D) − γ·Î before the limits. */
  readonly unclampedUnitsPerHour: number;
}

/** What the controller keeps between calls (plain numbers, so runs are reproducible). */
export interface PidState {
  /** Time of the last call, or null before the first (or after a restart). */
  lastMinutes: number | null;
  integralUnitsPerHour: number;
  filteredSlopeMgdlPerMinute: number;
}

export interface PidController extends Controller {
  /** The state after the last call (read-only view, for tests and reports). */
  readonly state: Readonly<PidState>;
  /** The terms of the last cycle that ran the PID (null before one has). */
  readonly lastTerms: PidTerms | null;
}

export function createPidController(options: PidOptionsInput = {}): PidController {
  return new PidIfbController(parsePidOptions(options));
}

class PidIfbController implements PidController {
  readonly name = 'pid';
  readonly description =
    'PID with insulin feedback (Steil; 670G-style): gains from the total daily dose, ' +
    'setpoint 120 mg/dL, low-glucose suspend on a 30-min CGM projection';
  readonly state: PidState = {
    lastMinutes: null,
    integralUnitsPerHour: 0,
    filteredSlopeMgdlPerMinute: 0,
  };
  lastTerms: PidTerms | null = null;

  constructor(private readonly options: PidOptions) {}

  recommend(input: ControllerInput): Recommendation {
    const { settings } = input;
    const latest = input.cgm[input.cgm.length - 1];
    if (
      latest === undefined ||
      input.nowMinutes - latest.atMinutes > this.options.staleCgmMinutes
    ) {
      // No glucose to act on: hand back to the programmed basal and forget the loop's state.
      this.state.lastMinutes = null;
      return {
        tempBasal: {
          rateUnitsPerHour: settings.scheduledBasalUnitsPerHour,
          durationMinutes: TEMP_BASAL_MINUTES,
        },
        bolusUnits: 0,
        reasons: [
          `no CGM reading in the last ${this.options.staleCgmMinutes} min: scheduled basal ` +
            `${round2(settings.scheduledBasalUnitsPerHour)} U/h`,
        ],
      };
    }
    const trend = cgmTrend(input.cgm, input.nowMinutes, this.options.slopeWindowMinutes);
    const stepMinutes = this.advanceClock(input, trend?.slopeMgdlPerMinute ?? null);
    const terms = this.computeTerms(input, latest.glucoseMgdl, stepMinutes);
    this.lastTerms = terms;
    const projected =
      trend === null
        ? latest.glucoseMgdl
        : trend.glucoseMgdl +
          this.state.filteredSlopeMgdlPerMinute * this.options.lowPredictionMinutes;
    return this.limit(input, terms, {
      glucoseMgdl: latest.glucoseMgdl,
      projected,
      slope: trend?.slopeMgdlPerMinute ?? null,
    });
  }

  /**
   * Advances the state's clock and the slope filter; returns the minutes the integral may
   * integrate over. Without a slope (a CGM gap) the filtered slope is held, or 0 at a start.
   */
  private advanceClock(input: ControllerInput, rawSlope: number | null): number {
    const last = this.state.lastMinutes;
    const gap = last === null ? Infinity : input.nowMinutes - last;
    this.state.lastMinutes = input.nowMinutes;
    if (!(gap > 0 && gap <= RESTART_GAP_MINUTES)) {
      // First call, a long gap or time going backwards: start bumplessly from the basal.
      this.state.integralUnitsPerHour = input.settings.scheduledBasalUnitsPerHour;
      this.state.filteredSlopeMgdlPerMinute = rawSlope ?? 0;
      return 0;
    }
    if (rawSlope !== null) {
      // First-order low-pass, discretised for the step actually taken (exact for tau = 0).
      const weight = gap / (this.options.derivativeFilterMinutes + gap);
      this.state.filteredSlopeMgdlPerMinute +=
        weight * (rawSlope - this.state.filteredSlopeMgdlPerMinute);
    }
    return Math.min(gap, INTEGRAL_STEP_MINUTES_MAX);
  }

  private computeTerms(input: ControllerInput, glucoseMgdl: number, stepMinutes: number): PidTerms {
    const { settings } = input;
    const o = this.options;
    const target = o.targetMgdl === 'settings' ? settings.targetMgdl : o.targetMgdl;
    const errorMgdl = glucoseMgdl - target;
    const kp =
      o.gainScale * proportionalGainFromTdd(settings.totalDailyDoseUnits, o.derivativeTimeMinutes);
    const slope = this.state.filteredSlopeMgdlPerMinute;
    const p = kp * errorMgdl;
    const d = kp * o.derivativeTimeMinutes * slope;
    const feedback = insulinFeedbackUnitsPerHour({
      scheduledBasalUnitsPerHour: settings.scheduledBasalUnitsPerHour,
      netActivityUnitsPerMinute: input.activityUnitsPerMinute,
      netIobUnits: input.iobUnits,
      meanOnBoardMinutes: remainingIntegralMinutes(
        settings.insulinCurve,
        effectDurationMinutes(settings.insulinCurve),
      ),
      iobShare: o.feedbackIobShare,
    });
    const withFeedback = { gamma: o.insulinFeedbackGamma, feedbackUnitsPerHour: feedback };
    const previous = this.state.integralUnitsPerHour;
    const candidate = previous + (kp / o.integralTimeMinutes) * errorMgdl * stepMinutes;
    // Anti-windup (conditional integration): do not integrate further into a saturated output.
    const u = insulinFeedbackRate(p + candidate + d, withFeedback);
    const saturatedLow = u < 0 && errorMgdl < 0;
    const saturatedHigh = u > settings.maxBasalUnitsPerHour && errorMgdl > 0;
    const integralMax = Math.min(
      settings.maxBasalUnitsPerHour,
      o.integralMaxBasalMultiple * settings.scheduledBasalUnitsPerHour,
    );
    const integral = clamp(saturatedLow || saturatedHigh ? previous : candidate, 0, integralMax);
    this.state.integralUnitsPerHour = integral;
    return {
      errorMgdl,
      slopeMgdlPerMinute: slope,
      proportionalGainUnitsPerHourPerMgdl: kp,
      proportionalUnitsPerHour: p,
      integralUnitsPerHour: integral,
      derivativeUnitsPerHour: d,
      insulinFeedbackUnitsPerHour: feedback,
      unclampedUnitsPerHour: insulinFeedbackRate(p + integral + d, withFeedback),
    };
  }

  private limit(
    input: ControllerInput,
    terms: PidTerms,
    glucose: { glucoseMgdl: number; projected: number; slope: number | null },
  ): Recommendation {
    const { settings } = input;
    const threshold = settings.suspendBelowMgdl;
    const termsReason =
      `PID-IFB: P ${round2(terms.proportionalUnitsPerHour)} + I ${round2(terms.integralUnitsPerHour)} ` +
      `+ D ${round2(terms.derivativeUnitsPerHour)} U/h (glucose ${round0(glucose.glucoseMgdl)} mg/dL, ` +
      `error ${round0(terms.errorMgdl)}, slope ${round2(terms.slopeMgdlPerMinute)} mg/dL/min), ` +
      `insulin feedback ${round2(terms.insulinFeedbackUnitsPerHour)} U/h → ` +
      `${round2(terms.unclampedUnitsPerHour)} U/h`;
    const suspend = (why: string): Recommendation => {
      // After a suspension the loop resumes from no more than the basal, not a wound-up integral.
      this.state.integralUnitsPerHour = Math.min(
        this.state.integralUnitsPerHour,
        settings.scheduledBasalUnitsPerHour,
      );
      return {
        tempBasal: { rateUnitsPerHour: 0, durationMinutes: TEMP_BASAL_MINUTES },
        bolusUnits: 0,
        reasons: [why, termsReason],
        predictedGlucoseMgdl: glucose.projected,
      };
    };
    if (glucose.glucoseMgdl < threshold) {
      return suspend(`suspend: glucose ${round0(glucose.glucoseMgdl)} mg/dL below ${threshold}`);
    }
    if (glucose.projected < threshold) {
      return suspend(
        `suspend: glucose projected ${round0(glucose.projected)} mg/dL in ` +
          `${this.options.lowPredictionMinutes} min, below ${threshold}`,
      );
    }
    const reasons = [termsReason];
    let rate = clamp(terms.unclampedUnitsPerHour, 0, settings.maxBasalUnitsPerHour);
    if (rate < terms.unclampedUnitsPerHour)
      reasons.push(`capped at max basal ${settings.maxBasalUnitsPerHour} U/h`);
    if (input.iobUnits >= settings.maxIobUnits && rate > settings.scheduledBasalUnitsPerHour) {
      rate = settings.scheduledBasalUnitsPerHour;
      reasons.push(
        `insulin on board ${round2(input.iobUnits)} U at max ${settings.maxIobUnits} U: scheduled basal`,
      );
    }
    if (glucose.slope === null) reasons.push('too few CGM readings for a slope: last slope held');
    return {
      tempBasal: { rateUnitsPerHour: rate, durationMinutes: TEMP_BASAL_MINUTES },
      bolusUnits: 0,
      reasons,
      predictedGlucoseMgdl: glucose.projected,
    };
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round0(value: number): string {
  return value.toFixed(0);
}

function round2(value: number): string {
  return value.toFixed(2);
}
