// The Johnson SU transform that gives CGM noise its skewed, heavy-tailed shape.
//
// Breton M, Kovatchev B. Analysis, modeling, and simulation of the accuracy of continuous
// glucose sensors. J Diabetes Sci Technol 2008;2(5):853-862. They fitted the CGM error
// (sensor minus reference, mg/dL) with a Johnson SU law and modelled its time course as an
// AR(1) series on a 15-min grid. The values below are the ones distributed with simglucose
// (github.com/jxx123/simglucose, simglucose/params/sensor_params.csv: the same row for its
// Dexcom, GuardianRT and Navigator sensors); physiology.md §5 lists the same values.

export interface JohnsonSuParameters {
  /** Shape γ (dimensionless). */
  readonly gamma: number;
  /** Scale λ, mg/dL. */
  readonly lambda: number;
  /** Shape δ (dimensionless, > 0). */
  readonly delta: number;
  /** Location ξ, mg/dL. */
  readonly xi: number;
}

/** The fitted error law of Breton & Kovatchev 2008 (as in simglucose). */
export const BRETON_2008_JOHNSON_SU: JohnsonSuParameters = {
  gamma: -0.5444,
  lambda: 15.9574,
  delta: 1.6898,
  xi: -5.47,
};

/**
 * Partial autocorrelation of the normalised error at a lag of one 15-min step
 * (Breton & Kovatchev 2008; simglucose's `PACF`).
 */
export const BRETON_2008_PACF = 0.7;

/** The time step of the AR(1) error series, minutes (Breton & Kovatchev 2008). */
export const BRETON_2008_STEP_MINUTES = 15;

/**
 * Maps a normal variate `z` to an error in mg/dL: ξ + λ·sinh((z − γ)/δ). This is the
 * inverse of the Johnson SU normalisation z = γ + δ·asinh((x − ξ)/λ).
 */
export function johnsonSu(z: number, parameters: JohnsonSuParameters): number {
  return parameters.xi + parameters.lambda * Math.sinh((z - parameters.gamma) / parameters.delta);
}
