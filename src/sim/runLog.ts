// The run's log while it is written. Pump deliveries are most of a log (about 500 a day); as
// objects they would live through the whole run, and the collector would copy each of them
// from one young space to the next and into the old one. So a delivery is kept as a row of
// numbers until the run ends, and `entries()` then writes the list out once: the same entries,
// in the order they were added, as if each had been an object from the start.
//
// A row's times are kept as doubles and its counts (pulses, milliunits, seconds, the bolus id)
// as 32-bit integers. Read back from integers, a count is stored in its entry as a small integer
// in the field itself; read back from doubles, V8 would box each count in a number object of its
// own, doubling the memory of the written log. A delivery with a count that is not such an
// integer (none seen in practice) is kept as any other entry. Rows fill blocks of a fixed size,
// each allocated when the last is full: one array grown by doubling would allocate and copy
// about three times the memory the rows need.
//
// Times are the run's minutes: the log counts them from the end of the run-in and keeps nothing
// from before it.
import type { EventOf } from '../pump/index.ts';
import type { LogEntry } from './result.ts';

const BLOCK_ROWS = 1024;
/** A delivery row's doubles: its time and the time its first pulse fell due. */
const TIMES = 2;
/**
 * A delivery row's integers: its place among the other entries, then the event's counts; the
 * bolus id is -1 for none (ids count up from 1; a negative one is kept as any other entry).
 */
const COUNTS = 10;
const NO_BOLUS = -1;

/** Whether a count is kept exactly as a 32-bit integer (-0 is not). */
function isInt32(value: number): boolean {
  return (value | 0) === value && !Object.is(value, -0);
}

function countsFit(event: EventOf<'delivered'>): boolean {
  return (
    isInt32(event.basalPulses) &&
    isInt32(event.bolusPulses) &&
    isInt32(event.basalMilliunits) &&
    isInt32(event.bolusMilliunits) &&
    isInt32(event.basalAccruedThroughSeconds) &&
    isInt32(event.basalAccumulator) &&
    (event.bolusId === null || (isInt32(event.bolusId) && event.bolusId >= 0)) &&
    isInt32(event.immediatePulses) &&
    isInt32(event.extendedPulses)
  );
}

/** What the log keeps of a detail: everything but its type and time, which the entry holds. */
export function detailWithoutTypeAndTime(detail: object): Record<string, unknown> {
  const { type: _type, at: _at, ...rest } = detail as Record<string, unknown>;
  return rest;
}

export class RunLog {
  private readonly others: LogEntry[] = [];
  private readonly timeBlocks: Float64Array[] = [];
  private readonly countBlocks: Int32Array[] = [];
  private deliveries = 0;

  constructor(private readonly runInMinutes: number) {}

  /** An entry other than a pump delivery; its detail is kept without `type` and `at`. */
  add(atMinutes: number, source: string, type: string, detail: object): void {
    const shifted = atMinutes - this.runInMinutes;
    if (shifted < 0) return;
    this.others.push({
      atMinutes: shifted,
      source,
      type,
      detail: detailWithoutTypeAndTime(detail),
    });
  }

  /** A pump delivery, at its event's time. */
  addDelivery(event: EventOf<'delivered'>): void {
    const atMinutes = event.at - this.runInMinutes;
    if (atMinutes < 0) return;
    if (!countsFit(event)) return this.add(event.at, 'pump', event.type, event);
    const row = this.deliveries % BLOCK_ROWS;
    if (row === 0) {
      this.timeBlocks.push(new Float64Array(TIMES * BLOCK_ROWS));
      this.countBlocks.push(new Int32Array(COUNTS * BLOCK_ROWS));
    }
    const t = this.timeBlocks[this.timeBlocks.length - 1]!;
    t[row * TIMES] = atMinutes;
    t[row * TIMES + 1] = event.firstAt;
    const c = this.countBlocks[this.countBlocks.length - 1]!;
    let i = row * COUNTS;
    c[i++] = this.others.length;
    c[i++] = event.basalPulses;
    c[i++] = event.bolusPulses;
    c[i++] = event.basalMilliunits;
    c[i++] = event.bolusMilliunits;
    c[i++] = event.basalAccruedThroughSeconds;
    c[i++] = event.basalAccumulator;
    c[i++] = event.bolusId ?? NO_BOLUS;
    c[i++] = event.immediatePulses;
    c[i] = event.extendedPulses;
    this.deliveries += 1;
  }

  /** Every entry in the order added. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    let other = 0;
    for (let row = 0; row < this.deliveries; row += 1) {
      const block = Math.floor(row / BLOCK_ROWS);
      const t = this.timeBlocks[block]!;
      const c = this.countBlocks[block]!;
      const ti = (row % BLOCK_ROWS) * TIMES;
      const i = (row % BLOCK_ROWS) * COUNTS;
      // Entries added before this delivery come first.
      while (other < c[i]!) out.push(this.others[other++]!);
      const bolusId = c[i + 7]!;
      out.push({
        atMinutes: t[ti]!,
        source: 'pump',
        type: 'delivered',
        // The event's keys but type and time, in the event's order (runLog.test.ts checks it).
        detail: {
          firstAt: t[ti + 1]!,
          basalPulses: c[i + 1]!,
          bolusPulses: c[i + 2]!,
          basalMilliunits: c[i + 3]!,
          bolusMilliunits: c[i + 4]!,
          basalAccruedThroughSeconds: c[i + 5]!,
          basalAccumulator: c[i + 6]!,
          bolusId: bolusId === NO_BOLUS ? null : bolusId,
          immediatePulses: c[i + 8]!,
          extendedPulses: c[i + 9]!,
        },
      });
    }
    while (other < this.others.length) out.push(this.others[other++]!);
    return out;
  }
}
