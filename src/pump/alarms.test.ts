import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PumpEngine } from './engine.ts';
import type { PumpEvent } from './events.ts';
import { DEFAULT_PUMP_SETTINGS, hourlyPattern, type PumpSettingsInput } from './settings.ts';
import { HardwareDouble, settingsWith } from './testSupport.ts';

const user = 'user' as const;
const flat = (rate: number) => [
  hourlyPattern(
    'Flat',
    Array.from({ length: 24 }, () => rate),
  ),
];

function pump(overrides: Partial<PumpSettingsInput> = {}, fillUnits = 300) {
  const hardware = new HardwareDouble();
  const engine = new PumpEngine({
    settings: settingsWith(overrides),
    startMinutes: 0,
    hardware: hardware.read,
  });
  engine.execute({ type: 'fill_reservoir', units: fillUnits }, 0);
  engine.execute({ type: 'resume', source: user }, 0);
  return { engine, hardware };
}

const raised = (log: readonly PumpEvent[], code: string) =>
  log.filter((e) => e.type === 'alarm_raised' && e.code === code);
const deliveredBetween = (log: readonly PumpEvent[], from: number, to: number) =>
  log.reduce(
    (sum, e) =>
      e.type === 'delivered' && e.at > from && e.at <= to
        ? sum + e.basalPulses + e.bolusPulses
        : sum,
    0,
  );

/** A blocked line: what the pump pushes stays in the line and raises its pressure. */
function blockLine(engine: PumpEngine, hardware: HardwareDouble, kpaPerUnit: number) {
  let trappedMilliunits = 0;
  return {
    tickTo(now: number) {
      hardware.set({ linePressureKpa: (trappedMilliunits / 1000) * kpaPerUnit });
      for (const e of engine.tick(now)) {
        if (e.type === 'delivered') trappedMilliunits += e.basalMilliunits + e.bolusMilliunits;
      }
    },
    clear() {
      trappedMilliunits = 0;
      hardware.set({ linePressureKpa: 0 });
    },
  };
}

test('occlusion at 1 U/h alarms after the threshold amount is missed, stops delivery and reports the release', () => {
  const { engine, hardware } = pump({
    basalPatterns: flat(1),
    alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 0 },
  });
  engine.tick(60);
  const line = blockLine(engine, hardware, DEFAULT_PUMP_SETTINGS.linePressureKpaPerUnit);
  for (let t = 61; t <= 60 + 5 * 60; t += 1) line.tickTo(t);
  const [alarm] = raised(engine.log, 'occlusion');
  assert.ok(alarm !== undefined && alarm.type === 'alarm_raised');
  // 3 U missed at 1 U/h: three hours after the blockage (the pump sees it at the next tick).
  assert.ok(alarm.at >= 60 + 180 && alarm.at <= 60 + 181, `alarm at ${alarm.at}`);
  assert.equal(alarm.missedMilliunits, 3000);
  assert.equal(deliveredBetween(engine.log, alarm.at, 60 + 5 * 60), 0);
  engine.execute({ type: 'acknowledge_alarm', code: 'occlusion' }, 60 + 5 * 60);
  line.clear();
  const events = engine.tick(60 + 5 * 60 + 1);
  const cleared = events.find((e) => e.type === 'alarm_cleared');
  assert.deepEqual(cleared, {
    type: 'alarm_cleared',
    at: 60 + 5 * 60 + 1,
    code: 'occlusion',
    releasedMilliunits: 3000,
  });
  engine.tick(60 + 7 * 60);
  assert.ok(
    deliveredBetween(engine.log, 60 + 5 * 60 + 1, 60 + 7 * 60) > 0,
    'delivery resumes once cleared',
  );
});

test('occlusion threshold is a setting: 1 U alarms three times sooner than 3 U', () => {
  const timeToAlarm = (thresholdUnits: number) => {
    const { engine, hardware } = pump({
      basalPatterns: flat(1),
      alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, occlusionThresholdUnits: thresholdUnits },
    });
    const line = blockLine(engine, hardware, 40);
    for (let t = 1; t <= 300; t += 1) line.tickTo(t);
    return raised(engine.log, 'occlusion')[0]?.at ?? Infinity;
  };
  assert.ok(Math.abs(timeToAlarm(1) - 60) <= 1);
  assert.ok(Math.abs(timeToAlarm(3) - 180) <= 1);
});

test('low reservoir alerts at its threshold; an empty reservoir stops delivery with no_insulin', () => {
  const { engine } = pump(
    { basalPatterns: flat(2), alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 0 } },
    25,
  );
  for (let t = 1; t <= 14 * 60; t += 1) engine.tick(t);
  const low = raised(engine.log, 'low_insulin')[0];
  const empty = raised(engine.log, 'no_insulin')[0];
  // 25 U at 2 U/h: 20 U left after 2.5 h, empty after 12.5 h.
  assert.ok(low !== undefined && Math.abs(low.at - 150) <= 1, `low at ${low?.at}`);
  assert.ok(empty !== undefined && Math.abs(empty.at - 750) <= 1, `empty at ${empty?.at}`);
  assert.equal(engine.state.reservoir.remainingPulses, 0);
  assert.equal(deliveredBetween(engine.log, empty.at, 14 * 60), 0);
});

test('battery: low_power warns first, no_power stops delivery until a new battery', () => {
  const { engine, hardware } = pump();
  hardware.set({ batteryPercent: 15 });
  engine.tick(10);
  assert.equal(raised(engine.log, 'low_power').length, 1);
  assert.equal(
    engine.state.alarms.some((a) => a.code === 'no_power'),
    false,
  );
  hardware.set({ batteryPercent: 0 });
  engine.tick(20);
  assert.equal(raised(engine.log, 'no_power').length, 1);
  for (let t = 21; t <= 120; t += 1) engine.tick(t);
  assert.equal(deliveredBetween(engine.log, 20, 120), 0);
  engine.execute({ type: 'change_battery' }, 121);
  hardware.set({ batteryPercent: 100 });
  engine.execute({ type: 'acknowledge_alarm', code: 'no_power' }, 122);
  for (let t = 123; t <= 200; t += 1) engine.tick(t);
  assert.ok(deliveredBetween(engine.log, 122, 200) > 0);
  assert.deepEqual(engine.state.alarms, []);
});

test('auto-off stops delivery after the set hours without interaction', () => {
  const { engine } = pump({ alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 5 } });
  engine.tick(10 * 60);
  const alarm = raised(engine.log, 'auto_off')[0];
  // The last interaction was the resume at minute 0; the alarm comes at exactly 5 h.
  assert.equal(alarm?.at, 300);
  assert.equal(deliveredBetween(engine.log, 300, 600), 0);
  engine.execute({ type: 'acknowledge_alarm', code: 'auto_off' }, 600);
  engine.tick(601);
  assert.deepEqual(engine.state.alarms, []);
});

test('the infusion set reminder comes at 3 days and a set change clears it', () => {
  const { engine } = pump({ alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 0 } }, 300);
  engine.tick(72 * 60 - 1);
  assert.equal(raised(engine.log, 'infusion_set_age').length, 0);
  engine.tick(72 * 60);
  assert.equal(raised(engine.log, 'infusion_set_age').length, 1);
  engine.execute({ type: 'suspend', reason: 'disconnected', source: user }, 72 * 60 + 1);
  engine.execute({ type: 'change_infusion_set' }, 72 * 60 + 2);
  engine.tick(72 * 60 + 3);
  assert.equal(
    engine.state.alarms.some((a) => a.code === 'infusion_set_age'),
    false,
  );
});

test('motor fault raises no_delivery; end of service warns at 95 % and stops at 100 %', () => {
  const { engine, hardware } = pump();
  hardware.set({ motorFault: true });
  engine.tick(5);
  assert.equal(raised(engine.log, 'no_delivery').length, 1);

  const worn = pump({ motorServiceLifeUnits: 1000 });
  worn.engine.execute({ type: 'suspend', reason: 'user', source: user }, 1);
  let now = 2;
  // Prime 30 U at a time (the motor pushes it) until 950 U have gone through the motor.
  while ((worn.engine.state.lifetime.primedPulses * 50) / 1000 < 950) {
    if (worn.engine.state.reservoir.remainingPulses < 600)
      worn.engine.execute({ type: 'fill_reservoir', units: 300 }, now);
    worn.engine.execute({ type: 'prime', target: 'tubing', units: 30 }, now);
    now += 1;
    worn.engine.tick(now);
  }
  assert.equal(raised(worn.engine.log, 'end_of_service_soon').length, 1);
  assert.equal(raised(worn.engine.log, 'end_of_service').length, 0);
  worn.engine.execute({ type: 'prime', target: 'tubing', units: 30 }, now);
  worn.engine.execute({ type: 'prime', target: 'tubing', units: 30 }, now);
  worn.engine.tick(now + 1);
  assert.equal(raised(worn.engine.log, 'end_of_service').length, 1);
});

test('a delivery-stopping alarm cancels a bolus in progress, and the missed amount counts the alarm tick', () => {
  const { engine, hardware } = pump({ basalPatterns: flat(0.1) });
  const line = blockLine(engine, hardware, DEFAULT_PUMP_SETTINGS.linePressureKpaPerUnit);
  line.tickTo(10);
  engine.execute(
    { type: 'deliver_bolus', bolus: { kind: 'normal', units: 5 }, source: 'user' },
    10,
  );
  for (let t = 11; t <= 20; t += 1) line.tickTo(t);
  const alarm = raised(engine.log, 'occlusion')[0];
  const cancelled = engine.log.find((e) => e.type === 'bolus_cancelled');
  assert.ok(
    alarm !== undefined && alarm.type === 'alarm_raised' && cancelled?.type === 'bolus_cancelled',
  );
  assert.equal(cancelled.source, 'pump');
  const pushed = engine.log.reduce(
    (s, e) => (e.type === 'delivered' && e.at > 10 ? s + e.bolusMilliunits + e.basalMilliunits : s),
    0,
  );
  // Everything pushed into the blocked line is reported missed; the rest of the bolus is not owed.
  assert.equal(alarm.missedMilliunits, pushed);
  assert.equal(
    cancelled.undeliveredMilliunits,
    5000 - engine.log.reduce((s, e) => (e.type === 'delivered' ? s + e.bolusMilliunits : s), 0),
  );
  assert.equal(engine.state.bolus, null);
});
