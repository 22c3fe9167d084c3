// Options of the MPC controller, parsed with zod: every field has a default, a bound and a reason.
// An error names the field, the value given and the allowed range.
import { z } from 'zod';
import { parseOptions } from '../../validation/parseOptions.ts';

function bounded(min: number, max: number, fallback: number) {
  return z.number().min(min).max(max).default(fallback);
}

// Defaults marked "tuned" come from a coordinate search on 12 patients of population seed 1 (not
// the default cohort), 4 days, meals announced with and without the user's bolus, unannounced,
// and with CGM noise; score: mean TIR − 8 × TBR<70 − 40 × TBR<54 (percentage points).
export const mpcOptionsSchema = z
  .object({
    /** Prediction horizon, min: most of a dose acts within 4 h in the internal model (τi 55: 4 h ≈ 4.4 τi). */
    horizonMinutes: z.number().int().min(60).max(480).multipleOf(5).default(240),
    /** ISFm = this × the ISF setting (fitted median 0.88, mpcModel.ts; > 1: a more cautious model). */
    sensitivityScale: bounded(0.3, 3, 0.9),
    /** CSFm = this × ISF/CR (fitted median 1.3, p75 1.66; 1.4 tuned; mpcModel.ts). */
    carbScale: bounded(0.3, 3, 1.4),
    /** τi of the three-compartment insulin chain, min (fitted median 45, p80 ≈ 55; mpcModel.ts). */
    insulinTauMinutes: bounded(10, 120, 55),
    /** τm of the announced-carbohydrate chain, min (Hovorka 2004: tmaxG 40 min). */
    carbTauMinutes: bounded(10, 180, 40),
    /** τu of the unexplained-appearance chain, min (tuned). */
    unexplainedTauMinutes: bounded(5, 180, 15),
    /** Glucose effectiveness k of the internal model, /min. */
    selfRegulationPerMinute: bounded(0, 0.02, 0.0015),
    /** Renal excretion above 9 mmol/L in the internal model, /min (Hovorka 2004: 0.003). */
    renalClearancePerMinute: bounded(0, 0.01, 0.003),
    /** How fast the estimated bias fades in the prediction, min. */
    biasTauMinutes: bounded(10, 10_000, 120),
    /** α: cost of a predicted low relative to a high of the same size (tuned). */
    lowWeight: bounded(1, 1000, 1.5),
    /** β: extra cost below the suspend threshold. */
    hardLowWeight: bounded(0, 10_000, 100),
    /** Above this, mg/dL (the top of the range, Battelino 2019), highs cost `aboveRangeWeight` more. */
    aboveRangeMgdl: bounded(140, 400, 180),
    aboveRangeWeight: bounded(0, 100, 1), // tuned
    /** Robust scenario (tuned): the moves and insulin on board act this much more strongly… */
    pessimisticSensitivityScale: bounded(1, 3, 1.5),
    /** …only this share of the estimated unexplained rise still to come (0: none)… */
    pessimisticUnexplainedShare: bounded(0, 1, 0),
    /** …and glucose below this costs (mg/dL)… */
    pessimisticLowMgdl: bounded(54, 180, 90),
    /** …with this weight relative to a high of the nominal prediction. */
    pessimisticLowWeight: bounded(0, 1000, 10),
    /** λ: cost of a net rate, per 5-min step, on its glucose equivalent over 1 h (ISF·rate)² (tuned). */
    ratePenalty: bounded(0.001, 100, 0.15),
    /** Cost of an automatic bolus on its glucose equivalent (ISF·bolus)². */
    bolusPenalty: bounded(0.001, 100, 1),
    /**
     * When automatic boluses are allowed: 'always' (default) lets the optimiser bolus against any
     * predicted rise, announced or not, as oref0's SMB and Control-IQ's correction boluses do;
     * 'announced-meals' only within `autoBolusWindowMinutes` of an announced meal. In the full
     * simulator (30 patients, 14 days) 'always' gave more time in range and fewer lows in both
     * arms: people miss announcements, and glucose above 300 mg/dL makes them suspect the pump
     * and inject a correction by pen, which no controller sees (mpc report).
     */
    autoBolus: z.enum(['never', 'announced-meals', 'always']).default('always'),
    /** 'announced-meals': boluses only this long after an announced meal, min. */
    autoBolusWindowMinutes: bounded(0, 360, 90),
    /** Smallest automatic bolus worth giving, U (pumps step 0.05 U). */
    bolusStepUnits: bounded(0.01, 1, 0.05),
    /** Predicted glucose (at the scheduled basal) below the suspend threshold this soon: suspend. */
    suspendLookaheadMinutes: z.number().int().min(0).max(120).multipleOf(5).default(30),
    /** The estimate restarts from the CGM history after a gap longer than this, min. */
    restartAfterGapMinutes: bounded(10, 240, 30),
    /** No recommendation (the scheduled basal runs) if the last reading is older than this, min. */
    staleReadingMinutes: bounded(5, 60, 15),
    /** Kalman filter noise (see mpcEstimator.ts; measurement and unexplained SD tuned). */
    measurementSdMgdl: bounded(0.5, 50, 3),
    unexplainedSdMgdl: bounded(0, 100, 12),
    biasSdMgdlPerMinute: bounded(0, 1, 0.005),
    glucoseSdMgdl: bounded(0, 50, 1),
  })
  .strict();

export type MpcOptionsInput = z.input<typeof mpcOptionsSchema>;
export type MpcOptions = z.output<typeof mpcOptionsSchema>;

export function parseMpcOptions(input: MpcOptionsInput = {}): MpcOptions {
  return parseOptions(mpcOptionsSchema, input, 'mpc options');
}
