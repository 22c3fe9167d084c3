// `evolve` is the only way pump state changes: it applies one event, in place. The engine owns
// its state, so mutation keeps the minute-by-minute loop free of copies; replay applies the same
// events to a fresh state and reaches the same state.
import { accrue, newAccrual, pulseThreshold, rateRuleOf } from './basal.ts';
import type { EventOf, PumpEvent } from './events.ts';
import { createPumpState, DOSE_HISTORY_SECONDS, toSeconds, type PumpState } from './state.ts';

export function evolve(state: PumpState, event: PumpEvent): PumpState {
  // Deliveries are nearly every event of a running pump: settled first, in a function small
  // enough for V8 to inline where events are applied.
  if (event.type === 'delivered') return evolveDelivery(state, event);
  return evolveOther(state, event);
}

/** `evolve` for a delivery, for a caller that already knows the event's type. */
export function evolveDelivery(state: PumpState, event: EventOf<'delivered'>): PumpState {
  applyDelivery(state, event);
  return state;
}

function evolveOther(state: PumpState, event: PumpEvent): PumpState {
  const t = toSeconds(event.at);
  switch (event.type) {
    case 'pump_started':
      return createPumpState(event.settings, t);
    case 'user_interaction':
      state.lastInteractionSeconds = t;
      return state;
    case 'command_refused':
      return state;
    case 'bolus_started':
      state.bolus = {
        id: event.id,
        kind: event.kind,
        source: event.source,
        startSeconds: t,
        immediatePulses: event.immediateMilliunits / state.settings.pulseMilliunits,
        extendedPulses: event.extendedMilliunits / state.settings.pulseMilliunits,
        extendedDurationSeconds: event.extendedDurationMinutes * 60,
        immediateDelivered: 0,
        extendedDelivered: 0,
      };
      state.nextBolusId = event.id + 1;
      state.recentBoluses = state.recentBoluses.filter((b) => b.startSeconds > t - 3600);
      state.recentBoluses.push({
        startSeconds: t,
        milliunits: event.immediateMilliunits + event.extendedMilliunits,
      });
      return state;
    case 'bolus_cancelled':
    case 'bolus_completed':
      state.bolus = null;
      return state;
    case 'reservoir_filled':
      fillReservoir(state, event.filledMilliunits / state.settings.pulseMilliunits);
      state.rateRule = rateRuleOf(state);
      return state;
    case 'primed':
      state.reservoir.primedPulses += event.pulses;
      state.reservoir.remainingPulses -= event.pulses;
      state.lifetime.primedPulses += event.pulses;
      state.rateRule = rateRuleOf(state);
      return state;
    case 'infusion_set_changed':
      state.setInsertedSeconds = t;
      return state;
    case 'battery_changed':
      return state;
    case 'alarm_acknowledged':
      for (const alarm of state.alarms) if (alarm.code === event.code) alarm.acknowledged = true;
      return state;
    default:
      changeDeliveryRule(state, event, t);
      return state;
  }
}

/** Events that may change the basal rate: settle delivery to now, apply, then note the new rule. */
function changeDeliveryRule(state: PumpState, event: PumpEvent, t: number): void {
  settleBasal(state, t);
  switch (event.type) {
    case 'settings_updated':
      state.settings = event.settings;
      break;
    case 'basal_pattern_selected':
      state.settings = Object.assign({}, state.settings, { activePatternIndex: event.index });
      break;
    case 'basal_pattern_edited': {
      const basalPatterns = [...state.settings.basalPatterns];
      basalPatterns[event.index] = event.pattern;
      state.settings = Object.assign({}, state.settings, { basalPatterns });
      break;
    }
    case 'temp_basal_started':
      state.tempBasal = event.tempBasal;
      break;
    case 'temp_basal_cancelled':
    case 'temp_basal_ended':
      state.tempBasal = null;
      break;
    case 'suspended':
      state.suspended = { reason: event.reason, sinceSeconds: t };
      break;
    case 'resumed':
      state.suspended = null;
      break;
    case 'alarm_raised':
      state.alarms.push({ code: event.code, raisedSeconds: t, acknowledged: false });
      if (event.code === 'occlusion') state.occlusionMissedMilliunits = event.missedMilliunits ?? 0;
      break;
    case 'alarm_cleared':
      state.alarms = state.alarms.filter((alarm) => alarm.code !== event.code);
      if (event.code === 'occlusion') state.occlusionMissedMilliunits = 0;
      break;
    case 'clock_set':
      state.clockOffsetSeconds = event.clockOffsetSeconds;
      break;
    case 'time_zone_set':
      state.utcOffsetMinutes = event.utcOffsetMinutes;
      state.clockOffsetSeconds = event.clockOffsetSeconds;
      break;
    default:
      throw new Error(`evolve: unhandled event ${event.type}`);
  }
  state.rateRule = rateRuleOf(state);
  refreshNetBasalSpan(state, t);
}

/**
 * Integrates the basal owed under the old rule up to `t`. Pulses that fell due stay in the
 * accumulator and are delivered at the next tick, so a rule change never loses insulin.
 */
function settleBasal(state: PumpState, t: number): void {
  if (t <= state.basal.accruedThroughSeconds) return;
  const pulseMilliunits = state.settings.pulseMilliunits;
  const accrual = accrue(
    state.rateRule,
    state.basal.accruedThroughSeconds,
    t,
    state.basal.accumulator,
    pulseMilliunits,
    newAccrual(),
  );
  state.basal.accumulator = accrual.accumulator + accrual.pulses * pulseThreshold(pulseMilliunits);
  state.basal.accruedThroughSeconds = t;
}

/** Closes the open net-basal span and opens one if delivery now differs from the schedule. */
function refreshNetBasalSpan(state: PumpState, t: number): void {
  const open = state.netBasalSpans.at(-1);
  if (open !== undefined && open.endSeconds === null) {
    if (open.startSeconds === t) state.netBasalSpans.pop();
    else open.endSeconds = t;
  }
  const rule = state.rateRule;
  if (rule.mode !== 'scheduled') {
    state.netBasalSpans.push({
      startSeconds: t,
      endSeconds: null,
      mode: rule.mode,
      percent: rule.percent,
      rateMilliunitsPerHour: rule.rateMilliunitsPerHour,
      segments: rule.segments,
      clockOffsetSeconds: rule.clockOffsetSeconds,
      maxBasalMilliunitsPerHour: rule.maxBasalMilliunitsPerHour,
    });
  }
  const oldest = t - DOSE_HISTORY_SECONDS;
  if ((state.netBasalSpans[0]?.endSeconds ?? Infinity) < oldest) {
    state.netBasalSpans = state.netBasalSpans.filter(
      (s) => s.endSeconds === null || s.endSeconds >= oldest,
    );
  }
}

function applyDelivery(state: PumpState, event: EventOf<'delivered'>): void {
  const pulses = event.basalPulses + event.bolusPulses;
  const wasEmpty = state.reservoir.remainingPulses === 0;
  state.reservoir.deliveredPulses += pulses;
  state.reservoir.remainingPulses -= pulses;
  state.lifetime.deliveredPulses += pulses;
  state.lifetime.basalPulses += event.basalPulses;
  state.lifetime.bolusPulses += event.bolusPulses;
  state.basal.accruedThroughSeconds = event.basalAccruedThroughSeconds;
  state.basal.accumulator = event.basalAccumulator;
  if (event.bolusPulses > 0) applyBolusPulses(state, event);
  // An emptied reservoir stops delivery; the no_insulin alarm that follows opens the net span.
  if (!wasEmpty && state.reservoir.remainingPulses === 0) state.rateRule = rateRuleOf(state);
}

/** Bolus pulses count towards their bolus and enter the dose history. */
function applyBolusPulses(state: PumpState, event: EventOf<'delivered'>): void {
  if (state.bolus !== null && event.bolusId === state.bolus.id) {
    state.bolus.immediateDelivered += event.immediatePulses;
    state.bolus.extendedDelivered += event.extendedPulses;
  }
  const startSeconds = toSeconds(event.firstAt);
  dropOlderThan(state.bolusDoses, startSeconds - DOSE_HISTORY_SECONDS);
  state.bolusDoses.push({ startSeconds, milliunits: event.bolusMilliunits });
}

/**
 * Drops the doses that started before `oldest`, in place: doses are kept in time order, so they
 * are at the front (a delivery during a long bolus ages out about one dose; no copy for that).
 */
function dropOlderThan(doses: { startSeconds: number }[], oldest: number): void {
  let stale = 0;
  while (stale < doses.length && doses[stale]!.startSeconds < oldest) stale += 1;
  if (stale > 0) doses.splice(0, stale);
}

/** A new reservoir replaces the old one, whose remainder is discarded. */
function fillReservoir(state: PumpState, filledPulses: number): void {
  state.lifetime.discardedPulses += state.reservoir.remainingPulses;
  state.lifetime.filledPulses += filledPulses;
  state.reservoir = {
    filledPulses,
    deliveredPulses: 0,
    primedPulses: 0,
    remainingPulses: filledPulses,
  };
}
