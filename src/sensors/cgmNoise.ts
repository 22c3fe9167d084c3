// CGM error as a function of time: Breton & Kovatchev 2008, as simglucose implements it
// (simglucose/sensor/noise_gen.py, `noise15_iter` and `CGMNoise`), rewritten here.
//
// 1. A normal AR(1) series on a 15-min grid: e_j = PACF·(e_{j−1} + v_j), v_j ~ N(0, 1).
// 2. Each knot is mapped to mg/dL by the Johnson SU transform (johnsonSu.ts).
// 3. The knots are interpolated to the sensor's sample times.
//
// Where this differs from simglucose, and why:
// - simglucose starts with e_0 = v_0, of variance 1, while the recursion's stationary variance
//   is PACF²/(1 − PACF²) = 0.961 for PACF 0.7. We draw the first knot from that stationary
//   law, so the error's distribution does not depend on how long the sensor has been worn.
// - simglucose fits a not-a-knot cubic spline through blocks of 11 knots (150 min), which
//   leaves a seam every 150 min and needs the whole block in advance. We use a Catmull-Rom
//   cubic (local: knots j−1..j+2 for the segment between knots j and j+1), which passes
//   through every knot, has a continuous slope, and streams with four knots in memory.
//   'linear' is offered as well (the UVA/Padova T1DMS create_noise.m interpolates linearly,
//   then applies a 7-point moving average, which we do not).
// - simglucose hands its first sample the value interpolated 1 sample period after the first
//   knot; here the error at offset 0 is the first knot itself.
import type { Rng } from '../random/rng.ts';
import { BRETON_2008_STEP_MINUTES, johnsonSu, type JohnsonSuParameters } from './johnsonSu.ts';

export type NoiseInterpolation = 'cubic' | 'linear';

export interface CgmNoiseParameters extends JohnsonSuParameters {
  /** Lag-one (15-min) autocorrelation of the normal series. */
  readonly pacf: number;
  readonly interpolation: NoiseInterpolation;
}

/** The normal AR(1) series e_j = PACF·(e_{j−1} + v_j), started from its stationary law. */
export class BretonAr1 {
  private value: number;

  constructor(
    private readonly pacf: number,
    private readonly rng: Rng,
  ) {
    // Stationary variance σ² solves σ² = PACF²·(σ² + 1).
    const stationarySd = pacf / Math.sqrt(1 - pacf * pacf);
    this.value = stationarySd * rng.normal();
  }

  /** The current value (the knot most recently produced). */
  current(): number {
    return this.value;
  }

  /** Advances one 15-min step and returns the new value. */
  next(): number {
    this.value = this.pacf * (this.value + this.rng.normal());
    return this.value;
  }
}

/** Uniform Catmull-Rom cubic between p1 (s = 0) and p2 (s = 1). */
function catmullRom(p0: number, p1: number, p2: number, p3: number, s: number): number {
  const s2 = s * s;
  const s3 = s2 * s;
  return (
    0.5 *
    (2 * p1 +
      (p2 - p0) * s +
      (2 * p0 - 5 * p1 + 4 * p2 - p3) * s2 +
      (3 * p1 - p0 - 3 * p2 + p3) * s3)
  );
}

/** Tolerance on minute offsets, so that 4.9999999999 min counts as the knot at 5 min. */
const OFFSET_TOLERANCE_MINUTES = 1e-9;

/**
 * The CGM error (mg/dL) at non-decreasing offsets since the sensor started. Four knots are
 * kept: indices j−1, j, j+1, j+2 around the current segment j, in a Float64Array.
 */
export class CgmNoise {
  private readonly knots = new Float64Array(4);
  private readonly series: BretonAr1;
  private segment = 0;

  constructor(
    private readonly parameters: CgmNoiseParameters,
    rng: Rng,
  ) {
    this.series = new BretonAr1(parameters.pacf, rng);
    this.knots[0] = johnsonSu(this.series.current(), parameters);
    for (let i = 1; i < 4; i += 1) this.knots[i] = johnsonSu(this.series.next(), parameters);
  }

  /** The error in mg/dL at `offsetMinutes` (≥ 0) after the sensor start. */
  at(offsetMinutes: number): number {
    const position = offsetMinutes / BRETON_2008_STEP_MINUTES;
    const segment = Math.floor(position + OFFSET_TOLERANCE_MINUTES / BRETON_2008_STEP_MINUTES);
    if (!(segment >= this.segment)) {
      throw new RangeError(
        `CGM noise offsets must not go back: ${offsetMinutes} min is before the current ` +
          `segment starting at ${this.segment * BRETON_2008_STEP_MINUTES} min`,
      );
    }
    while (this.segment < segment) this.advance();
    const s = Math.max(0, position - segment);
    const k = this.knots;
    if (this.parameters.interpolation === 'linear') {
      return (k[1] as number) + ((k[2] as number) - (k[1] as number)) * s;
    }
    return catmullRom(k[0] as number, k[1] as number, k[2] as number, k[3] as number, s);
  }

  private advance(): void {
    const k = this.knots;
    k[0] = k[1] as number;
    k[1] = k[2] as number;
    k[2] = k[3] as number;
    k[3] = johnsonSu(this.series.next(), this.parameters);
    this.segment += 1;
  }
}
