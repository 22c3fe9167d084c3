// Per-minute recording of a run into typed arrays (no allocation per minute), from which the
// 5-minute trace and the outcomes are made.

export class Recorder {
  readonly plasmaGlucoseMgdl: Float64Array;
  readonly interstitialGlucoseMgdl: Float64Array;
  /** NaN where no CGM reading was taken (between samples, dropouts, no CGM). */
  readonly cgmGlucoseMgdl: Float64Array;
  readonly plasmaInsulinMilliunitsPerL: Float64Array;
  readonly bohbMmolL: Float64Array;
  readonly basalUnits: Float64Array;
  readonly bolusUnits: Float64Array;
  readonly carbsGrams: Float64Array;
  /** Insulin on board as the therapy's calculator sees it; NaN except every 5 minutes. */
  readonly iobUnits: Float64Array;
  /** Minutes at which a meal (not carbohydrate taken against a low) began. */
  readonly mealStartMinutes: number[] = [];

  constructor(readonly minutes: number) {
    this.plasmaGlucoseMgdl = new Float64Array(minutes);
    this.interstitialGlucoseMgdl = new Float64Array(minutes);
    this.cgmGlucoseMgdl = new Float64Array(minutes).fill(Number.NaN);
    this.plasmaInsulinMilliunitsPerL = new Float64Array(minutes);
    this.bohbMmolL = new Float64Array(minutes);
    this.basalUnits = new Float64Array(minutes);
    this.bolusUnits = new Float64Array(minutes);
    this.carbsGrams = new Float64Array(minutes);
    this.iobUnits = new Float64Array(minutes).fill(Number.NaN);
  }

  /** Adds to a per-minute total, when minute m is within the recorded period. */
  add(series: Float64Array, minute: number, value: number): void {
    if (this.covers(minute)) series[minute] = (series[minute] ?? 0) + value;
  }

  /** Whether minute m (from the start of the recorded period) is recorded. */
  covers(minute: number): boolean {
    return minute >= 0 && minute < this.minutes;
  }
}
