// The dawn phenomenon: the rise of the insulin need in the early morning (growth hormone at night
// raises the liver's glucose output and lowers insulin sensitivity), which a flat basal rate
// leaves uncovered and a pump's hourly rates can meet.
//
// Published figures it is drawn from:
// - Perriello et al., Diabetologia 34:21–28 (1991), 114 adults with type 1 diabetes on i.v.
//   insulin: the need fell after midnight to a nadir at 02:40 and rose to a peak at 06:40
//   (+32 % on the mean curve); the need between 05:00 and 07:00 was 19.4 % above that between
//   01:00 and 03:00 on average; 101 of 114 had a rise of more than 20 % for at least 90 minutes.
// - Nauck et al., J Diabetes Sci Technol 15:360–370 (2021), 339 pump users after 24-hour fasting
//   basal tests: programmed basal 1.07 U/h between 01:00 and 07:00 against 0.90 U/h over the day.
//
// The model carries it as insulin resistance, the mechanism the studies found (growth hormone
// lowering insulin's action on the liver and the muscles): every action of insulin (glucose
// transport, disposal, suppression of EGP) is divided by 1 + a·shape(time of day), the shape a
// raised cosine from 0 at onset to 1 at the peak and back to 0 at the end (the end is not
// measured: the studies stop at breakfast; 4 h after the peak, as long as the rise, is assumed).
// The amplitude a is set so that the steady insulin need at the peak is `peakIncreasePercent`
// above the need outside the window. Unlike a rise of EGP alone, which insulin can suppress
// entirely, resistance reaches any rise in every patient.
//
// Default 21.9 %: with the default shape, the need between 05:00 and 07:00 is then 19.4 % above
// that between 01:00 and 03:00, Perriello's mean (a test checks it). Their mean curve rises 32 %
// from nadir to peak, but it also falls after midnight towards the nadir, which the model (flat
// outside the window) leaves out: the model matches the window figure, not the curve's extremes.
import { MINUTES_PER_DAY } from '../units/index.ts';

export interface DawnPhenomenon {
  /** Rise of the steady insulin need at the peak, above the need outside the window, %. */
  readonly peakIncreasePercent: number;
  /** Local clock minutes after midnight: the rise starts, peaks and is over. onset < peak < end. */
  readonly onsetMinuteOfDay: number;
  readonly peakMinuteOfDay: number;
  readonly endMinuteOfDay: number;
}

export const DAWN_PHENOMENON_DEFAULTS: DawnPhenomenon = {
  peakIncreasePercent: 21.9,
  onsetMinuteOfDay: 2 * 60 + 40,
  peakMinuteOfDay: 6 * 60 + 40,
  endMinuteOfDay: 10 * 60 + 40,
};

/** The rise's shape at a clock minute (fractions allowed): 0 outside the window, 1 at the peak. */
export function dawnShape(dawn: DawnPhenomenon, minuteOfDay: number): number {
  const m = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const { onsetMinuteOfDay: onset, peakMinuteOfDay: peak, endMinuteOfDay: end } = dawn;
  if (m <= onset || m >= end) return 0;
  const phase = m < peak ? (m - onset) / (peak - onset) : (end - m) / (end - peak);
  return (1 - Math.cos(Math.PI * phase)) / 2;
}

/**
 * Insulin's action factor by clock minute, 1 / (1 + amplitude·shape), one entry a minute and a
 * last equal to the first, for the model to interpolate at any stage time.
 */
export function actionFactorTable(dawn: DawnPhenomenon, amplitude: number): Float64Array {
  const table = new Float64Array(MINUTES_PER_DAY + 1);
  for (let m = 0; m <= MINUTES_PER_DAY; m += 1) table[m] = 1 / (1 + amplitude * dawnShape(dawn, m));
  return table;
}

/** The table's value at model time t, whose minute 0 falls at clock minute `startMinuteOfDay`. */
export function actionFactorAt(table: Float64Array, startMinuteOfDay: number, t: number): number {
  let m = (startMinuteOfDay + t) % MINUTES_PER_DAY;
  if (m < 0) m += MINUTES_PER_DAY;
  const i = Math.floor(m);
  const low = table[i]!;
  return low + (table[i + 1]! - low) * (m - i);
}

/**
 * The amplitude a ≥ 0 at which `needAt(1 / (1 + a))`, the steady insulin need with insulin's
 * action multiplied by that factor, is `1 + increase` times `needAt(1)`; by bisection, the need
 * rising as the action falls.
 */
export function resistanceForNeedIncrease(
  needAt: (actionFactor: number) => number,
  increase: number,
): number {
  const target = needAt(1) * (1 + increase);
  const need = (amplitude: number) => needAt(1 / (1 + amplitude));
  let low = 0;
  let high = Math.max(increase, 0.01) * 2;
  for (let i = 0; i < 20 && need(high) < target; i += 1) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 60; i += 1) {
    const mid = (low + high) / 2;
    if (need(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
