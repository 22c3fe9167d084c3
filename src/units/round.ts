// Rounding of figures for output: results are compared byte for byte, so only stable digits are
// kept.

/** 10 ** d for the decimals output uses (exact doubles, so the same as the power). */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, d) => 10 ** d);

/** `value` to `digits` decimals, halves rounded up as Math.round does; non-finite as is. */
export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = POWERS_OF_TEN[digits] ?? 10 ** digits;
  return Math.round(value * f) / f;
}
