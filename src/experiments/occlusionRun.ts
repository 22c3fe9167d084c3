// One occlusion measurement in the manner of IEC 60601-2-24 (time to occlusion alarm; bolus
// released after the occlusion is cleared), on the pump engine with a `BlockedLine` as its
// hardware. The engine is ticked every minute, as the simulator ticks it.
//
// Course: the pump runs its flat basal for `warmUpMinutes`; the line blocks just after the tick
// at the end of the warm-up (for a bolus case the bolus is programmed at that same moment, into
// the blocked line); the engine is ticked until the occlusion alarm or `horizonMinutes`; the alarm
// is answered `responseMinutes` later (acknowledged, and the blockage cleared, which releases what
// the line holds); then the pump is followed `followMinutes` more.
import type { PumpEvent } from '../pump/index.ts';
import { BlockedLine } from './blockedLine.ts';
import { benchSettings, mustAccept, startBenchPump } from './pumpSetup.ts';

/** The engine's tick: every simulated minute, as the simulator runs it. */
export const TICK_MINUTES = 1;

export interface OcclusionCase {
  readonly basalUnitsPerHour: number;
  /** A normal bolus programmed when the line blocks; 0 for a basal-only case. */
  readonly bolusUnits: number;
  readonly occlusionThresholdUnits: number;
  readonly warmUpMinutes: number;
  readonly horizonMinutes: number;
  readonly responseMinutes: number;
  readonly followMinutes: number;
}

/**
 * A minute-by-minute record of the line from the blockage until the alarm is answered (index i =
 * minute i after the blockage).
 */
export interface LineTrace {
  /** What the line holds after each tick, milliunits. */
  readonly trappedMilliunits: number[];
  /** What the engine has read from the pressure sensor at each tick, milliunits held back. */
  readonly readMilliunits: number[];
}

export interface OcclusionRun {
  readonly blockedAtMinutes: number;
  /** Null when no alarm came within the horizon. */
  readonly alarmAtMinutes: number | null;
  readonly timeToAlarmMinutes: number | null;
  /** The missed insulin the engine put in its alarm (`alarm_raised.missedMilliunits`). */
  readonly missedAtAlarmMilliunits: number | null;
  /** What the line held at the end of the tick that raised the alarm. */
  readonly trappedAtAlarmMilliunits: number | null;
  /** Pulses pushed in the tick that raised the alarm (the engine read the sensor before them). */
  readonly pushedInAlarmTickMilliunits: number | null;
  /** Delivered between the alarm and its clearing: a stopping alarm must make this 0. */
  readonly deliveredWhileAlarmedMilliunits: number;
  /** The engine's account of the release (`alarm_cleared.releasedMilliunits`). */
  readonly releasedByEngineMilliunits: number | null;
  /** What the line held and released when the blockage cleared. */
  readonly releasedByLineMilliunits: number | null;
  readonly clearedAtMinutes: number | null;
  /** Bolus pulses delivered after the alarm cleared (an interrupted bolus the engine resumed). */
  readonly bolusDeliveredAfterClearMilliunits: number;
  readonly trace: LineTrace;
}

interface Recorder {
  alarm: { at: number; missedMilliunits: number } | null;
  cleared: { at: number; releasedMilliunits: number } | null;
  deliveredThisTickMilliunits: number;
  bolusThisTickMilliunits: number;
}

function recordEvent(recorder: Recorder, event: PumpEvent): void {
  if (event.type === 'delivered') {
    recorder.deliveredThisTickMilliunits += event.basalMilliunits + event.bolusMilliunits;
    recorder.bolusThisTickMilliunits += event.bolusMilliunits;
  } else if (event.type === 'alarm_raised' && event.code === 'occlusion') {
    recorder.alarm = { at: event.at, missedMilliunits: event.missedMilliunits ?? 0 };
  } else if (event.type === 'alarm_cleared' && event.code === 'occlusion') {
    recorder.cleared = { at: event.at, releasedMilliunits: event.releasedMilliunits ?? 0 };
  }
}

/** Runs one case; pure and deterministic (the engine has no randomness). */
export function measureOcclusion(c: OcclusionCase): OcclusionRun {
  const settings = benchSettings({
    basalUnitsPerHour: c.basalUnitsPerHour,
    occlusionThresholdUnits: c.occlusionThresholdUnits,
  });
  const line = new BlockedLine({ linePressureKpaPerUnit: settings.linePressureKpaPerUnit });
  const rec: Recorder = {
    alarm: null,
    cleared: null,
    deliveredThisTickMilliunits: 0,
    bolusThisTickMilliunits: 0,
  };
  const engine = startBenchPump({
    settings,
    hardware: line.read,
    onEvent: (event) => {
      line.observe(event);
      recordEvent(rec, event);
    },
  });
  const tickTo = (minute: number): void => {
    rec.deliveredThisTickMilliunits = 0;
    rec.bolusThisTickMilliunits = 0;
    engine.tick(minute);
  };
  for (let t = TICK_MINUTES; t <= c.warmUpMinutes; t += TICK_MINUTES) tickTo(t);
  const blockedAt = c.warmUpMinutes;
  line.block();
  if (c.bolusUnits > 0) {
    const bolus = { kind: 'normal' as const, units: c.bolusUnits };
    mustAccept(
      engine.execute({ type: 'deliver_bolus', bolus, source: 'user' }, blockedAt),
      'bolus',
    );
  }
  const trace: LineTrace = { trappedMilliunits: [0], readMilliunits: [0] };
  let t = blockedAt;
  let pushedInAlarmTick: number | null = null;
  while (rec.alarm === null && t < blockedAt + c.horizonMinutes) {
    t += TICK_MINUTES;
    const readBefore = line.trappedMilliunits;
    tickTo(t);
    trace.readMilliunits.push(readBefore);
    trace.trappedMilliunits.push(line.trappedMilliunits);
    if (rec.alarm !== null) pushedInAlarmTick = rec.deliveredThisTickMilliunits;
  }
  const alarm = rec.alarm;
  if (alarm === null) return unalarmed(blockedAt, trace);
  const trappedAtAlarm = line.trappedMilliunits;
  const answered = answerAlarm({ c, engine, line, rec, tickTo, alarmAt: alarm.at, trace });
  return {
    blockedAtMinutes: blockedAt,
    alarmAtMinutes: alarm.at,
    timeToAlarmMinutes: alarm.at - blockedAt,
    missedAtAlarmMilliunits: alarm.missedMilliunits,
    trappedAtAlarmMilliunits: trappedAtAlarm,
    pushedInAlarmTickMilliunits: pushedInAlarmTick,
    ...answered,
    trace,
  };
}

/** The user answers: acknowledges, clears the blockage; the pump is then followed. */
function answerAlarm(o: {
  c: OcclusionCase;
  engine: ReturnType<typeof startBenchPump>;
  line: BlockedLine;
  rec: Recorder;
  tickTo: (minute: number) => void;
  alarmAt: number;
  trace: LineTrace;
}) {
  const { c, engine, line, rec, tickTo, trace } = o;
  let deliveredWhileAlarmed = 0;
  const answerAt = o.alarmAt + c.responseMinutes;
  for (let t = o.alarmAt + TICK_MINUTES; t <= answerAt; t += TICK_MINUTES) {
    trace.readMilliunits.push(line.trappedMilliunits);
    tickTo(t);
    trace.trappedMilliunits.push(line.trappedMilliunits);
    deliveredWhileAlarmed += rec.deliveredThisTickMilliunits;
  }
  mustAccept(engine.execute({ type: 'acknowledge_alarm', code: 'occlusion' }, answerAt), 'ack');
  const releasedByLine = line.clear();
  let bolusAfterClear = 0;
  for (let t = answerAt + TICK_MINUTES; t <= answerAt + c.followMinutes; t += TICK_MINUTES) {
    tickTo(t);
    if (rec.cleared !== null) bolusAfterClear += rec.bolusThisTickMilliunits;
  }
  const cleared = rec.cleared as Recorder['cleared'];
  return {
    deliveredWhileAlarmedMilliunits: deliveredWhileAlarmed,
    releasedByEngineMilliunits: cleared?.releasedMilliunits ?? null,
    releasedByLineMilliunits: releasedByLine,
    clearedAtMinutes: cleared?.at ?? null,
    bolusDeliveredAfterClearMilliunits: bolusAfterClear,
  };
}

function unalarmed(blockedAt: number, trace: LineTrace): OcclusionRun {
  return {
    blockedAtMinutes: blockedAt,
    alarmAtMinutes: null,
    timeToAlarmMinutes: null,
    missedAtAlarmMilliunits: null,
    trappedAtAlarmMilliunits: null,
    pushedInAlarmTickMilliunits: null,
    deliveredWhileAlarmedMilliunits: 0,
    releasedByEngineMilliunits: null,
    releasedByLineMilliunits: null,
    clearedAtMinutes: null,
    bolusDeliveredAfterClearMilliunits: 0,
    trace,
  };
}
