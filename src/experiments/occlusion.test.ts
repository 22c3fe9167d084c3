import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_PUMP_SETTINGS, type PumpEvent } from '../pump/index.ts';
import { BlockedLine } from './blockedLine.ts';
import { occlusionExperiment } from './occlusion.ts';
import { OCCLUSION_PLAN, runOcclusion, type OcclusionData } from './occlusionPlan.ts';
import { measureOcclusion } from './occlusionRun.ts';
import { benchSettings, startBenchPump } from './pumpSetup.ts';

const KPA_PER_UNIT = DEFAULT_PUMP_SETTINGS.linePressureKpaPerUnit;
const PULSE_UNITS = DEFAULT_PUMP_SETTINGS.pulseSizeUnits;
const BOLUS_UNITS_PER_MINUTE = DEFAULT_PUMP_SETTINGS.bolusSpeedUnitsPerMinute;
const TICK_MINUTES = 1;

const delivered = (milliunits: number, at = 1): PumpEvent => ({
  type: 'delivered',
  at,
  firstAt: at,
  basalPulses: milliunits / 50,
  bolusPulses: 0,
  basalMilliunits: milliunits,
  bolusMilliunits: 0,
  basalAccruedThroughSeconds: at * 60,
  basalAccumulator: 0,
  bolusId: null,
  immediatePulses: 0,
  extendedPulses: 0,
});

test('the blocked line holds only what is pushed while blocked, at the calibrated pressure', () => {
  const line = new BlockedLine({ linePressureKpaPerUnit: KPA_PER_UNIT });
  line.observe(delivered(50));
  assert.equal(line.trappedMilliunits, 0, 'an open line holds nothing');
  const openReadings = line.read(0);
  line.block();
  assert.equal(line.read(1), openReadings, 'blocking alone changes no reading');
  line.observe(delivered(50));
  line.observe(delivered(100));
  line.observe({ type: 'alarm_acknowledged', at: 3, code: 'occlusion' });
  assert.equal(line.trappedMilliunits, 150);
  assert.equal(line.read(3).linePressureKpa, 0.15 * KPA_PER_UNIT);
  assert.equal(line.read(4), line.read(5), 'no new readings object while nothing changes');
  assert.equal(line.clear(), 150);
  assert.equal(line.read(6).linePressureKpa, 0);
  line.observe(delivered(50));
  assert.equal(line.trappedMilliunits, 0, 'a cleared line is open again');
  assert.throws(() => new BlockedLine({ linePressureKpaPerUnit: 0 }), /linePressureKpaPerUnit = 0/);
});

/** One blocked pump, watched event by event, independently of the experiment's recorder. */
function blockedPump(options: { basalUnitsPerHour: number; bolusUnits: number; warmUp: number }) {
  const settings = benchSettings({ basalUnitsPerHour: options.basalUnitsPerHour });
  const line = new BlockedLine({ linePressureKpaPerUnit: settings.linePressureKpaPerUnit });
  const events: { tick: number; event: PumpEvent }[] = [];
  let tick = 0;
  const engine = startBenchPump({
    settings,
    hardware: line.read,
    onEvent: (event) => {
      line.observe(event);
      events.push({ tick, event });
    },
  });
  for (tick = 1; tick <= options.warmUp; tick += 1) engine.tick(tick);
  tick = options.warmUp;
  line.block();
  if (options.bolusUnits > 0) {
    const bolus = { kind: 'normal' as const, units: options.bolusUnits };
    engine.execute({ type: 'deliver_bolus', bolus, source: 'user' }, tick);
  }
  const pushedSince = (fromTick: number, toTick: number) =>
    events.reduce(
      (sum, { tick: t, event: e }) =>
        e.type === 'delivered' && t > fromTick && t <= toTick
          ? sum + e.basalMilliunits + e.bolusMilliunits
          : sum,
      0,
    );
  return {
    engine,
    line,
    events,
    pushedSince,
    tickTo(t: number) {
      tick = t;
      engine.tick(t);
    },
  };
}

test('the released amount is the trapped volume; the alarm stops delivery until cleared', () => {
  for (const bolusUnits of [0, 5]) {
    const warmUp = 120;
    const pump = blockedPump({ basalUnitsPerHour: 1, bolusUnits, warmUp });
    let alarmTick = -1;
    for (let t = warmUp + 1; alarmTick < 0 && t <= warmUp + 600; t += 1) {
      pump.tickTo(t);
      if (pump.events.some((e) => e.event.type === 'alarm_raised')) alarmTick = t;
    }
    assert.ok(alarmTick > 0, 'the alarm came');
    const raised = pump.events.find((e) => e.event.type === 'alarm_raised')?.event;
    assert.ok(raised?.type === 'alarm_raised' && raised.code === 'occlusion');
    // The line holds exactly what the pump pushed since the blockage.
    assert.equal(pump.line.trappedMilliunits, pump.pushedSince(warmUp, alarmTick));
    // The engine counts what it read at the start of the alarm's tick (the pulses of that tick
    // may be missing from its count, never more than the line holds).
    const missed = raised.missedMilliunits ?? -1;
    assert.ok(missed >= pump.pushedSince(warmUp, alarmTick - 1));
    assert.ok(missed <= pump.line.trappedMilliunits);
    // An hour with the alarm standing: nothing is delivered (1 U/h would be 20 pulses).
    for (let t = alarmTick + 1; t <= alarmTick + 60; t += 1) pump.tickTo(t);
    assert.equal(pump.pushedSince(alarmTick, alarmTick + 60), 0);
    pump.engine.execute({ type: 'acknowledge_alarm', code: 'occlusion' }, alarmTick + 60);
    const released = pump.line.clear();
    assert.equal(released, pump.pushedSince(warmUp, alarmTick));
    pump.tickTo(alarmTick + 61);
    const cleared = pump.events.find((e) => e.event.type === 'alarm_cleared')?.event;
    assert.ok(cleared?.type === 'alarm_cleared');
    // The engine's account misses at most the pulses of the alarm's tick (1.5 U at bolus speed).
    const inAlarmTick = pump.pushedSince(alarmTick - 1, alarmTick);
    const reported = cleared.releasedMilliunits ?? -1;
    assert.ok(reported >= released - inAlarmTick && reported <= released);
    if (bolusUnits === 0) assert.equal(reported, released, 'basal: the accounts agree');
    for (let t = alarmTick + 62; t <= alarmTick + 120; t += 1) pump.tickTo(t);
    assert.ok(pump.pushedSince(alarmTick + 61, alarmTick + 120) > 0, 'delivery resumes');
  }
});

// The N-th pulse after the blockage falls due between (N − 1) and N pulse intervals after it; it
// is delivered at the first tick at or after that moment, and read at the tick after: the alarm
// comes at most one pulse interval early and at most two ticks late.
test('time to alarm is the threshold over the rate, within one pulse and the ticks', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 10, max: 100 }).map((n) => n * 0.05),
      fc.constantFrom(0.2, 0.5, 1, 2, 3),
      fc.integer({ min: 0, max: 180 }),
      (thresholdUnits, basalUnitsPerHour, warmUpMinutes) => {
        const expected = (60 * thresholdUnits) / basalUnitsPerHour;
        const pulseIntervalMinutes = (60 * PULSE_UNITS) / basalUnitsPerHour;
        const run = measureOcclusion({
          basalUnitsPerHour,
          bolusUnits: 0,
          occlusionThresholdUnits: thresholdUnits,
          warmUpMinutes,
          horizonMinutes: 2 * expected + 60,
          responseMinutes: 5,
          followMinutes: 5,
        });
        assert.ok(run.timeToAlarmMinutes !== null, 'an alarm');
        const error = run.timeToAlarmMinutes - expected;
        assert.ok(
          error > -pulseIntervalMinutes - 1e-9 && error <= 2 * TICK_MINUTES + 1e-9,
          `${thresholdUnits} U at ${basalUnitsPerHour} U/h: ${run.timeToAlarmMinutes} min, expected ${expected}`,
        );
        assert.equal(run.deliveredWhileAlarmedMilliunits, 0);
        assert.equal(run.releasedByLineMilliunits, run.trappedAtAlarmMilliunits);
      },
    ),
    { numRuns: 30 },
  );
});

function checkExperimentData(data: OcclusionData): void {
  const thresholds = [
    ...new Set([...OCCLUSION_PLAN.thresholdsUnits, data.defaultThresholdUnits]),
  ].sort((a, b) => a - b);
  assert.deepEqual(data.thresholdsUnits, thresholds);
  assert.equal(data.measurements.length, 3 * thresholds.length);
  for (const m of data.measurements) {
    const r = m.run;
    assert.ok(r.timeToAlarmMinutes !== null, `${m.scenario} ${m.thresholdUnits} U alarmed`);
    assert.equal(r.deliveredWhileAlarmedMilliunits, 0, 'the alarm stops delivery');
    assert.equal(r.releasedByLineMilliunits, r.trappedAtAlarmMilliunits);
    assert.ok((r.missedAtAlarmMilliunits ?? 0) >= m.thresholdUnits * 1000);
    if (m.scenario === 'bolus-5') {
      // The first pulses are seen a tick after they are pushed; a tick holds 1.5 U of bolus.
      const expected = m.thresholdUnits / BOLUS_UNITS_PER_MINUTE;
      assert.ok(r.timeToAlarmMinutes >= expected && r.timeToAlarmMinutes <= expected + 2);
      // The engine counts the pulses of the alarm's own tick: it reports what the line releases.
      assert.equal(r.releasedByEngineMilliunits, r.releasedByLineMilliunits);
      // The alarm cancels the bolus: nothing of it is given after the blockage clears.
      assert.equal(r.bolusDeliveredAfterClearMilliunits, 0, 'the alarm cancelled the bolus');
    } else {
      assert.equal(r.releasedByEngineMilliunits, r.releasedByLineMilliunits);
      assert.equal(r.missedAtAlarmMilliunits, m.thresholdUnits * 1000);
    }
  }
}

test('the experiment measures every case, and its tables put published figures beside ours', () => {
  const result = occlusionExperiment.run({});
  checkExperimentData(result.data as OcclusionData);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), occlusionExperiment.run({}), 'repeatable');
  const [comparison, byThreshold, release] = result.tables;
  assert.ok(comparison !== undefined && byThreshold !== undefined && release !== undefined);
  assert.match(comparison.rows.map((r) => r.join(' ')).join('\n'), /30–35 min[\s\S]*3 h/);
  assert.match(comparison.rows[1]?.[1] ?? '', /^3 h 0[01] min$/, 'default 3 U at 1 U/h');
  for (const table of result.tables)
    for (const row of table.rows) assert.equal(row.length, table.columns.length, table.title);
  assert.equal(byThreshold.rows.length, (result.data as OcclusionData).thresholdsUnits.length);
  assert.equal(result.figures.length, 4);
  for (const figure of result.figures)
    for (const s of figure.series) assert.equal(s.y.length, figure.x.length, figure.title);
});

test('runOcclusion reports progress up to 1', () => {
  const fractions: number[] = [];
  runOcclusion({ ...OCCLUSION_PLAN, thresholdsUnits: [1] }, (f) => fractions.push(f));
  assert.equal(fractions.at(-1), 1);
  assert.ok(fractions.every((f, i) => i === 0 || f > (fractions[i - 1] ?? 0)));
});
