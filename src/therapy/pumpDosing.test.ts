import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_PUMP_SETTINGS,
  PumpEngine,
  type EventOf,
  type PumpCommand,
  type PumpEvent,
} from '../pump/index.ts';
import { Rng } from '../random/rng.ts';
import { PumpDosing } from './pumpDosing.ts';
import type { TherapyContext } from './types.ts';

/**
 * A pump on its own whose first reservoir raises the low-reservoir alert (25 U less 10 U of
 * tubing priming is below the 20 U alert), the dosing's commands recorded, a clock the test
 * moves, and the person's later answer to that alert.
 */
function withLowReservoirAlert() {
  const events: PumpEvent[] = [];
  const pump = PumpEngine.fromInput(DEFAULT_PUMP_SETTINGS, {
    startMinutes: 0,
    onEvent: (event) => events.push(event),
  });
  const commands: PumpCommand[] = [];
  const context = {
    nowMinutes: 0,
    minuteOfDay: 0,
    rng: new Rng(1),
    cgm: null,
    pump,
    measureGlucose: () => 120,
    feelsBelowMgdl: () => false,
    measureKetones: () => 0,
    command(command: PumpCommand): boolean {
      commands.push(command);
      return pump.execute(command, this.nowMinutes).ok;
    },
    inject: () => {},
    eat: () => {},
    eatBedtimeSnack: () => {},
    log: () => {},
    bolusGiven: () => {},
    deliverySuspected: () => {},
    replacePump: () => {},
  } satisfies TherapyContext;
  const dosing = new PumpDosing({ setChangeHours: 72, fillUnits: 25, pumpReplacementHours: 24 });
  dosing.setup(context);
  pump.tick(1);
  const alert = events.find(
    (e): e is EventOf<'alarm_raised'> => e.type === 'alarm_raised' && e.code === 'low_insulin',
  );
  assert.ok(alert !== undefined);
  /** The commands of the person's answer to the alert at `atMinutes`. */
  const answerAt = (atMinutes: number): PumpCommand[] => {
    context.nowMinutes = atMinutes;
    commands.length = 0;
    dosing.react(context, alert);
    return commands;
  };
  return { pump, context, answerAt };
}

test('a low-reservoir alert is answered with a new reservoir while it stands', () => {
  const commands = withLowReservoirAlert().answerAt(5);
  assert.deepEqual(commands[0], { type: 'acknowledge_alarm', code: 'low_insulin' });
  assert.ok(commands.some((c) => c.type === 'fill_reservoir'));
});

test('an alert whose cause went before the person looked is left alone', () => {
  const { pump, context, answerAt } = withLowReservoirAlert();
  // A full reservoir in between clears the alert.
  context.nowMinutes = 2;
  context.command({ type: 'suspend', reason: 'user', source: 'user' });
  context.command({ type: 'fill_reservoir', units: 200 });
  context.command({ type: 'resume', source: 'user' });
  pump.tick(3);
  assert.equal(
    pump.state.alarms.some((a) => a.code === 'low_insulin'),
    false,
  );
  assert.deepEqual(answerAt(5), []);
});
