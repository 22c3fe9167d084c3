// Questions a user asks of the pump's history, answered from the event log: what boluses were
// given (so a distracted user can check whether a meal bolus went in), and daily totals.
import type { PumpEvent } from './events.ts';

export interface BolusRecord {
  readonly id: number;
  readonly at: number;
  readonly kind: 'normal' | 'extended' | 'dual';
  readonly source: string;
  readonly programmedUnits: number;
  deliveredUnits: number;
  status: 'in_progress' | 'completed' | 'cancelled';
}

/** Every bolus in the log, oldest first, with what was programmed and what went in. */
export function bolusHistory(log: readonly PumpEvent[]): BolusRecord[] {
  const records: BolusRecord[] = [];
  const byId = new Map<number, BolusRecord>();
  for (const event of log) {
    if (event.type === 'bolus_started') {
      const record: BolusRecord = {
        id: event.id,
        at: event.at,
        kind: event.kind,
        source: event.source,
        programmedUnits: (event.immediateMilliunits + event.extendedMilliunits) / 1000,
        deliveredUnits: 0,
        status: 'in_progress',
      };
      records.push(record);
      byId.set(event.id, record);
    } else if (event.type === 'delivered' && event.bolusId !== null) {
      const record = byId.get(event.bolusId);
      if (record !== undefined)
        record.deliveredUnits = round3(record.deliveredUnits + event.bolusMilliunits / 1000);
    } else if (event.type === 'bolus_completed' || event.type === 'bolus_cancelled') {
      const record = byId.get(event.id);
      if (record !== undefined)
        record.status = event.type === 'bolus_completed' ? 'completed' : 'cancelled';
    }
  }
  return records;
}

/** Boluses started in the `hours` before `nowMinutes`. */
export function bolusesInLastHours(
  log: readonly PumpEvent[],
  nowMinutes: number,
  hours: number,
): BolusRecord[] {
  return bolusHistory(log).filter((b) => b.at > nowMinutes - hours * 60 && b.at <= nowMinutes);
}

export function lastBolus(log: readonly PumpEvent[]): BolusRecord | null {
  return bolusHistory(log).at(-1) ?? null;
}

export interface DailyTotal {
  /** Day index from the epoch, counted in local days that start `dayStartMinutes` after it. */
  readonly day: number;
  basalUnits: number;
  bolusUnits: number;
  totalUnits: number;
  primedUnits: number;
}

/** Delivered insulin per day, from delivery events (each counted on the day its last pulse fell). */
export function dailyTotals(log: readonly PumpEvent[], dayStartMinutes = 0): DailyTotal[] {
  const days = new Map<number, { basal: number; bolus: number; primed: number }>();
  const dayOf = (at: number) => Math.floor((at - dayStartMinutes) / 1440);
  const entry = (at: number) => {
    const day = dayOf(at);
    let totals = days.get(day);
    if (totals === undefined) {
      totals = { basal: 0, bolus: 0, primed: 0 };
      days.set(day, totals);
    }
    return totals;
  };
  for (const event of log) {
    if (event.type === 'delivered') {
      const totals = entry(event.at);
      totals.basal += event.basalMilliunits;
      totals.bolus += event.bolusMilliunits;
    } else if (event.type === 'primed') {
      entry(event.at).primed += event.milliunits;
    }
  }
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, t]) => ({
      day,
      basalUnits: t.basal / 1000,
      bolusUnits: t.bolus / 1000,
      totalUnits: (t.basal + t.bolus) / 1000,
      primedUnits: t.primed / 1000,
    }));
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
