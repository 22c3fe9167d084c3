// 3-hydroxybutyrate (BOHB) driven by plasma insulin: the ketone model shared by every patient
// model. The danger of a pump is the silent interruption (no long-acting insulin on board), and
// BOHB, not glucose, is the monitor of insulin deficiency (Pickup 1982).
//
// Equations (t in minutes; I plasma insulin in mU/L, from the host patient model):
//   dXk/dt = kAction · (I − Xk)                    Xk: insulin acting on ketogenesis, mU/L
//   dB/dt  = Pmax · h(Xk) − (kClear0 + kClearInsulin · Xk) · B        B: BOHB, mmol/L
//   h(X)   = 1 / (1 + (X / IC50)ⁿ)                 suppression of ketogenesis by insulin
// - Production (hepatic ketogenesis fed by lipolysis) is suppressed by insulin through a Hill
//   function; lipolysis is the most insulin-sensitive pathway, so IC50 lies below basal insulin.
//   Xk is the short delay with which insulin acts on adipose tissue and the liver.
// - Clearance is first order in B. Its rate has a small insulin-independent part and a part that
//   grows with insulin (insulin enhances peripheral ketone-body clearance: Keller et al.,
//   ketone-body clamp, 1988). So BOHB sits near 0.1 mmol/L at basal insulin (fast turnover),
//   rises almost linearly without a plateau once insulin is gone (slow clearance; Pickup 1982:
//   no plateau in 9 h) and falls within hours once insulin returns.
// - Steady state at constant insulin I: Xk = I, B = Pmax·h(I) / (kClear0 + kClearInsulin·I).
//
// Parameters are set relative to the patient's basal plasma insulin Ib (`SHAPE` below;
// `ketoneParametersForBasalInsulin` turns them into absolute values), so that every virtual
// patient has BOHB 0.1 mmol/L on their own basal. Pmax follows from that basal steady state.
//
// Fitting method (done offline, result checked by ketones.calibration.test.ts). Two published
// targets:
// - the Liège 6-h pump stop (Krzentowski, Scheen, Castillo, Luyckx, Lefèbvre; regular insulin,
//   n = 8): BOHB 1.29 ± 0.14 mmol/L at 6 h, rising linearly from 1 h, about 0.2 mmol/L/h;
// - the pooled CSII-interruption studies (Klonoff D.C. et al., J Diabetes Sci Technol 2024, 8
//   studies from 1982 on, regular insulin and analogs): BOHB +0.20 mmol/L/h after the first hour,
//   1.6 mmol/L at about 8.0 h and 3.0 mmol/L at about 14.2 h; Pickup 1982: no plateau in 9 h.
// Simulated: HOVORKA_NOMINAL at its 120 mg/dL basal, basal → 0, once on regular insulin and once
// on a rapid analog. A grid search over n ∈ {4, 5, 6, 8}, IC50/Ib (0.55–0.9), kClear0 (0.02–0.08
// /h) and kClearInsulin·Ib (0.3–1 /h), with 1/kAction = 10 min, kept the sets whose no-insulin
// ceiling Pmax/kClear0 is at least 5 mmol/L (ketoacidosis goes well past 3) and whose BOHB halves
// within 2 h once basal insulin is back, and among them minimised the misfit to BOHB(6 h) on
// regular insulin and to the mean of the two insulins' times to 1.6 and to 3.0 mmol/L.
// The fit: n = 6, IC50 = 0.75·Ib, kClear0 = 0.05 /h, kClearInsulin·Ib = 0.5 /h. Ketogenesis thus
// stays 85 % suppressed at basal insulin and switches on steeply once insulin falls a quarter
// below it, which gives the linear rise both sources describe: 0.26 mmol/L/h from 3 h to 12 h on
// regular insulin, 3.0 mmol/L at 13.8 h (regular) and 12.3 h (analog). Known limit: the model's plasma
// insulin after a stop of regular insulin falls little in the first hour (−5 % at 1 h, −26 % at
// 2 h), so the simulated BOHB rises from about 2 h rather than the published 1 h and is 1.05
// mmol/L at 6 h, within the published 2 SD but below the mean; no set fitted both the 6-h mean
// and the pooled times, which lie further out.
//
// State layout (two values from `offset` in the host model's Float64Array): KETONE_STATE_NAMES.
import { MINUTES_PER_HOUR } from '../units/index.ts';

export interface KetoneParameters {
  /** Rate at which insulin acting on ketogenesis follows plasma insulin, /min. */
  readonly insulinActionRatePerMinute: number;
  /** Maximal BOHB appearance when insulin is absent, mmol/L/min. */
  readonly maxProductionMmolPerLPerMinute: number;
  /** Insulin (Xk) at which production is half-suppressed, mU/L. */
  readonly halfSuppressionInsulinMilliunitsPerL: number;
  /** Hill coefficient of the suppression (dimensionless, ≥ 1). */
  readonly hillCoefficient: number;
  /** Insulin-independent first-order clearance of BOHB, /min. */
  readonly clearanceRatePerMinute: number;
  /** Extra clearance per unit of insulin acting, /min per mU/L. */
  readonly insulinClearanceRatePerMinutePerMilliunitPerL: number;
}

export const KETONE_STATE_NAMES: readonly string[] = [
  'ketoneInsulinActionMilliunitsPerL',
  'bohbMmolL',
];

/** Index of each ketone state relative to the block's offset. */
const INSULIN_ACTION = 0;
const BOHB = 1;
/** Index of BOHB relative to the block's offset (the block's nonlinear state). */
export const KETONE_BOHB = BOHB;

/**
 * Basal plasma insulin of the patient the defaults were calibrated on, mU/L: HOVORKA_NOMINAL
 * (Hovorka 2004, 70 kg) at its steady-state basal for 120 mg/dL (0.377 U/h). The calibration
 * test checks this figure against the model.
 */
export const KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L = 5.4177;

/**
 * The calibrated shape, relative to basal insulin Ib (fitting method: file header).
 */
const SHAPE = {
  /** BOHB at basal insulin, mmol/L: well-controlled pump users ~0.1 (physiology.md §4). */
  basalBohbMmolL: 0.1,
  /** Half-suppression insulin as a fraction of Ib: lipolysis is suppressed below basal. */
  halfSuppressionFractionOfBasal: 0.75,
  hillCoefficient: 6,
  /** Xk follows I within ~10 min: FFA respond to insulin within tens of minutes. */
  insulinActionRatePerMinute: 1 / 10,
  /** Insulin-independent clearance, /h: with no insulin BOHB would level off only at
   *  Pmax/kClear0 ≈ 7.3 mmol/L, far above the 3.0 mmol/L ketoacidosis threshold. */
  clearanceRatePerHour: 0.05,
  /** Insulin-dependent clearance at Ib, /h: BOHB at 1.2 mmol/L halves in ~1.5 h once basal
   *  insulin is back. */
  insulinClearanceRateAtBasalPerHour: 0.5,
} as const;

/**
 * Ketone parameters for a patient whose basal plasma insulin is `basalInsulinMilliunitsPerL`:
 * the insulin concentrations scale with it, so every patient sits at 0.1 mmol/L on their own
 * basal and responds to a relative fall of insulin as the calibration patient does (insulin
 * resistance affects lipolysis as it affects glucose: a patient who needs twice the insulin to
 * hold glucose needs about twice the insulin to hold ketogenesis).
 */
export function ketoneParametersForBasalInsulin(
  basalInsulinMilliunitsPerL: number,
): KetoneParameters {
  if (!(basalInsulinMilliunitsPerL > 0 && Number.isFinite(basalInsulinMilliunitsPerL))) {
    throw new RangeError(
      `basalInsulinMilliunitsPerL: ${basalInsulinMilliunitsPerL}, allowed: a finite number > 0`,
    );
  }
  const ib = basalInsulinMilliunitsPerL;
  const clearanceAtBasalPerHour =
    SHAPE.clearanceRatePerHour + SHAPE.insulinClearanceRateAtBasalPerHour;
  const suppressionAtBasal =
    1 / (1 + Math.pow(1 / SHAPE.halfSuppressionFractionOfBasal, SHAPE.hillCoefficient));
  // Pmax from the basal steady state: Pmax·h(Ib) = kClear(Ib)·B_basal.
  const maxProductionPerHour =
    (clearanceAtBasalPerHour * SHAPE.basalBohbMmolL) / suppressionAtBasal;
  return {
    insulinActionRatePerMinute: SHAPE.insulinActionRatePerMinute,
    maxProductionMmolPerLPerMinute: maxProductionPerHour / MINUTES_PER_HOUR,
    halfSuppressionInsulinMilliunitsPerL: SHAPE.halfSuppressionFractionOfBasal * ib,
    hillCoefficient: SHAPE.hillCoefficient,
    clearanceRatePerMinute: SHAPE.clearanceRatePerHour / MINUTES_PER_HOUR,
    insulinClearanceRatePerMinutePerMilliunitPerL:
      SHAPE.insulinClearanceRateAtBasalPerHour / MINUTES_PER_HOUR / ib,
  };
}

/** Defaults: the calibration patient (basal insulin KETONE_REFERENCE_BASAL_INSULIN…). */
export const KETONE_DEFAULTS: KetoneParameters = ketoneParametersForBasalInsulin(
  KETONE_REFERENCE_BASAL_INSULIN_MILLIUNITS_PER_L,
);

/**
 * Ketone parameters as the per-step derivative reads them: with the reciprocal of the
 * half-suppression insulin, so that the Hill ratio is a multiplication. Built once per patient
 * (`prepareKetones`); a division there would otherwise run in every derivative evaluation.
 */
export interface PreparedKetones extends KetoneParameters {
  /** 1 / halfSuppressionInsulinMilliunitsPerL, L/mU. */
  readonly inverseHalfSuppressionLPerMilliunit: number;
}

export function prepareKetones(params: KetoneParameters): PreparedKetones {
  return {
    insulinActionRatePerMinute: params.insulinActionRatePerMinute,
    maxProductionMmolPerLPerMinute: params.maxProductionMmolPerLPerMinute,
    halfSuppressionInsulinMilliunitsPerL: params.halfSuppressionInsulinMilliunitsPerL,
    hillCoefficient: params.hillCoefficient,
    clearanceRatePerMinute: params.clearanceRatePerMinute,
    insulinClearanceRatePerMinutePerMilliunitPerL:
      params.insulinClearanceRatePerMinutePerMilliunitPerL,
    inverseHalfSuppressionLPerMilliunit: 1 / params.halfSuppressionInsulinMilliunitsPerL,
  };
}

/**
 * Hill suppression factor of ketogenesis (and of lipolysis, which feeds it) at insulin
 * `insulinMilliunitsPerL`: 1 without insulin, falling toward 0 as insulin rises.
 */
export function ketoneProductionFraction(
  insulinMilliunitsPerL: number,
  params: KetoneParameters,
): number {
  const inverseHalf = 1 / params.halfSuppressionInsulinMilliunitsPerL;
  return hillSuppression(insulinMilliunitsPerL, inverseHalf, params.hillCoefficient);
}

/** 1 / (1 + (I / IC50)ⁿ) from 1/IC50. */
function hillSuppression(insulinMilliunitsPerL: number, inverseHalf: number, n: number): number {
  const insulin = insulinMilliunitsPerL > 0 ? insulinMilliunitsPerL : 0;
  const ratio = insulin * inverseHalf;
  return 1 / (1 + hillPower(ratio, n));
}

/** rⁿ, multiplied out for the calibrated n = 6 (and 3): Math.pow is slower in the hot path. */
function hillPower(ratio: number, n: number): number {
  const cubed = ratio * ratio * ratio;
  return n === 6 ? cubed * cubed : n === 3 ? cubed : Math.pow(ratio, n);
}

function clearanceRate(insulinMilliunitsPerL: number, params: KetoneParameters): number {
  const insulin = insulinMilliunitsPerL > 0 ? insulinMilliunitsPerL : 0;
  return (
    params.clearanceRatePerMinute + params.insulinClearanceRatePerMinutePerMilliunitPerL * insulin
  );
}

/** Writes the ketone steady state at constant plasma insulin into out[offset], out[offset + 1]. */
export function ketoneSteadyState(
  plasmaInsulinMilliunitsPerL: number,
  params: KetoneParameters,
  out: Float64Array,
  offset: number,
): void {
  const insulin = plasmaInsulinMilliunitsPerL > 0 ? plasmaInsulinMilliunitsPerL : 0;
  out[offset + INSULIN_ACTION] = insulin;
  out[offset + BOHB] =
    (params.maxProductionMmolPerLPerMinute * ketoneProductionFraction(insulin, params)) /
    clearanceRate(insulin, params);
}

/**
 * Writes d/dt of the ketone states (read from x[offset…]) into out[offset…]. For tests and
 * one-off callers; the patient models use `ketoneDerivativeAt` with prepared parameters.
 */
export function ketoneDerivative(
  plasmaInsulinMilliunitsPerL: number,
  x: Float64Array,
  offset: number,
  params: KetoneParameters,
  out: Float64Array,
): void {
  ketoneDerivativeAt(plasmaInsulinMilliunitsPerL, prepareKetones(params), x, 0, x, offset, out);
}

/**
 * Writes d/dt of the ketone block at `offset` into `out` with its states read at the solver's
 * stage point x + h·k (x[i] + h·k[i]; `OdeSystem.derivativeAt` in solvers/types.ts; h = 0 and
 * k = x read the state x itself).
 *
 * It runs in every derivative evaluation, so it is written out without calls (the Hill function
 * and the clearance of `ketoneProductionFraction` and `clearanceRate`, operation for
 * operation): V8 inlines a host's helpers only up to a budget, and three small calls here used
 * it up for the UVA/Padova model. Positional arguments: no allocation per call.
 */
export function ketoneDerivativeAt(
  plasmaInsulinMilliunitsPerL: number,
  ketones: PreparedKetones,
  x: Float64Array,
  h: number,
  k: Float64Array,
  offset: number,
  out: Float64Array,
): void {
  const insulinAction = x[offset + INSULIN_ACTION]! + h * k[offset + INSULIN_ACTION]!;
  const bohb = x[offset + BOHB]! + h * k[offset + BOHB]!;
  const acting = insulinAction > 0 ? insulinAction : 0;
  const ratio = acting * ketones.inverseHalfSuppressionLPerMilliunit;
  const n = ketones.hillCoefficient;
  const cubed = ratio * ratio * ratio;
  const powered = n === 6 ? cubed * cubed : n === 3 ? cubed : Math.pow(ratio, n);
  const productionFraction = 1 / (1 + powered);
  const clearance =
    ketones.clearanceRatePerMinute + ketones.insulinClearanceRatePerMinutePerMilliunitPerL * acting;
  out[offset + INSULIN_ACTION] =
    ketones.insulinActionRatePerMinute * (plasmaInsulinMilliunitsPerL - insulinAction);
  out[offset + BOHB] =
    ketones.maxProductionMmolPerLPerMinute * productionFraction - clearance * bohb;
}

/** BOHB (mmol/L) of the ketone block at `offset`. */
export function bohbOf(x: Float64Array, offset: number): number {
  return x[offset + BOHB] ?? 0;
}
