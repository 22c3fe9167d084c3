// The closed-loop controller interface: a controller sees what a pump and its app see and
// recommends (a temporary basal and/or a small automatic bolus) with its reasons. It never
// commands the pump: a safety supervisor checks every recommendation, and the pump engine
// enforces its own limits again. Controllers are pure given their inputs: no clock, no
// randomness, no I/O; the same inputs always give the same recommendation.
import type { InsulinActionCurve } from '../../insulin/action.ts';

export interface CgmPoint {
  readonly atMinutes: number;
  readonly glucoseMgdl: number;
}

export interface AnnouncedCarbs {
  readonly atMinutes: number;
  readonly carbsGrams: number;
}

/** The user's settings as the controller needs them (one value each; schedules resolved for now). */
export interface ControllerSettings {
  /** The programmed basal in force now, U/h. */
  readonly scheduledBasalUnitsPerHour: number;
  readonly sensitivityMgdlPerUnit: number;
  readonly carbRatioGramsPerUnit: number;
  /** The glucose the loop aims at, mg/dL. */
  readonly targetMgdl: number;
  /** Below this predicted glucose, insulin is suspended (low-glucose suspend threshold). */
  readonly suspendBelowMgdl: number;
  readonly maxBasalUnitsPerHour: number;
  readonly maxIobUnits: number;
  /** Largest automatic bolus the controller may ask for at once, U (0: no automatic boluses). */
  readonly maxAutoBolusUnits: number;
  readonly insulinCurve: InsulinActionCurve;
  readonly bodyWeightKg: number;
  /** Total daily dose, U (some controllers scale gains with it). */
  readonly totalDailyDoseUnits: number;
}

export interface ControllerInput {
  readonly nowMinutes: number;
  /** Local minute of the day (0–1439). */
  readonly minuteOfDay: number;
  /** CGM readings, oldest first, the last 24 h at most (gaps where the CGM dropped out). */
  readonly cgm: readonly CgmPoint[];
  /** Insulin on board net of the scheduled basal, U, and its current activity, U/min. */
  readonly iobUnits: number;
  readonly activityUnitsPerMinute: number;
  /** The temporary basal running now, if any. */
  readonly tempBasal: {
    readonly rateUnitsPerHour: number;
    readonly remainingMinutes: number;
  } | null;
  /** Carbohydrate the user announced, the last 6 h at most (empty when meals are not announced). */
  readonly announcedCarbs: readonly AnnouncedCarbs[];
  /** Insulin delivered in the last 6 h, oldest first: boluses and basal, units per 5 minutes. */
  readonly recentDeliveries: readonly { readonly atMinutes: number; readonly units: number }[];
  readonly settings: ControllerSettings;
}

export interface Recommendation {
  /** A temporary basal to set now (absolute rate), or null to leave the basal as it is. */
  readonly tempBasal: {
    readonly rateUnitsPerHour: number;
    readonly durationMinutes: number;
  } | null;
  /** An automatic bolus now, U (0 for none). */
  readonly bolusUnits: number;
  /** Why, in words a clinician can check (e.g. "eventual glucose 182 mg/dL above target 110"). */
  readonly reasons: readonly string[];
  /** The controller's prediction of glucose, if it makes one (for the report). */
  readonly predictedGlucoseMgdl?: number;
}

export interface Controller {
  readonly name: string;
  readonly description: string;
  /** Called at each CGM reading (every 5 minutes). May keep state between calls (e.g. an integral). */
  recommend(input: ControllerInput): Recommendation;
}
