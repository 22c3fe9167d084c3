// The run's log while it is written. Pump deliveries are most of a log (about 500 a day); as
// objects they would live through the whole run, and the collector would copy each of them
// from one young space to the next and into the old one. So a delivery is kept as a row of
// numbers until the run ends, and `entries()` then writes the list out once: the same entries,
// in the order they were added, as if each had been an object from the start. Rows fill blocks
// of a fixed size, each allocated when the last is full: a single array grown by doubling would
// allocate and copy about three times the memory the rows need.
//
// Times are the run's minutes: the log counts them from the end of the run-in and keeps nothing
// from before it.
import type { EventOf } from '../pump/index.ts';
import type { LogEntry } from './result.ts';

/** A delivery row: its place among the other entries, its time, then the event's fields. */
const COLUMNS = 12;
const BLOCK_ROWS = 1024;

/** What the log keeps of a detail: everything but its type and time, which the entry holds. */
export function detailWithoutTypeAndTime(detail: object): Record<string, unknown> {
  const { type: _type, at: _at, ...rest } = detail as Record<string, unknown>;
  return rest;
}

export class RunLog {
  private readonly others: LogEntry[] = [];
  private readonly blocks: Float64Array[] = [];
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
    const rowInBlock = this.deliveries % BLOCK_ROWS;
    if (rowInBlock === 0) this.blocks.push(new Float64Array(COLUMNS * BLOCK_ROWS));
    const r = this.blocks[this.blocks.length - 1]!;
    let i = rowInBlock * COLUMNS;
    r[i++] = this.others.length;
    r[i++] = atMinutes;
    r[i++] = event.firstAt;
    r[i++] = event.basalPulses;
    r[i++] = event.bolusPulses;
    r[i++] = event.basalMilliunits;
    r[i++] = event.bolusMilliunits;
    r[i++] = event.basalAccruedThroughSeconds;
    r[i++] = event.basalAccumulator;
    // A bolus id is an integer: NaN stands for none.
    r[i++] = event.bolusId ?? Number.NaN;
    r[i++] = event.immediatePulses;
    r[i] = event.extendedPulses;
    this.deliveries += 1;
  }

  /** Every entry in the order added. */
  entries(): LogEntry[] {
    const out: LogEntry[] = [];
    let other = 0;
    for (let row = 0; row < this.deliveries; row += 1) {
      const r = this.blocks[Math.floor(row / BLOCK_ROWS)]!;
      const i = (row % BLOCK_ROWS) * COLUMNS;
      // Entries added before this delivery come first.
      while (other < r[i]!) out.push(this.others[other++]!);
      const bolusId = r[i + 9]!;
      out.push({
        atMinutes: r[i + 1]!,
        source: 'pump',
        type: 'delivered',
        // The event's keys but type and time, in the event's order (runLog.test.ts checks it).
        detail: {
          firstAt: r[i + 2]!,
          basalPulses: r[i + 3]!,
          bolusPulses: r[i + 4]!,
          basalMilliunits: r[i + 5]!,
          bolusMilliunits: r[i + 6]!,
          basalAccruedThroughSeconds: r[i + 7]!,
          basalAccumulator: r[i + 8]!,
          bolusId: Number.isNaN(bolusId) ? null : bolusId,
          immediatePulses: r[i + 10]!,
          extendedPulses: r[i + 11]!,
        },
      });
    }
    while (other < this.others.length) out.push(this.others[other++]!);
    return out;
  }
}
