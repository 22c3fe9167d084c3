// The exponential insulin action curve shared by Loop, oref0 and AndroidAPS.
//
// Formula: Dragan Maksimovic, LoopKit/Loop issue #388 (comment 317938473), as used by
// oref0 0.7.1 lib/iob/calculate.js (iobCalcExponential) and LoopKit's ExponentialInsulinModel;
// equations restated in docs/physiology.md §3. Time `u` here is minutes since insulin started
// acting (after any delay); the caller handles the delay and times before it.
//
// The remaining-fraction expression is rearranged so that (1 − a) never divides: oref0 writes
// t²/(τ·td·(1 − a)) and then multiplies by S·(1 − a), which is 0/0 when a = 1 exactly
// (peak/duration ≈ 0.293, e.g. a 300-min curve peaking at 87.9 min). Same value otherwise.

/** Constants of one exponential curve, derived once from its duration and peak. */
export interface ExponentialShape {
  readonly durationMinutes: number;
  /** τ, the time constant of the exponential decay (min). */
  readonly tauMinutes: number;
  /** a = 2τ/td, the rise-time factor (dimensionless). */
  readonly riseFactor: number;
  /** S, the scale that makes the activity integrate to 1 over the duration. */
  readonly scale: number;
  /** K(0) of the remaining-fraction antiderivative, kept to avoid recomputing it. */
  readonly antiderivativeAtZero: number;
}

export function exponentialShape(durationMinutes: number, peakMinutes: number): ExponentialShape {
  const td = durationMinutes;
  const tp = peakMinutes;
  const tau = (tp * (1 - tp / td)) / (1 - (2 * tp) / td);
  const a = (2 * tau) / td;
  const scale = 1 / (1 - a + (1 + a) * Math.exp(-td / tau));
  const partial = { durationMinutes: td, tauMinutes: tau, riseFactor: a, scale };
  return { ...partial, antiderivativeAtZero: antiderivativeCore(partial, 0) };
}

/** Fraction of the dose still to act, u minutes after action starts (u ≥ 0). */
export function exponentialRemaining(shape: ExponentialShape, u: number): number {
  const td = shape.durationMinutes;
  if (u >= td) return 0;
  const tau = shape.tauMinutes;
  const oneMinusA = 1 - shape.riseFactor;
  const decay = Math.exp(-u / tau);
  const bracket = ((u * u) / (tau * td) - oneMinusA * (u / tau + 1)) * decay + oneMinusA;
  // Rounding leaves ±1e-16 near both ends; keep the fraction a fraction.
  return Math.min(1, Math.max(0, 1 - shape.scale * bracket));
}

/** Fraction of the dose acting per minute, u minutes after action starts (u ≥ 0). */
export function exponentialActivity(shape: ExponentialShape, u: number): number {
  const td = shape.durationMinutes;
  if (u >= td) return 0;
  const tau = shape.tauMinutes;
  return (shape.scale / (tau * tau)) * u * (1 - u / td) * Math.exp(-u / tau);
}

/**
 * ∫₀ᵘ remaining(s) ds in minutes (u ≥ 0): the exact integral used for doses spread over time.
 * With K(u) = e^(−u/τ)·[(1 − a)(u + 2τ) − (u² + 2τu + 2τ²)/td], whose derivative is the
 * e^(−u/τ) term of `exponentialRemaining`, the integral is u − S·[K(u) − K(0) + (1 − a)·u].
 */
export function exponentialRemainingIntegral(shape: ExponentialShape, u: number): number {
  const end = Math.min(u, shape.durationMinutes);
  const k = antiderivativeCore(shape, end) - shape.antiderivativeAtZero;
  return end - shape.scale * (k + (1 - shape.riseFactor) * end);
}

interface CoreConstants {
  readonly durationMinutes: number;
  readonly tauMinutes: number;
  readonly riseFactor: number;
}

function antiderivativeCore(shape: CoreConstants, u: number): number {
  const tau = shape.tauMinutes;
  const polynomial =
    (1 - shape.riseFactor) * (u + 2 * tau) -
    (u * u + 2 * tau * u + 2 * tau * tau) / shape.durationMinutes;
  return Math.exp(-u / tau) * polynomial;
}
