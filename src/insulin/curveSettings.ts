// Limits on insulin action curve settings and their validation (pump ranges and oref0's rules).

import type { InsulinActionCurve, InsulinCurveKind } from './action.ts';
import { BILINEAR_PEAK_FRACTION } from './bilinear.ts';

/** Limits on curve settings, checked by `validateCurve` (see the reasons beside each). */
export const CURVE_LIMITS = {
  /** Insulin pumps offer a DIA setting of 2–8 h. */
  pumpDurationMinutesMin: 120,
  durationMinutesMax: 480,
  /** oref0 total.js forces DIA ≥ 3 h for every curve and ≥ 5 h for its exponential curves. */
  bilinearDurationMinutesMin: 180,
  exponentialDurationMinutesMin: 300,
  /**
   * oref0 calculate.js accepts a custom peak of 35–100 min (ultra-rapid) and 50–120 min
   * (rapid-acting): the union is allowed here. The formula also needs peak < duration / 2,
   * which these bounds guarantee (120 < 300 / 2).
   */
  exponentialPeakMinutesMin: 35,
  exponentialPeakMinutesMax: 120,
  /** Up to the 30–60 min onset of regular human insulin (docs/physiology.md §3). */
  delayMinutesMax: 60,
} as const;

/**
 * The DIA oref0 would use for a pump setting: it silently raises DIA to 3 h for every curve
 * and to 5 h for exponential curves (oref0 0.7.1 lib/iob/total.js). Our factories reject a
 * too-short DIA instead; call this explicitly when importing a pump's setting as oref0 does.
 */
export function oref0DurationMinutes(kind: InsulinCurveKind, pumpDurationMinutes: number): number {
  const minimum =
    kind === 'exponential'
      ? CURVE_LIMITS.exponentialDurationMinutesMin
      : CURVE_LIMITS.bilinearDurationMinutesMin;
  return Math.max(minimum, pumpDurationMinutes);
}

/** Throws a RangeError naming the field, its value and the allowed range. */
export function validateCurve(curve: InsulinActionCurve): void {
  const kind: unknown = curve.kind;
  if (kind !== 'exponential' && kind !== 'bilinear') {
    throw new RangeError(`kind = ${String(kind)} must be 'exponential' or 'bilinear'`);
  }
  const limits = CURVE_LIMITS;
  requireInRange('delayMinutes', curve.delayMinutes, 0, limits.delayMinutesMax, '');
  requireInRange(
    'durationMinutes',
    curve.durationMinutes,
    limits.pumpDurationMinutesMin,
    limits.durationMinutesMax,
    'pumps allow a DIA of 2–8 h',
  );
  if (kind === 'exponential') validateExponential(curve);
  else validateBilinear(curve);
}

function validateExponential(curve: InsulinActionCurve): void {
  const limits = CURVE_LIMITS;
  requireInRange(
    'durationMinutes',
    curve.durationMinutes,
    limits.exponentialDurationMinutesMin,
    limits.durationMinutesMax,
    'oref0 requires a DIA of at least 5 h for exponential curves',
  );
  requireInRange(
    'peakMinutes',
    curve.peakMinutes,
    limits.exponentialPeakMinutesMin,
    limits.exponentialPeakMinutesMax,
    "oref0's custom peak limits for rapid-acting and ultra-rapid insulin",
  );
}

function validateBilinear(curve: InsulinActionCurve): void {
  requireInRange(
    'durationMinutes',
    curve.durationMinutes,
    CURVE_LIMITS.bilinearDurationMinutesMin,
    CURVE_LIMITS.durationMinutesMax,
    'oref0 requires a DIA of at least 3 h',
  );
  const expectedPeak = curve.durationMinutes * BILINEAR_PEAK_FRACTION;
  if (!(Math.abs(curve.peakMinutes - expectedPeak) <= 1e-9 * expectedPeak)) {
    throw new RangeError(
      `peakMinutes = ${curve.peakMinutes} must equal durationMinutes × 75/180 = ` +
        `${expectedPeak} min for the bilinear curve (oref0 scales its 75-min peak with DIA)`,
    );
  }
}

function requireInRange(field: string, value: number, min: number, max: number, why: string) {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    const reason = why === '' ? '' : ` (${why})`;
    throw new RangeError(`${field} = ${value} is outside ${min}–${max} min${reason}`);
  }
}
