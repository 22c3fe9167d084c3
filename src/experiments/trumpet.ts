// The trumpet curve of IEC 60601-2-24: for each observation window of P minutes slid over the
// analysis period one sample at a time, the percentage deviation of the insulin delivered in the
// window from the insulin programmed for it, 100·(delivered − programmed)/programmed; the curve
// is the largest and the smallest deviation for each P. Its x axis is the window length, not
// time: longer windows average more pulses, so the curve narrows like a trumpet (see the
// commentary on reading trumpet curves, J Diabetes Sci Technol, doi:10.1177/1932296818806509).

export interface TrumpetPoint {
  readonly windowMinutes: number;
  readonly maxDeviationPercent: number;
  readonly minDeviationPercent: number;
  /** How many windows were slid over the period. */
  readonly windowCount: number;
}

export interface TrumpetOptions {
  /** Constant programmed rate, mU/h. */
  readonly rateMilliunitsPerHour: number;
  /** Analysis period [fromMinute, toMinute): sample i covers minute (i, i + 1]. */
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly windowsMinutes: readonly number[];
}

/**
 * The trumpet of a per-minute delivery record (`deliveredMilliunits[i]`: delivered in minute
 * (i, i + 1]). A window longer than the analysis period is refused.
 */
export function trumpetCurve(
  deliveredMilliunits: Float64Array,
  options: TrumpetOptions,
): TrumpetPoint[] {
  const { fromMinute, toMinute, rateMilliunitsPerHour } = options;
  if (!(fromMinute >= 0 && toMinute <= deliveredMilliunits.length && fromMinute < toMinute)) {
    throw new RangeError(
      `analysis period ${fromMinute}–${toMinute} min: must lie within 0–${deliveredMilliunits.length} min`,
    );
  }
  if (!(rateMilliunitsPerHour > 0)) {
    throw new RangeError(`rateMilliunitsPerHour = ${rateMilliunitsPerHour}: must be above 0`);
  }
  // Prefix sums: the window sums are then one subtraction each.
  const cumulative = new Float64Array(toMinute - fromMinute + 1);
  for (let i = fromMinute; i < toMinute; i += 1) {
    cumulative[i - fromMinute + 1] =
      (cumulative[i - fromMinute] ?? 0) + (deliveredMilliunits[i] ?? 0);
  }
  const periodMinutes = toMinute - fromMinute;
  return options.windowsMinutes.map((windowMinutes) => {
    if (!(Number.isInteger(windowMinutes) && windowMinutes >= 1 && windowMinutes <= periodMinutes))
      throw new RangeError(
        `observation window ${windowMinutes} min: a whole number of minutes, 1–${periodMinutes}`,
      );
    const programmed = (rateMilliunitsPerHour * windowMinutes) / 60;
    let max = -Infinity;
    let min = Infinity;
    const windowCount = periodMinutes - windowMinutes + 1;
    for (let start = 0; start < windowCount; start += 1) {
      const delivered = (cumulative[start + windowMinutes] ?? 0) - (cumulative[start] ?? 0);
      // Written as a ratio so an empty window is exactly −100 %.
      const deviation = 100 * (delivered / programmed - 1);
      if (deviation > max) max = deviation;
      if (deviation < min) min = deviation;
    }
    return { windowMinutes, maxDeviationPercent: max, minDeviationPercent: min, windowCount };
  });
}
