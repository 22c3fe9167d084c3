// `tick` finds what falls due between the last settled time and now: basal and bolus pulses in
// time order, the end of a temporary basal, alarms and alerts. It reads state and adds events;
// the engine applies them and calls again until the tick has caught up with now. It runs every
// simulated minute, so it allocates nothing but the events it finds: they go into a list the
// caller reuses (a fresh array grown on every delivering tick allocated more than the events).
import { ALARM_CODES, ALERT_CODES, isStoppingAlarm, type AnyAlarmCode } from './alarms.ts';
import { accrue, newAccrual, nextBasalPulseSeconds } from './basal.ts';
import type { PumpEvent } from './events.ts';
import type { HardwareReadings } from './hardware.ts';
import {
  toMinutes,
  toSeconds,
  type ActiveAlarm,
  type BolusState,
  type PumpState,
} from './state.ts';

/** Share of the occlusion threshold under which a blocked line counts as cleared. */
const OCCLUSION_CLEARED_FRACTION = 0.1;
/** The end-of-service alert comes at this share of the motor's service life. */
const END_OF_SERVICE_WARNING_FRACTION = 0.95;

// Scratch results, overwritten on every call (tick is synchronous and not re-entrant).
const accrual = newAccrual();
const due = { immediate: 0, extended: 0, firstSeconds: 0, lastSeconds: 0 };

/**
 * Events found by `tick`: `list[0..count)`, written in place so the list keeps its capacity from
 * one tick to the next (emptying an array with `length = 0` gives its storage back).
 */
export interface TickEvents {
  readonly list: PumpEvent[];
  count: number;
}

export const newTickEvents = (): TickEvents => ({ list: [], count: 0 });

function emit(events: TickEvents, event: PumpEvent): void {
  events.list[events.count] = event;
  events.count += 1;
}

/**
 * Adds to `events` what falls due from the last settled time to now, or to the first boundary
 * before it; returns whether the step reached now (false: call again once the events are applied).
 */
export function tick(
  state: PumpState,
  nowMinutes: number,
  readings: HardwareReadings,
  events: TickEvents,
): boolean {
  const nowSeconds = toSeconds(nowMinutes);
  const to = stepEnd(state, nowSeconds);
  const delivered = deliver(state, to);
  let remainingAfter = state.reservoir.remainingPulses;
  if (delivered !== null) {
    emit(events, delivered);
    remainingAfter -= delivered.basalPulses + delivered.bolusPulses;
    const completed = bolusCompletion(state, delivered);
    if (completed !== null) emit(events, completed);
  }
  const temp = state.tempBasal;
  if (temp !== null && temp.endSeconds <= to) {
    emit(events, { type: 'temp_basal_ended', at: toMinutes(temp.endSeconds) });
  }
  checkAlarms(state, { to, remainingAfter, readings, delivered }, events);
  return to >= nowSeconds;
}

/** The step ends at now, or earlier at a boundary that changes the delivery rule. */
function stepEnd(state: PumpState, nowSeconds: number): number {
  let to = nowSeconds;
  const from = state.basal.accruedThroughSeconds;
  const temp = state.tempBasal;
  if (temp !== null && temp.endSeconds < to) to = Math.max(temp.endSeconds, from);
  const autoOffAt = autoOffSeconds(state);
  if (autoOffAt < to && findAlarm(state.alarms, 'auto_off') === null)
    to = Math.max(autoOffAt, from);
  return to;
}

function autoOffSeconds(state: PumpState): number {
  const minutes = state.settings.alerts.autoOffMinutes;
  return minutes > 0 ? state.lastInteractionSeconds + minutes * 60 : Infinity;
}

/**
 * Whether delivery is stopped, read off the rule in force: `rateRuleOf` makes it 'zero' exactly
 * when `deliveryStopped` holds and evolve renews it whenever that can change (the property test
 * checks this before every event). Twice a tick, so a field read rather than a walk of the alarms
 * (which also kept V8 from inlining more of the tick).
 */
function stopped(state: PumpState): boolean {
  return state.rateRule.mode === 'zero';
}

/** The delivery event for the pulses due up to `to`, within what the reservoir holds. */
function deliver(state: PumpState, to: number): (PumpEvent & { type: 'delivered' }) | null {
  if (stopped(state)) return null;
  let remaining = state.reservoir.remainingPulses;
  const pulseMilliunits = state.settings.pulseMilliunits;
  const { accruedThroughSeconds, accumulator } = state.basal;
  accrue(state.rateRule, accruedThroughSeconds, to, accumulator, pulseMilliunits, accrual);
  const basalPulses = Math.min(accrual.pulses, remaining);
  remaining -= basalPulses;
  const bolus = state.bolus;
  let immediatePulses = 0;
  let extendedPulses = 0;
  if (bolus !== null) {
    bolusDue(bolus, to, state.settings.bolusSpeedMilliunitsPerMinute, pulseMilliunits);
    immediatePulses = Math.min(due.immediate, remaining);
    remaining -= immediatePulses;
    extendedPulses = Math.min(due.extended, remaining);
  }
  const bolusPulses = immediatePulses + extendedPulses;
  if (basalPulses + bolusPulses === 0) return null;
  const firstSeconds = Math.min(
    basalPulses > 0 ? accrual.firstPulseSeconds : Infinity,
    bolusPulses > 0 ? due.firstSeconds : Infinity,
  );
  const lastSeconds = Math.max(
    basalPulses > 0 ? accrual.lastPulseSeconds : -Infinity,
    bolusPulses > 0 ? due.lastSeconds : -Infinity,
  );
  const at = toMinutes(lastSeconds);
  return {
    type: 'delivered',
    at,
    firstAt: firstSeconds === lastSeconds ? at : toMinutes(firstSeconds),
    basalPulses,
    bolusPulses,
    basalMilliunits: basalPulses * pulseMilliunits,
    bolusMilliunits: bolusPulses * pulseMilliunits,
    basalAccruedThroughSeconds: to,
    // Basal that could not be delivered from an empty reservoir is not owed later.
    basalAccumulator: accrual.accumulator,
    bolusId: bolus?.id ?? null,
    immediatePulses,
    extendedPulses,
  };
}

function bolusCompletion(
  state: PumpState,
  delivered: PumpEvent & { type: 'delivered' },
): PumpEvent | null {
  const b = state.bolus;
  if (b === null) return null;
  const done =
    b.immediateDelivered + delivered.immediatePulses === b.immediatePulses &&
    b.extendedDelivered + delivered.extendedPulses === b.extendedPulses;
  if (!done) return null;
  const deliveredMilliunits =
    (b.immediatePulses + b.extendedPulses) * state.settings.pulseMilliunits;
  return { type: 'bolus_completed', at: delivered.at, id: b.id, deliveredMilliunits };
}

/** Seconds of immediate pulse k (from 0): pulses leave at the pump's bolus speed. */
function immediatePulseAt(bolus: BolusState, k: number, speed: number, pulse: number): number {
  return bolus.startSeconds + Math.ceil((k * 60 * pulse) / speed);
}

/** Seconds of extended pulse k (from 1): N pulses spread evenly over the duration D. */
function extendedPulseAt(bolus: BolusState, k: number): number {
  return bolus.startSeconds + Math.ceil((k * bolus.extendedDurationSeconds) / bolus.extendedPulses);
}

/** Bolus pulses due by `to`, written into `due`. */
function bolusDue(bolus: BolusState, to: number, speed: number, pulse: number): void {
  const elapsed = to - bolus.startSeconds;
  const n = bolus.extendedPulses;
  const immediateTotal =
    elapsed < 0
      ? 0
      : Math.min(bolus.immediatePulses, Math.floor((elapsed * speed) / (60 * pulse)) + 1);
  const extendedTotal =
    n === 0 || elapsed < 0
      ? 0
      : Math.min(n, Math.floor((elapsed * n) / bolus.extendedDurationSeconds));
  due.immediate = immediateTotal - bolus.immediateDelivered;
  due.extended = extendedTotal - bolus.extendedDelivered;
  due.firstSeconds = Infinity;
  due.lastSeconds = -Infinity;
  if (due.immediate > 0) {
    due.firstSeconds = immediatePulseAt(bolus, bolus.immediateDelivered, speed, pulse);
    due.lastSeconds = immediatePulseAt(bolus, immediateTotal - 1, speed, pulse);
  }
  if (due.extended > 0) {
    due.firstSeconds = Math.min(
      due.firstSeconds,
      extendedPulseAt(bolus, bolus.extendedDelivered + 1),
    );
    due.lastSeconds = Math.max(due.lastSeconds, extendedPulseAt(bolus, extendedTotal));
  }
}

/** When the next basal or bolus pulse falls due (Infinity while delivery is stopped). */
export function nextPulseSeconds(state: PumpState): number {
  let next = Infinity;
  if (!stopped(state)) {
    const { accruedThroughSeconds, accumulator } = state.basal;
    const pulse = state.settings.pulseMilliunits;
    next = nextBasalPulseSeconds(state.rateRule, accruedThroughSeconds, accumulator, pulse);
    const b = state.bolus;
    if (b !== null) {
      const speed = state.settings.bolusSpeedMilliunitsPerMinute;
      if (b.immediateDelivered < b.immediatePulses) {
        next = Math.min(next, immediatePulseAt(b, b.immediateDelivered, speed, pulse));
      }
      if (b.extendedDelivered < b.extendedPulses) {
        next = Math.min(next, extendedPulseAt(b, b.extendedDelivered + 1));
      }
    }
  }
  return next;
}

/**
 * The end of a temp basal, auto-off, the set-age reminder: times that no delivery moves, so a
 * caller may keep this until another kind of event is applied.
 */
export function nextTimerSeconds(state: PumpState): number {
  let next = Infinity;
  if (state.tempBasal !== null) next = state.tempBasal.endSeconds;
  const alarms = state.alarms;
  if (alarms.length === 0 || findAlarm(alarms, 'auto_off') === null) {
    next = Math.min(next, autoOffSeconds(state));
  }
  if (alarms.length === 0 || findAlarm(alarms, 'infusion_set_age') === null) {
    const reminderSeconds = state.settings.alerts.setChangeReminderMinutes * 60;
    next = Math.min(next, state.setInsertedSeconds + reminderSeconds);
  }
  return next;
}

function findAlarm(alarms: readonly ActiveAlarm[], code: AnyAlarmCode): ActiveAlarm | null {
  for (const alarm of alarms) if (alarm.code === code) return alarm;
  return null;
}

interface AlarmCheck {
  to: number;
  remainingAfter: number;
  readings: HardwareReadings;
  /** This step's delivery, if any: its pulses went out after the hardware was read. */
  delivered: (PumpEvent & { type: 'delivered' }) | null;
}

const ALARM_AND_ALERT_CODES: readonly AnyAlarmCode[] = [...ALARM_CODES, ...ALERT_CODES];

/**
 * Raises each alarm whose condition holds and is not active; clears those whose cause is gone.
 * Usually no alarm is active and none is due: settled here, small enough for V8 to inline into
 * the tick, and only otherwise is every code walked.
 */
function checkAlarms(state: PumpState, check: AlarmCheck, events: TickEvents): void {
  const pressure = check.readings.linePressureKpa;
  // An open line (nearly every tick) reads 0: no division for it.
  const missedMilliunits =
    pressure === 0 ? 0 : Math.round((pressure / state.settings.linePressureKpaPerUnit) * 1000);
  if (state.alarms.length === 0 && !anyConditionHolds(state, check, missedMilliunits)) return;
  updateAlarms(state, check, missedMilliunits, events);
}

function updateAlarms(
  state: PumpState,
  check: AlarmCheck,
  missedMilliunits: number,
  events: TickEvents,
): void {
  for (const code of ALARM_AND_ALERT_CODES) {
    const holds = conditionHolds(state, check, code, missedMilliunits);
    const active = findAlarm(state.alarms, code);
    if (holds && active === null) {
      const at = toMinutes(check.to);
      if (isStoppingAlarm(code)) cancelBolusOnAlarm(state, check, events, at);
      emit(
        events,
        code === 'occlusion'
          ? {
              type: 'alarm_raised',
              at,
              code,
              missedMilliunits: missedWithStep(state, check, missedMilliunits),
            }
          : { type: 'alarm_raised', at, code },
      );
    } else if (!holds && active !== null && (active.acknowledged || !isStoppingAlarm(code))) {
      const at = toMinutes(check.to);
      emit(
        events,
        code === 'occlusion'
          ? { type: 'alarm_cleared', at, code, releasedMilliunits: state.occlusionMissedMilliunits }
          : { type: 'alarm_cleared', at, code },
      );
    }
  }
}

/**
 * The pressure was read before this step's pulses left, and they went into the blocked line
 * too: the amount held back is the reading's estimate plus them.
 */
function missedWithStep(state: PumpState, check: AlarmCheck, missedMilliunits: number): number {
  const d = check.delivered;
  return d === null ? missedMilliunits : missedMilliunits + d.basalMilliunits + d.bolusMilliunits;
}

/** A delivery-stopping alarm cancels a bolus in progress, as pumps do: it is not resumed later. */
function cancelBolusOnAlarm(
  state: PumpState,
  check: AlarmCheck,
  events: TickEvents,
  at: number,
): void {
  const b = state.bolus;
  if (b === null) return;
  const d = check.delivered;
  const thisStep = d !== null && d.bolusId === b.id ? d.immediatePulses + d.extendedPulses : 0;
  const left =
    b.immediatePulses + b.extendedPulses - b.immediateDelivered - b.extendedDelivered - thisStep;
  if (left <= 0) return;
  emit(events, {
    type: 'bolus_cancelled',
    at,
    id: b.id,
    source: 'pump',
    undeliveredMilliunits: left * state.settings.pulseMilliunits,
  });
}

/**
 * Whether any alarm or alert condition holds, written out so the common case (nothing wrong)
 * costs a handful of comparisons; `conditionHolds` is the reference for each code.
 */
function anyConditionHolds(state: PumpState, check: AlarmCheck, missedMilliunits: number): boolean {
  const { settings } = state;
  const { alerts } = settings;
  const { readings, to, remainingAfter } = check;
  const motor = motorMilliunits(state);
  return (
    (remainingAfter === 0 && state.suspended === null) ||
    readings.batteryPercent <= alerts.lowBatteryPercent ||
    missedMilliunits >= alerts.occlusionThresholdMilliunits ||
    to >= autoOffSeconds(state) ||
    readings.motorFault ||
    motor >= settings.motorServiceLifeMilliunits * END_OF_SERVICE_WARNING_FRACTION ||
    remainingAfter * settings.pulseMilliunits <= alerts.lowReservoirMilliunits ||
    to - state.setInsertedSeconds >= alerts.setChangeReminderMinutes * 60
  );
}

/** Whether the cause of an alarm or alert is present at the end of the step. */
function conditionHolds(
  state: PumpState,
  check: AlarmCheck,
  code: AnyAlarmCode,
  missedMilliunits: number,
): boolean {
  const { settings } = state;
  const { alerts } = settings;
  const { readings, to, remainingAfter } = check;
  switch (code) {
    case 'no_insulin':
      return remainingAfter === 0 && state.suspended === null;
    case 'no_power':
      return readings.batteryPercent <= 0;
    case 'occlusion': {
      // Hysteresis: once alarmed, the line counts as blocked until the pressure has mostly gone.
      const active = findAlarm(state.alarms, 'occlusion') !== null;
      const threshold =
        alerts.occlusionThresholdMilliunits * (active ? OCCLUSION_CLEARED_FRACTION : 1);
      return missedMilliunits >= threshold;
    }
    case 'auto_off':
      return to >= autoOffSeconds(state);
    case 'no_delivery':
      return readings.motorFault;
    case 'end_of_service':
      return motorMilliunits(state) >= settings.motorServiceLifeMilliunits;
    case 'low_insulin':
      return (
        remainingAfter > 0 &&
        remainingAfter * settings.pulseMilliunits <= alerts.lowReservoirMilliunits
      );
    case 'low_power':
      return readings.batteryPercent > 0 && readings.batteryPercent <= alerts.lowBatteryPercent;
    case 'end_of_service_soon': {
      const used = motorMilliunits(state);
      const life = settings.motorServiceLifeMilliunits;
      return used >= life * END_OF_SERVICE_WARNING_FRACTION && used < life;
    }
    case 'infusion_set_age':
      return to - state.setInsertedSeconds >= alerts.setChangeReminderMinutes * 60;
  }
}

function motorMilliunits(state: PumpState): number {
  return (
    (state.lifetime.deliveredPulses + state.lifetime.primedPulses) * state.settings.pulseMilliunits
  );
}
