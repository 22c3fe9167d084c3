// oref0's legacy bilinear insulin action curve.
//
// Source: OpenAPS oref0 0.7.1, lib/iob/calculate.js, iobCalcBilinear (our own code, same model).
// oref0 defines the curve for a 3-h DIA (activity peak at 75 min, end at 180 min) and fits
// other DIAs by scaling time: scaled = minutes × 180 / (DIA in minutes). Activity is a triangle
// of area 1 (peak height 2/DIA per minute, DIA in minutes). Insulin on board is NOT the integral
// of that triangle but two quadratic fits in x = scaled/5 (coefficients below, "estimated based
// on 5 minute increments"), which differ from 1 − ∫activity by up to 0.028 of the dose near the
// peak. We keep oref0's fits, so we match its IOB, with two clamps that make the fraction
// remaining never increase (the fits alone do not), each changing it by < 0.00023 of the dose:
// - at the peak the post-peak fit starts at 0.55556, above the pre-peak fit's 0.55552: the
//   post-peak value is capped at the pre-peak one;
// - the post-peak fit dips to −0.00023 near x = 20.5 and rises to +0.00011 at the end: once it
//   reaches zero it stays zero (oref0 would report these tiny negative/positive remnants).
// Time `u` is minutes since action starts (after any delay); the caller handles the delay.

/** oref0's reference DIA, peak and end for the bilinear curve (scaled minutes). */
const REFERENCE_DURATION_MINUTES = 180;
const REFERENCE_PEAK_MINUTES = 75;
/** oref0's fits work in 5-min units of scaled time. */
const FIT_STEP_MINUTES = 5;
/** Pre-peak fit: remaining = 1 + c·x·(1 − x), x = scaled/5 + 1 (oref0: −0.001852x² + 0.001852x + 1). */
const PRE_PEAK_COEFFICIENT = 0.001852;
/** Post-peak fit in x = (scaled − 75)/5: remaining = q2·x² + q1·x + q0 (oref0). */
const POST_PEAK_Q2 = 0.001323;
const POST_PEAK_Q1 = -0.054233;
const POST_PEAK_Q0 = 0.55556;

/** The bilinear peak sits at the same fraction of the duration for every DIA: 75/180. */
export const BILINEAR_PEAK_FRACTION = REFERENCE_PEAK_MINUTES / REFERENCE_DURATION_MINUTES;

const prePeak = (x: number): number => 1 + PRE_PEAK_COEFFICIENT * x * (1 - x);
const postPeak = (x: number): number => (POST_PEAK_Q2 * x + POST_PEAK_Q1) * x + POST_PEAK_Q0;
/** Antiderivatives in x of the two fits. */
const prePeakIntegral = (x: number): number =>
  x + PRE_PEAK_COEFFICIENT * ((x * x) / 2 - (x * x * x) / 3);
const postPeakIntegral = (x: number): number =>
  ((POST_PEAK_Q2 / 3) * x * x + (POST_PEAK_Q1 / 2) * x + POST_PEAK_Q0) * x;

/** Smaller root of postPeak(x) = level (stable form of the quadratic formula). */
function postPeakCrossing(level: number): number {
  const c = POST_PEAK_Q0 - level;
  const discriminant = POST_PEAK_Q1 * POST_PEAK_Q1 - 4 * POST_PEAK_Q2 * c;
  return (2 * c) / (-POST_PEAK_Q1 + Math.sqrt(discriminant));
}

const PRE_PEAK_X_AT_PEAK = REFERENCE_PEAK_MINUTES / FIT_STEP_MINUTES + 1;
const REMAINING_AT_PEAK = prePeak(PRE_PEAK_X_AT_PEAK);
/** Post-peak x where the fit falls below the pre-peak value at the peak (≈ 0.0007). */
const CAP_END_X = postPeakCrossing(REMAINING_AT_PEAK);
/** Post-peak x where the fit first reaches zero (≈ 20.1, before the end at x = 21). */
const ZERO_X = postPeakCrossing(0);
/** ∫ remaining d(scaled) up to the peak, to the end of the cap, and in total. */
const INTEGRAL_TO_PEAK =
  FIT_STEP_MINUTES * (prePeakIntegral(PRE_PEAK_X_AT_PEAK) - prePeakIntegral(1));
const INTEGRAL_TO_CAP_END = INTEGRAL_TO_PEAK + FIT_STEP_MINUTES * CAP_END_X * REMAINING_AT_PEAK;
const INTEGRAL_TOTAL =
  INTEGRAL_TO_CAP_END + FIT_STEP_MINUTES * (postPeakIntegral(ZERO_X) - postPeakIntegral(CAP_END_X));

/** Fraction of the dose still to act, u minutes after action starts (u ≥ 0). */
export function bilinearRemaining(durationMinutes: number, u: number): number {
  const scaled = (u * REFERENCE_DURATION_MINUTES) / durationMinutes;
  if (scaled < REFERENCE_PEAK_MINUTES) return prePeak(scaled / FIT_STEP_MINUTES + 1);
  const x = (scaled - REFERENCE_PEAK_MINUTES) / FIT_STEP_MINUTES;
  if (x < CAP_END_X) return REMAINING_AT_PEAK;
  return x < ZERO_X ? postPeak(x) : 0;
}

/** Fraction of the dose acting per minute (oref0's triangle), u minutes after action starts. */
export function bilinearActivity(durationMinutes: number, u: number): number {
  const scaled = (u * REFERENCE_DURATION_MINUTES) / durationMinutes;
  const peakHeight = 2 / durationMinutes;
  if (scaled < REFERENCE_PEAK_MINUTES) return (peakHeight * scaled) / REFERENCE_PEAK_MINUTES;
  if (scaled >= REFERENCE_DURATION_MINUTES) return 0;
  const fall = REFERENCE_DURATION_MINUTES - REFERENCE_PEAK_MINUTES;
  return peakHeight * (1 - (scaled - REFERENCE_PEAK_MINUTES) / fall);
}

/** ∫₀ᵘ remaining(s) ds in minutes (u ≥ 0), exact for the clamped fits above. */
export function bilinearRemainingIntegral(durationMinutes: number, u: number): number {
  const minutesPerScaled = durationMinutes / REFERENCE_DURATION_MINUTES;
  const scaled = u / minutesPerScaled;
  let integral: number;
  if (scaled < REFERENCE_PEAK_MINUTES) {
    integral =
      FIT_STEP_MINUTES * (prePeakIntegral(scaled / FIT_STEP_MINUTES + 1) - prePeakIntegral(1));
  } else {
    const x = (scaled - REFERENCE_PEAK_MINUTES) / FIT_STEP_MINUTES;
    if (x < CAP_END_X) integral = INTEGRAL_TO_PEAK + FIT_STEP_MINUTES * x * REMAINING_AT_PEAK;
    else if (x < ZERO_X) {
      integral =
        INTEGRAL_TO_CAP_END +
        FIT_STEP_MINUTES * (postPeakIntegral(x) - postPeakIntegral(CAP_END_X));
    } else integral = INTEGRAL_TOTAL;
  }
  return integral * minutesPerScaled;
}

/** ∫₀ᵘ activity(s) ds (u ≥ 0): the fraction of the dose that has acted, from the triangle. */
export function bilinearAbsorbed(durationMinutes: number, u: number): number {
  const scaled = (u * REFERENCE_DURATION_MINUTES) / durationMinutes;
  const peak = REFERENCE_PEAK_MINUTES;
  const end = REFERENCE_DURATION_MINUTES;
  if (scaled < peak) return (scaled * scaled) / (peak * end);
  if (scaled >= end) return 1;
  const past = scaled - peak;
  // Area of the rising side (peak/end) plus the trapezoid after the peak.
  return peak / end + (2 / end) * (past - (past * past) / (2 * (end - peak)));
}
