// Rounding of figures for output: results are compared byte for byte, so only stable digits are
// kept.

/** `value` to `digits` decimals (half away from zero for positives, as Math.round); non-finite as is. */
export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
