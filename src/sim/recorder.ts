// The recording of a run in typed arrays (no allocation per minute), from which the 5-minute trace
// and the outcomes are made. Glucose and ketones are kept for every minute (clinical events are
// defined on them); CGM readings, plasma insulin, insulin on board and the insulin and
// carbohydrate totals are kept per 5-minute row, what the trace and the daily figures read. A run
// without a trace (a cohort's year) leaves out the series only the trace reads: every series for
// every minute of a year would be 38 MB written and read back per run, and two threads at once pay
// for it in memory traffic.

export class Recorder {
  static readonly ROW_MINUTES = 5;
  readonly rows: number;
  readonly plasmaGlucoseMgdl: Float64Array;
  readonly bohbMmolL: Float64Array;
  /** Per row: the reading at the row's first minute; NaN when none (dropout, no CGM). */
  readonly cgmGlucoseMgdl: Float64Array;
  /** Per row: totals over the row's five minutes. */
  readonly basalUnits: Float64Array;
  readonly bolusUnits: Float64Array;
  readonly carbsGrams: Float64Array;
  /** Trace only (empty without a trace): per row, at the row's first minute. */
  readonly plasmaInsulinMilliunitsPerL: Float64Array;
  /** Trace only (empty without a trace): per row, insulin on board as the therapy sees it. */
  readonly iobUnits: Float64Array;
  /** Minutes at which a meal (not carbohydrate taken against a low) began. */
  readonly mealStartMinutes: number[] = [];

  constructor(
    readonly minutes: number,
    readonly withTrace = true,
  ) {
    this.rows = Math.ceil(minutes / Recorder.ROW_MINUTES);
    this.plasmaGlucoseMgdl = new Float64Array(minutes);
    this.bohbMmolL = new Float64Array(minutes);
    this.cgmGlucoseMgdl = new Float64Array(this.rows).fill(Number.NaN);
    this.basalUnits = new Float64Array(this.rows);
    this.bolusUnits = new Float64Array(this.rows);
    this.carbsGrams = new Float64Array(this.rows);
    this.plasmaInsulinMilliunitsPerL = new Float64Array(withTrace ? this.rows : 0);
    this.iobUnits = new Float64Array(withTrace ? this.rows : 0).fill(Number.NaN);
  }

  /** Adds to the total of minute m's row, when minute m is within the recorded period. */
  add(series: Float64Array, minute: number, value: number): void {
    if (this.covers(minute)) {
      const row = Math.floor(minute / Recorder.ROW_MINUTES);
      series[row] = (series[row] ?? 0) + value;
    }
  }

  /** A value of a row series, taken at the row's first minute (other minutes are not kept). */
  setAtRowStart(series: Float64Array, minute: number, value: number): void {
    if (this.covers(minute) && minute % Recorder.ROW_MINUTES === 0)
      series[minute / Recorder.ROW_MINUTES] = value;
  }

  /** Whether minute m (from the start of the recorded period) is recorded. */
  covers(minute: number): boolean {
    return minute >= 0 && minute < this.minutes;
  }
}
