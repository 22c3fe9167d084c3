// Insulin action curves as dosing software sees them (LoopKit's InsulinModel: effect remaining
// at t, effect duration, delay). A curve is a plain immutable value; the functions below read
// it. Formulas live in exponential.ts and bilinear.ts, limits in curveSettings.ts, presets in
// presets.ts; this file builds curves and applies the delay, so code using a curve never
// branches on its kind.

import type { ExponentialShape } from './exponential.ts';
import {
  exponentialActivity,
  exponentialRemaining,
  exponentialRemainingIntegral,
  exponentialShape,
} from './exponential.ts';
import {
  BILINEAR_PEAK_FRACTION,
  bilinearAbsorbed,
  bilinearActivity,
  bilinearRemaining,
  bilinearRemainingIntegral,
} from './bilinear.ts';
import { validateCurve } from './curveSettings.ts';

export type InsulinCurveKind = 'exponential' | 'bilinear';

export interface InsulinActionCurve {
  readonly kind: InsulinCurveKind;
  /** Time from the end of the delay until no insulin is left to act (the DIA). */
  readonly durationMinutes: number;
  /** Time from the end of the delay to the highest activity. */
  readonly peakMinutes: number;
  /** Time after delivery before insulin starts to act (Loop: 10 min; oref0: 0). */
  readonly delayMinutes: number;
}

export interface ExponentialCurveSettings {
  readonly durationMinutes: number;
  readonly peakMinutes: number;
  readonly delayMinutes?: number;
}

export interface BilinearCurveSettings {
  readonly durationMinutes: number;
  readonly delayMinutes?: number;
}

export function exponentialCurve(settings: ExponentialCurveSettings): InsulinActionCurve {
  return makeCurve({
    kind: 'exponential',
    durationMinutes: settings.durationMinutes,
    peakMinutes: settings.peakMinutes,
    delayMinutes: settings.delayMinutes ?? 0,
  });
}

/** oref0's bilinear curve: its peak is fixed at 75/180 of the duration (75 min for 3 h). */
export function bilinearCurve(settings: BilinearCurveSettings): InsulinActionCurve {
  return makeCurve({
    kind: 'bilinear',
    durationMinutes: settings.durationMinutes,
    peakMinutes: settings.durationMinutes * BILINEAR_PEAK_FRACTION,
    delayMinutes: settings.delayMinutes ?? 0,
  });
}

/** Fraction of a dose still to act: 1 until the delay ends, never increasing, 0 at the end. */
export function fractionRemaining(curve: InsulinActionCurve, minutesSinceDose: number): number {
  return curveEvaluator(curve).fractionRemaining(minutesSinceDose);
}

/** Fraction of a dose acting per minute (the negative slope of what remains, for exponential). */
export function activityPerMinute(curve: InsulinActionCurve, minutesSinceDose: number): number {
  return curveEvaluator(curve).activityPerMinute(minutesSinceDose);
}

/** ∫₀ᵗ fractionRemaining(s) ds in minutes, for t ≥ 0: what spread doses are made of. */
export function remainingIntegralMinutes(
  curve: InsulinActionCurve,
  minutesSinceDose: number,
): number {
  return curveEvaluator(curve).remainingIntegralMinutes(minutesSinceDose);
}

/** ∫₀ᵗ activityPerMinute(s) ds: the fraction of a dose that has acted by t. */
export function fractionAbsorbed(curve: InsulinActionCurve, minutesSinceDose: number): number {
  return curveEvaluator(curve).fractionAbsorbed(minutesSinceDose);
}

/** Minutes from delivery until nothing is left to act: delay + duration (LoopKit effectDuration). */
export function effectDurationMinutes(curve: InsulinActionCurve): number {
  return curve.delayMinutes + curve.durationMinutes;
}

// Evaluators: one per curve, built and validated on first use, so a hand-written curve object
// is checked before it is ever evaluated, and a caller evaluating many doses (insulinOnBoard)
// looks the curve up once. Curves are immutable values (readonly fields; the factories freeze
// them), so caching by identity is safe.

/** A curve ready to evaluate: the functions above, without the per-call lookup. */
export interface CurveEvaluator {
  fractionRemaining(minutesSinceDose: number): number;
  activityPerMinute(minutesSinceDose: number): number;
  remainingIntegralMinutes(minutesSinceDose: number): number;
  fractionAbsorbed(minutesSinceDose: number): number;
}

/** Applies the delay; subclasses give the curve's shape u minutes after action starts. */
abstract class DelayedCurve implements CurveEvaluator {
  protected constructor(private readonly delayMinutes: number) {}
  protected abstract remaining(u: number): number;
  protected abstract activity(u: number): number;
  protected abstract remainingIntegral(u: number): number;
  protected abstract absorbed(u: number): number;

  fractionRemaining(minutesSinceDose: number): number {
    const u = minutesSinceDose - this.delayMinutes;
    return u <= 0 ? 1 : this.remaining(u);
  }
  activityPerMinute(minutesSinceDose: number): number {
    const u = minutesSinceDose - this.delayMinutes;
    return u <= 0 ? 0 : this.activity(u);
  }
  remainingIntegralMinutes(minutesSinceDose: number): number {
    const u = minutesSinceDose - this.delayMinutes;
    return u <= 0 ? minutesSinceDose : this.delayMinutes + this.remainingIntegral(u);
  }
  fractionAbsorbed(minutesSinceDose: number): number {
    const u = minutesSinceDose - this.delayMinutes;
    return u <= 0 ? 0 : this.absorbed(u);
  }
}

class ExponentialEvaluator extends DelayedCurve {
  private readonly shape: ExponentialShape;
  /**
   * The remaining fraction at whole minutes, filled as asked (NaN: not yet): doses given on the
   * minute are read on the minute, thousands of times a simulated day, and each value costs an
   * exponential. The same expression fills it, so a value read here is the one computed.
   */
  private readonly remainingAtWholeMinutes: Float64Array;
  constructor(curve: InsulinActionCurve) {
    super(curve.delayMinutes);
    this.shape = exponentialShape(curve.durationMinutes, curve.peakMinutes);
    this.remainingAtWholeMinutes = new Float64Array(Math.ceil(curve.durationMinutes)).fill(
      Number.NaN,
    );
  }
  protected remaining(u: number): number {
    const table = this.remainingAtWholeMinutes;
    const whole = u | 0;
    if (whole !== u || whole >= table.length) return exponentialRemaining(this.shape, u);
    let value = table[whole]!;
    if (Number.isNaN(value)) {
      value = exponentialRemaining(this.shape, u);
      table[whole] = value;
    }
    return value;
  }
  protected activity(u: number): number {
    return exponentialActivity(this.shape, u);
  }
  protected remainingIntegral(u: number): number {
    return exponentialRemainingIntegral(this.shape, u);
  }
  protected absorbed(u: number): number {
    return 1 - exponentialRemaining(this.shape, u);
  }
}

class BilinearEvaluator extends DelayedCurve {
  private readonly durationMinutes: number;
  constructor(curve: InsulinActionCurve) {
    super(curve.delayMinutes);
    this.durationMinutes = curve.durationMinutes;
  }
  protected remaining(u: number): number {
    return bilinearRemaining(this.durationMinutes, u);
  }
  protected activity(u: number): number {
    return bilinearActivity(this.durationMinutes, u);
  }
  protected remainingIntegral(u: number): number {
    return bilinearRemainingIntegral(this.durationMinutes, u);
  }
  protected absorbed(u: number): number {
    return bilinearAbsorbed(this.durationMinutes, u);
  }
}

const evaluators = new WeakMap<InsulinActionCurve, CurveEvaluator>();

/** The validated evaluator of a curve (throws RangeError if the curve is invalid). */
export function curveEvaluator(curve: InsulinActionCurve): CurveEvaluator {
  const cached = evaluators.get(curve);
  if (cached !== undefined) return cached;
  validateCurve(curve);
  const evaluator =
    curve.kind === 'exponential' ? new ExponentialEvaluator(curve) : new BilinearEvaluator(curve);
  evaluators.set(curve, evaluator);
  return evaluator;
}

function makeCurve(curve: InsulinActionCurve): InsulinActionCurve {
  const frozen = Object.freeze({ ...curve });
  curveEvaluator(frozen);
  return frozen;
}
