import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PumpCommand } from './commands.ts';
import { PumpEngine } from './engine.ts';
import { REFUSAL_CODES, type RefusalCode } from './refusals.ts';
import { DEFAULT_PUMP_SETTINGS } from './settings.ts';
import { HardwareDouble, settingsWith } from './testSupport.ts';

interface Row {
  code: RefusalCode;
  /** Brings a fresh, filled and running pump to the state the row needs. */
  setup?: (engine: PumpEngine, hardware: HardwareDouble) => void;
  command: PumpCommand;
  field: string;
  allowed: RegExp;
}

const user = 'user' as const;
const normal = (units: number): PumpCommand => ({
  type: 'deliver_bolus',
  bolus: { kind: 'normal', units },
  source: user,
});

// One row per refusal code: the command, the state it meets, and what the refusal must say.
const TABLE: Row[] = [
  { code: 'out_of_range', command: normal(-1), field: 'bolus.units', allowed: /0\.05–75 U/ },
  {
    code: 'not_a_step_multiple',
    command: normal(1.02),
    field: 'bolus.units',
    allowed: /multiple of 0\.05 U/,
  },
  {
    code: 'invalid_schedule',
    command: {
      type: 'edit_basal_pattern',
      index: 1,
      pattern: {
        name: 'Bad',
        segments: [
          { startMinutes: 0, rateUnitsPerHour: 1 },
          { startMinutes: 45, rateUnitsPerHour: 1 },
        ],
      },
    },
    field: 'pattern.segments.1.startMinutes',
    allowed: /multiple of 30/,
  },
  {
    code: 'bolus_above_max_bolus',
    command: normal(15.05),
    field: 'bolus',
    allowed: /at most 15 U/,
  },
  {
    code: 'bolus_above_max_hourly',
    setup: (e) => {
      e.execute(normal(15), 10);
      e.tick(30);
      e.execute(normal(14), 31);
      e.tick(50);
    },
    command: normal(2),
    field: 'bolus',
    allowed: /30 U per hour, 29 U given/,
  },
  {
    code: 'iob_above_max_for_automation',
    setup: (e) => {
      e.execute(normal(5), 10);
      e.tick(20);
    },
    command: { type: 'deliver_bolus', bolus: { kind: 'normal', units: 2 }, source: 'algorithm' },
    field: 'bolus',
    allowed: /maximum 6 U/,
  },
  {
    code: 'rate_above_max_basal',
    command: {
      type: 'start_temp_basal',
      tempBasal: { kind: 'absolute', rateUnitsPerHour: 3.5, durationMinutes: 30 },
      source: user,
    },
    field: 'tempBasal.rateUnitsPerHour',
    allowed: /0–3 U\/h/,
  },
  {
    code: 'insufficient_insulin',
    setup: (e) => {
      e.execute({ type: 'suspend', reason: 'user', source: user }, 5);
      e.execute({ type: 'fill_reservoir', units: 4 }, 6);
      e.execute({ type: 'resume', source: user }, 7);
    },
    command: normal(5),
    field: 'bolus',
    allowed: /left in the reservoir/,
  },
  {
    code: 'delivery_stopped',
    setup: (e, hw) => {
      hw.set({ motorFault: true });
      e.tick(10);
    },
    command: normal(1),
    field: 'state.alarms',
    allowed: /no delivery-stopping alarm/,
  },
  {
    code: 'suspended',
    setup: (e) => e.execute({ type: 'suspend', reason: 'disconnected', source: user }, 5),
    command: normal(1),
    field: 'state.suspended',
    allowed: /resume first/,
  },
  {
    code: 'not_suspended',
    command: { type: 'fill_reservoir', units: 100 },
    field: 'state.suspended',
    allowed: /suspend before/,
  },
  {
    code: 'bolus_in_progress',
    setup: (e) =>
      e.execute(
        {
          type: 'deliver_bolus',
          bolus: { kind: 'extended', units: 3, durationMinutes: 120 },
          source: user,
        },
        5,
      ),
    command: normal(1),
    field: 'state.bolus',
    allowed: /cancel it first/,
  },
  {
    code: 'no_bolus_in_progress',
    command: { type: 'cancel_bolus', source: user },
    field: 'state.bolus',
    allowed: /a bolus in progress/,
  },
  {
    code: 'no_temp_basal',
    command: { type: 'cancel_temp_basal', source: user },
    field: 'state.tempBasal',
    allowed: /temporary basal/,
  },
  {
    code: 'alarm_not_active',
    command: { type: 'acknowledge_alarm', code: 'occlusion' },
    field: 'code',
    allowed: /none active/,
  },
];

test('the refusal table has one row for every refusal code', () => {
  assert.deepEqual(TABLE.map((row) => row.code).sort(), [...REFUSAL_CODES].sort());
});

for (const row of TABLE) {
  test(`refusal ${row.code}: names the field and the allowed range, changes nothing, is logged`, () => {
    const hardware = new HardwareDouble();
    const engine = new PumpEngine({
      settings: settingsWith(),
      startMinutes: 0,
      hardware: hardware.read,
    });
    engine.execute({ type: 'fill_reservoir', units: 200 }, 0);
    engine.execute({ type: 'resume', source: user }, 1);
    row.setup?.(engine, hardware);
    const now = 60;
    engine.tick(now);
    const before = structuredClone(engine.state);
    const logLength = engine.log.length;
    const decision = engine.execute(row.command, now);
    assert.equal(decision.ok, false);
    if (decision.ok) return;
    assert.equal(decision.refusal.code, row.code);
    assert.equal(decision.refusal.field, row.field);
    assert.match(decision.refusal.allowed, row.allowed);
    assert.deepEqual(engine.state, before);
    assert.equal(engine.log.length, logLength + 1);
    assert.deepEqual(engine.log.at(-1), {
      type: 'command_refused',
      at: now,
      command: row.command.type,
      refusal: decision.refusal,
    });
  });
}

test('settings out of range are refused with the field path and range', () => {
  const engine = new PumpEngine({ settings: settingsWith(), startMinutes: 0 });
  const decision = engine.execute(
    {
      type: 'update_settings',
      settings: { ...structuredClone(DEFAULT_PUMP_SETTINGS), maxBolusUnits: 80 },
    },
    0,
  );
  assert.equal(decision.ok, false);
  if (!decision.ok) {
    assert.equal(decision.refusal.field, 'settings.maxBolusUnits');
    assert.equal(decision.refusal.value, '80');
    assert.match(decision.refusal.allowed, /0\.1–75 U/);
  }
});
