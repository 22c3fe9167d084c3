import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { deliveryStopped, pulseThreshold } from './basal.ts';
import type { PumpCommand } from './commands.ts';
import { PumpEngine, replay, type PumpEngineOptions } from './engine.ts';
import type { PumpEvent } from './events.ts';
import { DEFAULT_PUMP_SETTINGS } from './settings.ts';
import type { PumpState } from './state.ts';
import { HardwareDouble, settingsWith } from './testSupport.ts';

// Random command sequences, valid and invalid, with random hardware trouble in between.
const RUNS = 10_000;
// Written out here rather than imported, so the check does not share the engine's own list.
const STOPPING = new Set([
  'no_insulin',
  'no_power',
  'occlusion',
  'auto_off',
  'no_delivery',
  'end_of_service',
]);

const sourceArb = fc.constantFrom('user', 'remote', 'calculator', 'algorithm' as const);
const unitsArb = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((n) => n * 0.05),
  fc.double({ min: -1, max: 90, noNaN: true }),
);
const durationArb = fc.oneof(
  fc.integer({ min: 1, max: 32 }).map((n) => n * 15),
  fc.integer({ min: -10, max: 2000 }),
);

const commandArb: fc.Arbitrary<PumpCommand> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('deliver_bolus' as const),
      source: sourceArb,
      bolus: fc.oneof(
        fc.record({ kind: fc.constant('normal' as const), units: unitsArb }),
        fc.record({
          kind: fc.constant('extended' as const),
          units: unitsArb,
          durationMinutes: durationArb,
        }),
        fc.record({
          kind: fc.constant('dual' as const),
          immediateUnits: unitsArb,
          extendedUnits: unitsArb,
          durationMinutes: durationArb,
        }),
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('start_temp_basal' as const),
      source: sourceArb,
      tempBasal: fc.oneof(
        fc.record({
          kind: fc.constant('percent' as const),
          percent: fc.integer({ min: -10, max: 300 }),
          durationMinutes: durationArb,
        }),
        fc.record({
          kind: fc.constant('absolute' as const),
          rateUnitsPerHour: fc.double({ min: -1, max: 5, noNaN: true }),
          durationMinutes: durationArb,
        }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('cancel_temp_basal' as const), source: sourceArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('cancel_bolus' as const), source: sourceArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('suspend' as const),
      source: sourceArb,
      reason: fc.constantFrom('user', 'disconnected', 'low_glucose' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('resume' as const), source: sourceArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('fill_reservoir' as const),
      units: fc.oneof(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: -5, max: 400, noNaN: true }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('prime' as const),
      target: fc.constantFrom('tubing', 'cannula' as const),
      units: fc.oneof(
        fc.integer({ min: 1, max: 40 }).map((n) => n * 0.1),
        fc.double({ min: -1, max: 40, noNaN: true }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'change_infusion_set' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'change_battery' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('acknowledge_alarm' as const),
      code: fc.constantFrom(
        'occlusion',
        'no_power',
        'no_insulin',
        'auto_off',
        'no_delivery',
        'low_insulin',
        'low_power',
        'infusion_set_age',
        'bogus',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('select_basal_pattern' as const),
      index: fc.integer({ min: -1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('edit_basal_pattern' as const),
      index: fc.integer({ min: 0, max: 2 }),
      pattern: fc.record({
        name: fc.constant('Edited'),
        segments: fc
          .array(
            fc.record({
              startMinutes: fc.integer({ min: 0, max: 47 }).map((n) => n * 30),
              rateUnitsPerHour: fc.double({ min: 0, max: 4, noNaN: true }),
            }),
            { minLength: 1, maxLength: 6 },
          )
          .map((segments) => segments.sort((a, b) => a.startMinutes - b.startMinutes)),
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('set_clock' as const),
      localTimeMinutes: fc.integer({ min: -5, max: 1500 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('set_time_zone' as const),
      utcOffsetMinutes: fc.integer({ min: -60, max: 60 }).map((n) => n * 15),
    }),
  },
);

const stepArb = fc.record({
  advanceMinutes: fc.oneof(
    fc.integer({ min: 0, max: 240 }),
    fc.integer({ min: 0, max: 6000 }).map((s) => s / 60),
  ),
  command: commandArb,
  hardware: fc.option(
    fc.record({
      batteryPercent: fc.constantFrom(100, 60, 15, 0),
      linePressureKpa: fc.constantFrom(0, 0, 50, 200),
      motorFault: fc.constantFrom(false, false, false, true),
    }),
    { freq: 4 },
  ),
});

const setupArb = fc.record({
  fillUnits: fc.integer({ min: 1, max: 150 }),
  setChangeReminderHours: fc.integer({ min: 24, max: 72 }),
  autoOffHours: fc.constantFrom(0, 5, 12),
  pulseSizeUnits: fc.constantFrom(0.01, 0.025, 0.05, 0.1),
  rates: fc.array(
    fc.integer({ min: 0, max: 60 }).map((n) => n * 0.05),
    { minLength: 24, maxLength: 24 },
  ),
});

test('listeners hear every logged event once, in order; onDelivery takes the deliveries apart', () => {
  fc.assert(
    fc.property(setupArb, fc.array(stepArb, { minLength: 1, maxLength: 20 }), (setup, steps) => {
      const heard: PumpEvent[] = [];
      const deliveries: PumpEvent[] = [];
      const engines = [
        { onEvent: (e: PumpEvent) => heard.push(e) },
        { onEvent: (e: PumpEvent) => heard.push(e), onDelivery: (e: PumpEvent) => heard.push(e) },
        {
          onEvent: (e: PumpEvent) => heard.push(e),
          onDelivery: (e: PumpEvent) => deliveries.push(e),
        },
      ].map((listeners) => {
        heard.length = 0;
        deliveries.length = 0;
        const hardware = new HardwareDouble();
        const engine = startedPump(setup, { hardware, listeners });
        let now = 0;
        for (const step of steps) {
          for (let t = Math.ceil(now); t < now + step.advanceMinutes; t += 1) engine.tick(t);
          now += step.advanceMinutes;
          if (step.hardware !== null) hardware.set(step.hardware);
          engine.execute(step.command, now);
        }
        return { log: engine.log, heard: [...heard], deliveries: [...deliveries] };
      });
      for (const { log, heard } of engines.slice(0, 2)) assert.deepEqual(heard, log);
      const apart = engines[2]!;
      assert.deepEqual(
        apart.heard,
        apart.log.filter((e) => e.type !== 'delivered'),
      );
      assert.deepEqual(
        apart.deliveries,
        apart.log.filter((e) => e.type === 'delivered'),
      );
    }),
    { numRuns: 200 },
  );
});

test('settle delivers as tick does and counts the events tick returns', () => {
  fc.assert(
    fc.property(setupArb, fc.array(stepArb, { minLength: 1, maxLength: 20 }), (setup, steps) => {
      const hardware = [new HardwareDouble(), new HardwareDouble()];
      const [ticked, settled] = hardware.map((h) => startedPump(setup, { hardware: h }));
      let now = 0;
      for (const step of steps) {
        for (let t = Math.ceil(now); t < now + step.advanceMinutes; t += 1) {
          const before = ticked!.log.length;
          const events = ticked!.tick(t);
          assert.deepEqual(events, ticked!.log.slice(before));
          assert.equal(settled!.settle(t), events.length);
        }
        now += step.advanceMinutes;
        for (const h of hardware) if (step.hardware !== null) h.set(step.hardware);
        ticked!.execute(step.command, now);
        settled!.execute(step.command, now);
      }
      assert.deepEqual(settled!.log, ticked!.log);
    }),
    { numRuns: 200 },
  );
});

function checkReservoir(state: PumpState): void {
  const r = state.reservoir;
  assert.ok(r.remainingPulses >= 0, 'reservoir never negative');
  assert.equal(r.filledPulses, r.deliveredPulses + r.primedPulses + r.remainingPulses);
  const l = state.lifetime;
  assert.equal(
    l.filledPulses,
    l.deliveredPulses + l.primedPulses + r.remainingPulses + l.discardedPulses,
  );
  assert.equal(l.deliveredPulses, l.basalPulses + l.bolusPulses);
}

/** A filled, running pump with the setup's pulse size, basal pattern and alert settings. */
function startedPump(
  setup: typeof setupArb extends fc.Arbitrary<infer T> ? T : never,
  options: {
    hardware: HardwareDouble;
    inspect?: typeof inspect;
    skipQuietTicks?: boolean;
    listeners?: Pick<PumpEngineOptions, 'onEvent' | 'onDelivery'>;
  },
): PumpEngine {
  const settings = settingsWith({
    pulseSizeUnits: setup.pulseSizeUnits,
    alerts: {
      ...DEFAULT_PUMP_SETTINGS.alerts,
      setChangeReminderHours: setup.setChangeReminderHours,
      autoOffHours: setup.autoOffHours,
    },
    basalPatterns: [
      {
        name: 'Random',
        segments: setup.rates.map((rateUnitsPerHour, hour) => ({
          startMinutes: hour * 60,
          rateUnitsPerHour,
        })),
      },
    ],
  });
  const engine = new PumpEngine({
    settings,
    startMinutes: 0,
    hardware: options.hardware.read,
    ...(options.inspect === undefined ? {} : { inspect: options.inspect }),
    ...(options.skipQuietTicks === undefined ? {} : { skipQuietTicks: options.skipQuietTicks }),
    ...options.listeners,
  });
  // Most sequences start from a working pump, so delivery paths are exercised.
  engine.execute({ type: 'fill_reservoir', units: setup.fillUnits }, 0);
  engine.execute({ type: 'resume', source: 'user' }, 0);
  return engine;
}

/** Checks each event against the state it applies to: the limits no event may break. */
function inspect(event: PumpEvent, before: PumpState): void {
  const settings = before.settings;
  const key = event.type === 'alarm_raised' ? `alarm_raised:${event.code}` : event.type;
  seen.set(key, (seen.get(key) ?? 0) + 1);
  assert.equal(
    before.rateRule.mode === 'zero',
    deliveryStopped(before),
    'the rule in force is zero exactly while delivery is stopped (the tick reads it so)',
  );
  if (event.type === 'delivered') {
    assert.equal(before.suspended, null, 'no delivery while suspended');
    const stopping = before.alarms.filter((a) => STOPPING.has(a.code));
    assert.deepEqual(stopping, [], 'no delivery after a delivery-stopping alarm');
    assert.ok(before.reservoir.remainingPulses > 0, 'no delivery from an empty reservoir');
    assert.ok(
      event.basalPulses + event.bolusPulses <= before.reservoir.remainingPulses,
      'never more than the reservoir holds',
    );
    const threshold = pulseThreshold(settings.pulseMilliunits);
    const span = event.basalAccruedThroughSeconds - before.basal.accruedThroughSeconds;
    const allowed = before.basal.accumulator + settings.maxBasalMilliunitsPerHour * 100 * span;
    assert.ok(event.basalPulses * threshold <= allowed, 'basal never above the maximum basal rate');
    assert.ok(
      event.basalAccumulator >= 0 && event.basalAccumulator < threshold,
      'remainder under one pulse',
    );
  }
  if (event.type === 'bolus_started') {
    const total = event.immediateMilliunits + event.extendedMilliunits;
    assert.ok(total <= settings.maxBolusMilliunits, 'no bolus above the maximum bolus');
    assert.ok(total > 0 && total % settings.pulseMilliunits === 0, 'boluses are whole pulses');
  }
}

/** What the sequences reached: a generator that never reaches a path tests nothing there. */
const seen = new Map<string, number>();
const MUST_BE_REACHED = [
  'delivered',
  'bolus_started',
  'bolus_completed',
  'bolus_cancelled',
  'temp_basal_started',
  'temp_basal_ended',
  'suspended',
  'reservoir_filled',
  'primed',
  'alarm_raised:occlusion',
  'alarm_raised:no_power',
  'alarm_raised:no_insulin',
  'alarm_raised:no_delivery',
  'alarm_raised:auto_off',
  'alarm_raised:low_insulin',
  'alarm_raised:infusion_set_age',
  'alarm_acknowledged',
  'alarm_cleared',
  'basal_pattern_edited',
  'time_zone_set',
  'command_refused',
];

test(`${RUNS} random command sequences keep every pump invariant and replay to the live state`, () => {
  fc.assert(
    fc.property(setupArb, fc.array(stepArb, { minLength: 1, maxLength: 30 }), (setup, steps) => {
      const hardware = new HardwareDouble();
      const engine = startedPump(setup, { hardware, inspect });
      let now = 0;
      for (const step of steps) {
        now += step.advanceMinutes;
        if (step.hardware !== null) hardware.set(step.hardware);
        engine.tick(now);
        const before = structuredClone(engine.state);
        const logLength = engine.log.length;
        const decision = engine.execute(step.command, now);
        if (!decision.ok) {
          seen.set('command_refused', (seen.get('command_refused') ?? 0) + 1);
          assert.deepEqual(engine.state, before, `a refused ${step.command.type} changes nothing`);
          assert.equal(engine.log.length, logLength + 1, 'a refusal leaves only itself in the log');
        }
        checkReservoir(engine.state);
      }
      engine.tick(now + 600);
      checkReservoir(engine.state);
      assert.deepEqual(replay(engine.log), engine.state);
    }),
    { numRuns: RUNS },
  );
  const missing = MUST_BE_REACHED.filter((key) => (seen.get(key) ?? 0) === 0);
  assert.deepEqual(missing, [], 'every path of interest was exercised');
});

test('skipping quiet ticks changes nothing: the same sequences give the same log either way', () => {
  fc.assert(
    fc.property(setupArb, fc.array(stepArb, { minLength: 1, maxLength: 30 }), (setup, steps) => {
      const logs = [true, false].map((skipQuietTicks) => {
        const hardware = new HardwareDouble();
        const engine = startedPump(setup, { hardware, skipQuietTicks });
        let now = 0;
        for (const step of steps) {
          // Tick every minute between commands, as the simulator does.
          const end = now + step.advanceMinutes;
          for (let t = Math.ceil(now); t < end; t += 1) engine.tick(t);
          now = end;
          if (step.hardware !== null) hardware.set(step.hardware);
          engine.execute(step.command, now);
        }
        return engine.log;
      });
      assert.deepEqual(logs[0], logs[1]);
    }),
    { numRuns: 300 },
  );
});
