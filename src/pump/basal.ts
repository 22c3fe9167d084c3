// Basal delivery as integer pulses: the programmed rate is integrated exactly in integers
// ((mU/h)·percent·seconds) and a pulse is due each time the integral reaches one pulse, with the
// remainder carried forward, so delivered basal never drifts from programmed by a pulse or more.
import { isStoppingAlarm } from './alarms.ts';
import type { BasalSegment } from './settings.ts';
import { MINUTES_PER_DAY } from '../units/index.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, type PumpState } from './state.ts';

/** Percent scale of the accumulator: rates are held as (mU/h)·100 so percent temps stay integer. */
const PERCENT_SCALE = 100;

export function pulseThreshold(pulseMilliunits: number): number {
  return pulseMilliunits * SECONDS_PER_HOUR * PERCENT_SCALE;
}

function localSecondOfDay(seconds: number, clockOffsetSeconds: number): number {
  const local = (seconds + clockOffsetSeconds) % SECONDS_PER_DAY;
  return local < 0 ? local + SECONDS_PER_DAY : local;
}

/**
 * A basal schedule as a table of equal slots of the day (the greatest step that divides every
 * segment start: 30 minutes for validated settings), so the segment in force at any moment is one
 * division and one lookup away. Built once per segments array (settings are never mutated).
 */
export interface SlotTable {
  readonly slotSeconds: number;
  /** The scheduled rate of each slot, mU/h. */
  readonly rateBySlot: readonly number[];
  /** Second of the day at which each slot's segment starts (0 before the first segment). */
  readonly segmentStartBySlot: readonly number[];
  /** Second of the day at which each slot's segment ends (the next segment's start, or midnight). */
  readonly segmentEndBySlot: readonly number[];
}

const slotTables = new WeakMap<readonly BasalSegment[], SlotTable>();

export function slotTableOf(segments: readonly BasalSegment[]): SlotTable {
  let table = slotTables.get(segments);
  if (table === undefined) {
    table = buildSlotTable(segments);
    slotTables.set(segments, table);
  }
  return table;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function buildSlotTable(segments: readonly BasalSegment[]): SlotTable {
  let stepMinutes = MINUTES_PER_DAY;
  for (const segment of segments) {
    if (!Number.isInteger(segment.startMinutes)) {
      throw new RangeError(`basal segment start ${segment.startMinutes}: whole minutes only`);
    }
    stepMinutes = gcd(stepMinutes, segment.startMinutes);
  }
  const slotSeconds = stepMinutes * 60;
  const slots = SECONDS_PER_DAY / slotSeconds;
  const rateBySlot: number[] = [];
  const segmentStartBySlot: number[] = [];
  const segmentEndBySlot: number[] = [];
  let index = 0;
  for (let slot = 0; slot < slots; slot += 1) {
    const start = slot * slotSeconds;
    while ((segments[index + 1]?.startMinutes ?? Infinity) * 60 <= start) index += 1;
    // Before the first segment's start (never, for validated settings) nothing is scheduled.
    const inForce = (segments[index]?.startMinutes ?? Infinity) * 60 <= start;
    rateBySlot.push(inForce ? (segments[index]?.rateMilliunitsPerHour ?? 0) : 0);
    segmentStartBySlot.push(inForce ? (segments[index]?.startMinutes ?? 0) * 60 : 0);
    const next = segments[inForce ? index + 1 : index];
    segmentEndBySlot.push(next === undefined ? SECONDS_PER_DAY : next.startMinutes * 60);
  }
  return { slotSeconds, rateBySlot, segmentStartBySlot, segmentEndBySlot };
}

/** The slot in force at a local second of the day. */
function slotAt(table: SlotTable, secondOfDay: number): number {
  return Math.floor(secondOfDay / table.slotSeconds);
}

export interface RateRule {
  readonly segments: readonly BasalSegment[];
  /** The segments' slot table (derived: `slotTableOf(segments)`). */
  readonly table: SlotTable;
  readonly clockOffsetSeconds: number;
  readonly mode: 'scheduled' | 'zero' | 'percent' | 'absolute';
  readonly percent: number;
  readonly rateMilliunitsPerHour: number;
  readonly maxBasalMilliunitsPerHour: number;
}

/** What a rule does to the scheduled rate (a net-basal span keeps the same fields). */
export type RateAdjustment = Pick<
  RateRule,
  'mode' | 'percent' | 'rateMilliunitsPerHour' | 'maxBasalMilliunitsPerHour'
>;

/** The effective rate in (mU/h)·100 given the scheduled rate; never above the maximum basal. */
export function effectiveRateScaled(
  rule: RateAdjustment,
  scheduledMilliunitsPerHour: number,
): number {
  let scaled: number;
  switch (rule.mode) {
    case 'scheduled':
      scaled = scheduledMilliunitsPerHour * PERCENT_SCALE;
      break;
    case 'zero':
      return 0;
    case 'percent':
      scaled = scheduledMilliunitsPerHour * rule.percent;
      break;
    case 'absolute':
      scaled = rule.rateMilliunitsPerHour * PERCENT_SCALE;
      break;
  }
  return Math.min(scaled, rule.maxBasalMilliunitsPerHour * PERCENT_SCALE);
}

/** The schedule of a pump without one (one shared array, so its slot table is built once). */
export const NO_SEGMENTS: readonly BasalSegment[] = Object.freeze([]);

/**
 * The rule in force: what the state says delivery is doing. `evolve` keeps a copy in
 * `state.rateRule` so the per-minute tick need not rebuild it.
 */
export function rateRuleOf(state: PumpState): RateRule {
  const { settings, tempBasal } = state;
  const pattern = settings.basalPatterns[settings.activePatternIndex];
  const segments = pattern?.segments ?? NO_SEGMENTS;
  // One literal (not a spread of shared fields): every rule has the same shape, built quickly.
  return {
    segments,
    table: slotTableOf(segments),
    clockOffsetSeconds: state.clockOffsetSeconds,
    mode: deliveryStopped(state) ? 'zero' : (tempBasal?.kind ?? 'scheduled'),
    percent: tempBasal?.percent ?? 0,
    rateMilliunitsPerHour: tempBasal?.rateMilliunitsPerHour ?? 0,
    maxBasalMilliunitsPerHour: settings.maxBasalMilliunitsPerHour,
  };
}

/** True while nothing may be delivered: suspended, a stopping alarm, or an empty reservoir. */
export function deliveryStopped(state: PumpState): boolean {
  if (state.suspended !== null || state.reservoir.remainingPulses === 0) return true;
  for (const alarm of state.alarms) if (isStoppingAlarm(alarm.code)) return true;
  return false;
}

export interface Accrual {
  accumulator: number;
  pulses: number;
  /** Seconds at which the first and last due pulse fell due (NaN when none). */
  firstPulseSeconds: number;
  lastPulseSeconds: number;
}

/**
 * Integrates the rule's rate from `fromSeconds` to `toSeconds` onto `accumulator` and counts the
 * pulses that fall due, writing into `out`. Integer arithmetic: splitting an interval gives the
 * same result. Positional arguments and a caller-owned result: this runs on every tick.
 */
export function accrue(
  rule: RateRule,
  fromSeconds: number,
  toSeconds: number,
  accumulator: number,
  pulseMilliunits: number,
  out: Accrual,
): Accrual {
  const threshold = pulseThreshold(pulseMilliunits);
  out.accumulator = accumulator;
  out.pulses = 0;
  out.firstPulseSeconds = Number.NaN;
  out.lastPulseSeconds = Number.NaN;
  if (rule.mode === 'zero' || rule.segments.length === 0) return out;
  let t = fromSeconds;
  while (t < toSeconds) {
    const piece = pieceAt(rule, t);
    const pieceEnd = Math.min(toSeconds, piece.endSeconds);
    if (piece.rateScaled > 0) addPiece(out, t, pieceEnd, piece.rateScaled, threshold);
    t = pieceEnd;
  }
  return out;
}

/**
 * The stretch of engine time around the last lookup in which a rule's rate is constant (its
 * segment). Ticks come in order and mostly fall in the same segment, so one remembered piece
 * spares the schedule lookup; it is keyed by the rule object, which is never changed.
 */
interface Piece {
  rule: RateRule | null;
  startSeconds: number;
  endSeconds: number;
  rateScaled: number;
}

const lastPiece: Piece = { rule: null, startSeconds: 0, endSeconds: 0, rateScaled: 0 };

function pieceAt(rule: RateRule, t: number): Piece {
  const piece = lastPiece;
  if (piece.rule === rule && t >= piece.startSeconds && t < piece.endSeconds) return piece;
  const table = rule.table;
  const secondOfDay = localSecondOfDay(t, rule.clockOffsetSeconds);
  const slot = slotAt(table, secondOfDay);
  piece.rule = rule;
  piece.startSeconds = t - (secondOfDay - table.segmentStartBySlot[slot]!);
  piece.endSeconds = t + table.segmentEndBySlot[slot]! - secondOfDay;
  piece.rateScaled = effectiveRateScaled(rule, table.rateBySlot[slot]!);
  return piece;
}

export const newAccrual = (): Accrual => ({
  accumulator: 0,
  pulses: 0,
  firstPulseSeconds: Number.NaN,
  lastPulseSeconds: Number.NaN,
});

/** When the next basal pulse falls due under the rule (Infinity if none within two days). */
export function nextBasalPulseSeconds(
  rule: RateRule,
  fromSeconds: number,
  accumulator: number,
  pulseMilliunits: number,
): number {
  if (rule.mode === 'zero' || rule.segments.length === 0) return Infinity;
  let need = pulseThreshold(pulseMilliunits) - accumulator;
  if (need <= 0) return fromSeconds;
  let t = fromSeconds;
  const horizon = fromSeconds + 2 * SECONDS_PER_DAY;
  while (t < horizon) {
    const piece = pieceAt(rule, t);
    const pieceEnd = piece.endSeconds;
    const rate = piece.rateScaled;
    if (rate * (pieceEnd - t) >= need) return t + Math.ceil(need / rate);
    need -= rate * (pieceEnd - t);
    t = pieceEnd;
  }
  return Infinity;
}

function addPiece(
  result: Accrual,
  t: number,
  pieceEnd: number,
  rate: number,
  threshold: number,
): void {
  const before = result.accumulator;
  const after = before + rate * (pieceEnd - t);
  // A tick a minute nearly always finds no pulse or one due: comparisons settle those.
  const due = after < threshold ? 0 : after < 2 * threshold ? 1 : Math.floor(after / threshold);
  if (due > 0) {
    // The k-th pulse falls due when the integral reaches k thresholds (at once if owed already).
    const firstAt = t + Math.max(0, Math.ceil((threshold - before) / rate));
    const lastAt =
      due === 1 ? firstAt : t + Math.max(0, Math.ceil((due * threshold - before) / rate));
    if (result.pulses === 0) result.firstPulseSeconds = firstAt;
    result.lastPulseSeconds = lastAt;
    result.pulses += due;
  }
  result.accumulator = after - due * threshold;
}

/** The scheduled basal in milliunits over [fromSeconds, toSeconds), for totals and net IOB. */
export function scheduledMilliunits(
  segments: readonly BasalSegment[],
  options: { fromSeconds: number; toSeconds: number; clockOffsetSeconds: number },
): number {
  let total = 0;
  forEachSchedulePiece(segments, options, (from, to, rate) => {
    total += (rate * (to - from)) / SECONDS_PER_HOUR;
  });
  return total;
}

/** Pieces of constant scheduled rate over an interval, for callers that integrate other rates. */
export function forEachSchedulePiece(
  segments: readonly BasalSegment[],
  options: { fromSeconds: number; toSeconds: number; clockOffsetSeconds: number },
  visit: (fromSeconds: number, toSeconds: number, scheduledMilliunitsPerHour: number) => void,
): void {
  const table = slotTableOf(segments);
  let t = options.fromSeconds;
  while (t < options.toSeconds) {
    const secondOfDay = localSecondOfDay(t, options.clockOffsetSeconds);
    const slot = slotAt(table, secondOfDay);
    const pieceEnd = Math.min(options.toSeconds, t + table.segmentEndBySlot[slot]! - secondOfDay);
    visit(t, pieceEnd, table.rateBySlot[slot]!);
    t = pieceEnd;
  }
}

/** The scheduled rate at a moment, in mU/h. */
export function scheduledRateAt(
  segments: readonly BasalSegment[],
  options: { seconds: number; clockOffsetSeconds: number },
): number {
  const secondOfDay = localSecondOfDay(options.seconds, options.clockOffsetSeconds);
  const table = slotTableOf(segments);
  return table.rateBySlot[slotAt(table, secondOfDay)]!;
}
