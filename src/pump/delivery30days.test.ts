import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PumpCommand } from './commands.ts';
import { PumpEngine } from './engine.ts';
import { DEFAULT_PUMP_SETTINGS } from './settings.ts';
import { DAY_RATES_UNITS_PER_HOUR, dayPattern, settingsWith } from './testSupport.ts';

// Thirty days of a 24-segment pattern, daily temporary basals, every bolus type, and a reservoir
// change every third day: what was delivered must equal what was programmed, to the pulse.

const DAYS = 30;
const PULSE_MILLIUNITS = 50;
const user = 'user' as const;

interface Temp {
  startMinute: number;
  durationMinutes: number;
  percent?: number;
  rateMilliunitsPerHour?: number;
}

/** Each day's temps, in minutes of the day (on odd days a second one, absolute). */
function tempsOfDay(day: number): Temp[] {
  const temps: Temp[] = [{ startMinute: 3 * 60, durationMinutes: 120, percent: 150 }];
  if (day % 2 === 1)
    temps.push({ startMinute: 16 * 60, durationMinutes: 60, rateMilliunitsPerHour: 300 });
  return temps;
}

const isRefillDay = (day: number) => day % 3 === 2;
const REFILL = { startMinute: 8 * 60, minutes: 5 };

/** The programmed basal, integrated second by second, in (mU/h)·percent·s. */
function programmedBasalScaled(): number {
  const rates = DAY_RATES_UNITS_PER_HOUR.map((u) => Math.round(u * 1000));
  let total = 0;
  for (let day = 0; day < DAYS; day += 1) {
    const temps = tempsOfDay(day);
    for (let second = 0; second < 86_400; second += 1) {
      const minute = second / 60;
      if (
        isRefillDay(day) &&
        minute >= REFILL.startMinute &&
        minute < REFILL.startMinute + REFILL.minutes
      )
        continue;
      const scheduled = rates[Math.floor(second / 3600)] ?? 0;
      const temp = temps.find(
        (t) => minute >= t.startMinute && minute < t.startMinute + t.durationMinutes,
      );
      if (temp === undefined) total += scheduled * 100;
      else if (temp.percent !== undefined) total += scheduled * temp.percent;
      else total += (temp.rateMilliunitsPerHour ?? 0) * 100;
    }
  }
  return total;
}

function commandsOfDay(day: number): Map<number, PumpCommand[]> {
  const at = new Map<number, PumpCommand[]>();
  const add = (minute: number, command: PumpCommand) =>
    at.set(minute, [...(at.get(minute) ?? []), command]);
  add(7 * 60, { type: 'deliver_bolus', bolus: { kind: 'normal', units: 4 }, source: user });
  add(12 * 60, {
    type: 'deliver_bolus',
    bolus: { kind: 'extended', units: 3, durationMinutes: 120 },
    source: user,
  });
  add(19 * 60, {
    type: 'deliver_bolus',
    bolus: { kind: 'dual', immediateUnits: 2, extendedUnits: 2.35, durationMinutes: 90 },
    source: user,
  });
  for (const temp of tempsOfDay(day)) {
    const tempBasal =
      temp.percent !== undefined
        ? { kind: 'percent' as const, percent: temp.percent, durationMinutes: temp.durationMinutes }
        : {
            kind: 'absolute' as const,
            rateUnitsPerHour: (temp.rateMilliunitsPerHour ?? 0) / 1000,
            durationMinutes: temp.durationMinutes,
          };
    add(temp.startMinute, { type: 'start_temp_basal', tempBasal, source: user });
  }
  if (isRefillDay(day)) {
    add(REFILL.startMinute, { type: 'suspend', reason: 'user', source: user });
    add(REFILL.startMinute + 1, { type: 'fill_reservoir', units: 300 });
    add(REFILL.startMinute + 2, { type: 'prime', target: 'tubing', units: 10 });
    add(REFILL.startMinute + REFILL.minutes, { type: 'resume', source: user });
  }
  return at;
}

test('30 days: delivered basal and bolus equal the programmed amounts exactly, in pulses', () => {
  const settings = settingsWith({
    basalPatterns: [dayPattern()],
    alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 0 },
  });
  assert.equal(settings.pulseMilliunits, PULSE_MILLIUNITS);
  const engine = new PumpEngine({ settings, startMinutes: 0, keepLog: false });
  engine.execute({ type: 'fill_reservoir', units: 300 }, 0);
  engine.execute({ type: 'resume', source: user }, 0);
  let bolusPulsesProgrammed = 0;
  for (let day = 0; day < DAYS; day += 1) {
    const commands = commandsOfDay(day);
    for (let minute = 0; minute < 1440; minute += 1) {
      const now = day * 1440 + minute;
      engine.tick(now);
      for (const command of commands.get(minute) ?? []) {
        const decision = engine.execute(command, now);
        assert.ok(decision.ok, `day ${day} minute ${minute}: ${JSON.stringify(decision)}`);
        if (command.type === 'deliver_bolus') {
          const b = command.bolus;
          const units = b.kind === 'dual' ? b.immediateUnits + b.extendedUnits : b.units;
          bolusPulsesProgrammed += Math.round((units * 1000) / PULSE_MILLIUNITS);
        }
      }
    }
  }
  engine.tick(DAYS * 1440);
  const threshold = PULSE_MILLIUNITS * 3600 * 100;
  const basalPulsesProgrammed = Math.floor(programmedBasalScaled() / threshold);
  assert.equal(engine.state.lifetime.basalPulses, basalPulsesProgrammed);
  assert.equal(engine.state.lifetime.bolusPulses, bolusPulsesProgrammed);
  assert.equal(engine.state.bolus, null);
  const r = engine.state.reservoir;
  assert.equal(r.filledPulses, r.deliveredPulses + r.primedPulses + r.remainingPulses);
});
