// Blood glucose risk: the low and high blood glucose indices (LBGI, HBGI).
//
// Kovatchev BP, Cox DJ, Gonder-Frederick LA, Clarke W. Symmetrization of the blood glucose
// measurement scale and its applications. Diabetes Care 1997;20(11):1655-1658; and
// Kovatchev BP, et al. Diabetes Technol Ther 2005;7(6):849-862 for the indices.
// f(BG) = 1.509·((ln BG)^1.084 − 5.381) maps 20–600 mg/dL onto about ±3.16 (symmetric around
// f(112.5) ≈ 0); the risk r = 10·f² is then 0 at 112.5 mg/dL and about 100 at both ends.

/** ln BG must not be negative: glucose below 1 mg/dL (plasma emptied, see series.ts) counts as 1. */
const FLOOR_MGDL = 1;

/**
 * (ln BG)^1.084 is taken as e^(1.084·ln ln BG): within 4 ulp of V8's power from 10 to 1,000 mg/dL
 * (2 million draws), where the power takes about 90 ns a call and the exponential with the
 * logarithms about half that (a run's summary transforms thousands of plasma values, none whole).
 * At 1 mg/dL ln ln BG is −∞ and the power 0, as (ln 1)^1.084 is.
 */
function transform(glucoseMgdl: number): number {
  const bg = glucoseMgdl > FLOOR_MGDL ? glucoseMgdl : FLOOR_MGDL;
  return 1.509 * (Math.exp(1.084 * Math.log(Math.log(bg))) - 5.381);
}

/** Whole mg/dL up to this are looked up: CGM and meter readings are whole numbers. */
const TABLE_MAX_MGDL = 600;
/** The transform of 0…600 mg/dL, computed by the same expression. */
const TABLE = Float64Array.from({ length: TABLE_MAX_MGDL + 1 }, (_, g) => transform(g));

/** Kovatchev's symmetrising transform of glucose in mg/dL (dimensionless). */
export function bgRiskTransform(glucoseMgdl: number): number {
  const whole = glucoseMgdl | 0;
  return whole === glucoseMgdl && whole >= 0 && whole <= TABLE_MAX_MGDL
    ? TABLE[whole]!
    : transform(glucoseMgdl);
}

/** The risk r = 10·f² of one reading. */
export function bgRisk(glucoseMgdl: number): number {
  const f = bgRiskTransform(glucoseMgdl);
  return 10 * f * f;
}
