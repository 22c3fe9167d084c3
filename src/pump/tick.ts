// `tick` finds what falls due between the last settled time and now: basal and bolus pulses in
// time order, the end of a temporary basal, alarms and alerts. It reads state and returns events;
// the engine applies them and calls again until the tick has caught up with now.
import { ALARM_CODES, ALERT_CODES, isStoppingAlarm, type AnyAlarmCode } from './alarms.ts';
import { accrue, currentRateRule, deliveryStopped } from './basal.ts';
import type { PumpEvent } from './events.ts';
import type { HardwareReadings } from './hardware.ts';
import { toMinutes, toSeconds, type BolusState, type PumpState } from './state.ts';

export interface TickResult {
  readonly events: PumpEvent[];
  /** False when the step stopped at a boundary (end of a temp basal, auto-off) before now. */
  readonly caughtUp: boolean;
}

/** Share of the occlusion threshold under which a blocked line counts as cleared. */
const OCCLUSION_CLEARED_FRACTION = 0.1;
/** The end-of-service alert comes at this share of the motor's service life. */
const END_OF_SERVICE_WARNING_FRACTION = 0.95;

export function tick(state: PumpState, nowMinutes: number, readings: HardwareReadings): TickResult {
  const nowSeconds = toSeconds(nowMinutes);
  const to = stepEnd(state, nowSeconds);
  const events: PumpEvent[] = [];
  const remainingAfter = deliver(state, to, events);
  const temp = state.tempBasal;
  if (temp !== null && temp.endSeconds <= to) {
    events.push({ type: 'temp_basal_ended', at: toMinutes(temp.endSeconds) });
  }
  checkAlarms(state, { to, remainingAfter, readings, events });
  return { events, caughtUp: to >= nowSeconds };
}

/** The step ends at now, or earlier at a boundary that changes the delivery rule. */
function stepEnd(state: PumpState, nowSeconds: number): number {
  let to = nowSeconds;
  const temp = state.tempBasal;
  if (temp !== null && temp.endSeconds < to)
    to = Math.max(temp.endSeconds, state.basal.accruedThroughSeconds);
  const autoOffSeconds = state.settings.alerts.autoOffMinutes * 60;
  if (autoOffSeconds > 0) {
    const autoOffAt = state.lastInteractionSeconds + autoOffSeconds;
    if (autoOffAt < to && !hasAlarm(state, 'auto_off'))
      to = Math.max(autoOffAt, state.basal.accruedThroughSeconds);
  }
  return to;
}

/** Emits the pulses due up to `to`, within what the reservoir holds; returns what remains. */
function deliver(state: PumpState, to: number, events: PumpEvent[]): number {
  let remaining = state.reservoir.remainingPulses;
  if (deliveryStopped(state)) return remaining;
  const pulseMilliunits = state.settings.pulseMilliunits;
  const accrual = accrue(currentRateRule(state), {
    fromSeconds: state.basal.accruedThroughSeconds,
    toSeconds: to,
    accumulator: state.basal.accumulator,
    pulseMilliunits,
  });
  const basalPulses = Math.min(accrual.pulses, remaining);
  remaining -= basalPulses;
  const bolus = state.bolus === null ? null : bolusDue(state.bolus, to, pulseMilliunits, state);
  const immediatePulses = Math.min(bolus?.immediate ?? 0, remaining);
  remaining -= immediatePulses;
  const extendedPulses = Math.min(bolus?.extended ?? 0, remaining);
  remaining -= extendedPulses;
  const bolusPulses = immediatePulses + extendedPulses;
  if (basalPulses + bolusPulses === 0) return remaining;
  const firstSeconds = Math.min(
    basalPulses > 0 ? accrual.firstPulseSeconds : Infinity,
    bolusPulses > 0 ? (bolus?.firstSeconds ?? Infinity) : Infinity,
  );
  const lastSeconds = Math.max(
    basalPulses > 0 ? accrual.lastPulseSeconds : -Infinity,
    bolusPulses > 0 ? (bolus?.lastSeconds ?? -Infinity) : -Infinity,
  );
  events.push({
    type: 'delivered',
    at: toMinutes(lastSeconds),
    firstAt: toMinutes(firstSeconds),
    basalPulses,
    bolusPulses,
    basalMilliunits: basalPulses * pulseMilliunits,
    bolusMilliunits: bolusPulses * pulseMilliunits,
    // Basal that could not be delivered from an empty reservoir is not owed later.
    basalAccruedThroughSeconds: to,
    basalAccumulator: accrual.accumulator,
    bolusId: state.bolus?.id ?? null,
    immediatePulses,
    extendedPulses,
  });
  const b = state.bolus;
  if (
    b !== null &&
    b.immediateDelivered + immediatePulses === b.immediatePulses &&
    b.extendedDelivered + extendedPulses === b.extendedPulses
  ) {
    const delivered = (b.immediatePulses + b.extendedPulses) * pulseMilliunits;
    events.push({
      type: 'bolus_completed',
      at: toMinutes(lastSeconds),
      id: b.id,
      deliveredMilliunits: delivered,
    });
  }
  return remaining;
}

interface BolusDue {
  immediate: number;
  extended: number;
  firstSeconds: number;
  lastSeconds: number;
}

/**
 * Bolus pulses due by `to`: the immediate part at the pump's bolus speed from the start (pulse k
 * at k pulse-intervals), the extended part spread evenly (pulse k of N at k·D/N).
 */
function bolusDue(
  bolus: BolusState,
  to: number,
  pulseMilliunits: number,
  state: PumpState,
): BolusDue {
  const elapsed = to - bolus.startSeconds;
  const speed = state.settings.bolusSpeedMilliunitsPerMinute;
  const immediateTotal =
    elapsed < 0
      ? 0
      : Math.min(bolus.immediatePulses, Math.floor((elapsed * speed) / (60 * pulseMilliunits)) + 1);
  const n = bolus.extendedPulses;
  const d = bolus.extendedDurationSeconds;
  const extendedTotal = n === 0 || elapsed < 0 ? 0 : Math.min(n, Math.floor((elapsed * n) / d));
  const immediate = immediateTotal - bolus.immediateDelivered;
  const extended = extendedTotal - bolus.extendedDelivered;
  const immediateAt = (k: number) =>
    bolus.startSeconds + Math.ceil((k * 60 * pulseMilliunits) / speed);
  const extendedAt = (k: number) => bolus.startSeconds + Math.ceil((k * d) / n);
  let firstSeconds = Infinity;
  let lastSeconds = -Infinity;
  if (immediate > 0) {
    firstSeconds = immediateAt(bolus.immediateDelivered);
    lastSeconds = immediateAt(immediateTotal - 1);
  }
  if (extended > 0) {
    firstSeconds = Math.min(firstSeconds, extendedAt(bolus.extendedDelivered + 1));
    lastSeconds = Math.max(lastSeconds, extendedAt(extendedTotal));
  }
  return { immediate, extended, firstSeconds, lastSeconds };
}

function hasAlarm(state: PumpState, code: AnyAlarmCode): boolean {
  for (const alarm of state.alarms) if (alarm.code === code) return true;
  return false;
}

interface AlarmCheck {
  to: number;
  remainingAfter: number;
  readings: HardwareReadings;
  events: PumpEvent[];
}

/** Raises each alarm whose condition holds and is not active; clears those whose cause is gone. */
function checkAlarms(state: PumpState, check: AlarmCheck): void {
  const conditions = alarmConditions(state, check);
  const at = toMinutes(check.to);
  for (const code of ALARM_AND_ALERT_CODES) {
    const holds = conditions[code];
    const active = state.alarms.find((alarm) => alarm.code === code);
    if (holds && active === undefined) {
      check.events.push(
        code === 'occlusion'
          ? { type: 'alarm_raised', at, code, missedMilliunits: conditions.missedMilliunits }
          : { type: 'alarm_raised', at, code },
      );
    } else if (!holds && active !== undefined && (active.acknowledged || !isStoppingAlarm(code))) {
      check.events.push(
        code === 'occlusion'
          ? { type: 'alarm_cleared', at, code, releasedMilliunits: state.occlusionMissedMilliunits }
          : { type: 'alarm_cleared', at, code },
      );
    }
  }
}

const ALARM_AND_ALERT_CODES: readonly AnyAlarmCode[] = [...ALARM_CODES, ...ALERT_CODES];

function alarmConditions(
  state: PumpState,
  check: AlarmCheck,
): Record<AnyAlarmCode, boolean> & { missedMilliunits: number } {
  const { settings } = state;
  const { alerts } = settings;
  const { readings, to, remainingAfter } = check;
  const remainingMilliunits = remainingAfter * settings.pulseMilliunits;
  const motorMilliunits =
    (state.lifetime.deliveredPulses + state.lifetime.primedPulses) * settings.pulseMilliunits;
  const missedMilliunits = Math.round(
    (readings.linePressureKpa / settings.linePressureKpaPerUnit) * 1000,
  );
  const occluded = hasAlarm(state, 'occlusion')
    ? missedMilliunits >= alerts.occlusionThresholdMilliunits * OCCLUSION_CLEARED_FRACTION
    : missedMilliunits >= alerts.occlusionThresholdMilliunits;
  return {
    no_insulin: remainingAfter === 0 && state.suspended === null,
    no_power: readings.batteryPercent <= 0,
    occlusion: occluded,
    auto_off:
      alerts.autoOffMinutes > 0 && to - state.lastInteractionSeconds >= alerts.autoOffMinutes * 60,
    no_delivery: readings.motorFault,
    end_of_service: motorMilliunits >= settings.motorServiceLifeMilliunits,
    low_insulin: remainingAfter > 0 && remainingMilliunits <= alerts.lowReservoirMilliunits,
    low_power: readings.batteryPercent > 0 && readings.batteryPercent <= alerts.lowBatteryPercent,
    end_of_service_soon:
      motorMilliunits >= settings.motorServiceLifeMilliunits * END_OF_SERVICE_WARNING_FRACTION &&
      motorMilliunits < settings.motorServiceLifeMilliunits,
    infusion_set_age: to - state.setInsertedSeconds >= alerts.setChangeReminderMinutes * 60,
    missedMilliunits,
  };
}
