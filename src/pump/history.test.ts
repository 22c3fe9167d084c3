import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PumpEngine, replay } from './engine.ts';
import { bolusesInLastHours, dailyTotals, lastBolus } from './history.ts';
import { settingsWith } from './testSupport.ts';

const user = 'user' as const;

function dayWithBoluses() {
  const engine = new PumpEngine({ settings: settingsWith(), startMinutes: 0 });
  engine.execute({ type: 'fill_reservoir', units: 300 }, 0);
  engine.execute({ type: 'prime', target: 'tubing', units: 12 }, 1);
  engine.execute({ type: 'resume', source: user }, 2);
  engine.execute(
    { type: 'deliver_bolus', bolus: { kind: 'normal', units: 4 }, source: user },
    7 * 60,
  );
  engine.execute(
    {
      type: 'deliver_bolus',
      bolus: { kind: 'extended', units: 2, durationMinutes: 60 },
      source: 'remote',
    },
    12 * 60,
  );
  engine.execute({ type: 'cancel_bolus', source: user }, 12 * 60 + 30);
  engine.execute(
    {
      type: 'deliver_bolus',
      bolus: { kind: 'dual', immediateUnits: 1, extendedUnits: 1, durationMinutes: 30 },
      source: 'calculator',
    },
    19 * 60,
  );
  engine.tick(26 * 60);
  return engine;
}

test('history: the last bolus and the boluses of the last hours, with what went in', () => {
  const { log } = dayWithBoluses();
  const last = lastBolus(log);
  assert.equal(last?.kind, 'dual');
  assert.equal(last?.status, 'completed');
  assert.equal(last?.deliveredUnits, 2);
  const recent = bolusesInLastHours(log, 13 * 60, 8);
  assert.deepEqual(
    recent.map((b) => [b.kind, b.status, b.source]),
    [
      ['normal', 'completed', 'user'],
      ['extended', 'cancelled', 'remote'],
    ],
  );
  // Cancelled half-way: 1 U of the 2 U extended bolus went in.
  assert.equal(recent[1]?.deliveredUnits, 1);
  assert.equal(recent[1]?.programmedUnits, 2);
});

test('history: daily totals split basal and bolus and agree with the pump ledger', () => {
  const engine = dayWithBoluses();
  const days = dailyTotals(engine.log);
  assert.equal(days.length, 2);
  const sum = days.reduce((s, d) => s + d.totalUnits, 0);
  assert.ok(Math.abs(sum - (engine.state.lifetime.deliveredPulses * 50) / 1000) < 1e-9);
  assert.equal(days[0]?.bolusUnits, 7);
  assert.equal(days[0]?.primedUnits, 12);
  // Basal 0.8 U/h from minute 2 to the end of day 0: 1438 min → 19.17 U, 19.15 U in whole pulses.
  assert.equal(days[0]?.basalUnits, 19.15);
  assert.deepEqual(replay(engine.log), engine.state);
});
