// `decide` turns a command into events, or into a refusal that names the field, the value and
// what is allowed. It reads the state and never changes it. Checks run in a fixed order, listed
// above each command's function: the first that fails gives the refusal.
import { z } from 'zod';
import { isAlarmCode } from './alarms.ts';
import { deliveryStopped, forEachSchedulePiece } from './basal.ts';
import type { BolusRequest, CommandSource, PumpCommand, TempBasalRequest } from './commands.ts';
import type { PumpEvent } from './events.ts';
import { pumpInsulinOnBoardUnits } from './onBoard.ts';
import { refusal, type Refusal } from './refusals.ts';
import { ranged } from '../validation/numbers.ts';
import { refusalFromZod, toMilliunits } from './schema.ts';
import {
  basalPatternProblem,
  parsePumpSettings,
  PATTERN_COUNT_MAX,
  SEGMENT_COUNT_MAX,
  type BasalPattern,
} from './settings.ts';
import { SECONDS_PER_DAY, toSeconds, type PumpState } from './state.ts';

export type Decision = { ok: true; events: PumpEvent[] } | { ok: false; refusal: Refusal };

// Whole limit objects: a spread of a shared one at each check (see the lint rule) cost ~2 µs.
const TEMP_BASAL_MINUTES = { min: 15, max: 1440, step: 15, unit: 'minutes' };
const EXTENDED_BOLUS_MINUTES = { min: 15, max: 480, step: 15, unit: 'minutes' };
const PRIME_UNITS_MAX = { tubing: 30, cannula: 3 };
const SOURCES: readonly CommandSource[] = ['user', 'remote', 'calculator', 'algorithm'];

export function decide(state: PumpState, command: PumpCommand, nowMinutes: number): Decision {
  const at = nowMinutes;
  const decision = decideCommand(state, command, at);
  if (!decision.ok) return decision;
  const source = 'source' in command ? command.source : 'user';
  if (source === 'algorithm') return decision;
  // Any command from a person counts as interaction (it resets auto-off).
  return {
    ok: true,
    events: [{ type: 'user_interaction', at, command: command.type }, ...decision.events],
  };
}

function decideCommand(state: PumpState, command: PumpCommand, at: number): Decision {
  if ('source' in command && !SOURCES.includes(command.source)) {
    return refused('out_of_range', 'source', command.source, SOURCES.join(', '));
  }
  switch (command.type) {
    case 'update_settings':
      return decideSettings(state, command.settings, at);
    case 'select_basal_pattern':
      return decideSelectPattern(state, command.index, at);
    case 'edit_basal_pattern':
      return decideEditPattern(state, command, at);
    case 'start_temp_basal':
      return decideTempBasal(state, command.tempBasal, command.source, at);
    case 'cancel_temp_basal':
      if (state.tempBasal === null)
        return refused('no_temp_basal', 'state.tempBasal', 'none', 'a running temporary basal');
      return accept({ type: 'temp_basal_cancelled', at, source: command.source });
    case 'deliver_bolus':
      return decideBolus(state, command.bolus, command.source, at);
    case 'cancel_bolus':
      if (state.bolus === null)
        return refused('no_bolus_in_progress', 'state.bolus', 'none', 'a bolus in progress');
      return accept(cancelBolusEvent(state, command.source, at));
    case 'suspend':
      return decideSuspend(state, command, at);
    case 'resume':
      if (state.suspended === null)
        return refused('not_suspended', 'state.suspended', 'running', 'a suspended pump');
      return accept({ type: 'resumed', at, source: command.source });
    case 'fill_reservoir':
      return decideFill(state, command.units, at);
    case 'prime':
      return decidePrime(state, command, at);
    case 'change_infusion_set':
      if (state.suspended === null)
        return refused(
          'not_suspended',
          'state.suspended',
          'running',
          'suspend before changing the set',
        );
      return accept({ type: 'infusion_set_changed', at });
    case 'change_battery':
      return accept({ type: 'battery_changed', at });
    case 'acknowledge_alarm':
      return decideAcknowledge(state, command.code, at);
    case 'set_clock':
      return decideClock(state, command.localTimeMinutes, at);
    case 'set_time_zone':
      return decideTimeZone(state, command.utcOffsetMinutes, at);
    default:
      return refused(
        'out_of_range',
        'type',
        (command as { type?: unknown }).type,
        'a known pump command',
      );
  }
}

const accept = (...events: PumpEvent[]): Decision => ({ ok: true, events });
const refused = (...args: Parameters<typeof refusal>): Decision => ({
  ok: false,
  refusal: refusal(...args),
});

/** A number check in a fixed order: a finite number within [min, max], then on the step grid. */
function checkNumber(
  field: string,
  value: unknown,
  limits: { min: number; max: number; unit: string; stepMilliunits?: number; step?: number },
): Refusal | null {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < limits.min ||
    value > limits.max
  ) {
    // The allowed range is text for the refusal only (number formatting is costly per command).
    return refusal(
      'out_of_range',
      field,
      value,
      `${limits.min}–${limits.max} ${limits.unit}`.trim(),
    );
  }
  if (limits.stepMilliunits !== undefined && toMilliunits(value) % limits.stepMilliunits !== 0) {
    return refusal(
      'not_a_step_multiple',
      field,
      value,
      `a multiple of ${limits.stepMilliunits / 1000} ${limits.unit}`,
    );
  }
  if (limits.step !== undefined && value % limits.step !== 0) {
    return refusal(
      'not_a_step_multiple',
      field,
      value,
      `a multiple of ${limits.step} ${limits.unit}`,
    );
  }
  return null;
}

/** Order: settings valid; pulse size unchanged (it is the pump's hardware). */
function decideSettings(state: PumpState, input: unknown, at: number): Decision {
  const parsed = parsePumpSettings(input);
  if (!parsed.ok) return { ok: false, refusal: parsed.refusal };
  const pulse = state.settings.pulseMilliunits;
  if (parsed.settings.pulseMilliunits !== pulse) {
    return refused(
      'out_of_range',
      'settings.pulseSizeUnits',
      parsed.settings.pulseMilliunits / 1000,
      `${pulse / 1000} U (fixed by the pump's hardware)`,
    );
  }
  return accept({ type: 'settings_updated', at, settings: parsed.settings });
}

/** Order: index within the stored patterns. */
function decideSelectPattern(state: PumpState, index: unknown, at: number): Decision {
  const count = state.settings.basalPatterns.length;
  const problem = checkNumber('index', index, { min: 0, max: count - 1, unit: '', step: 1 });
  if (problem !== null) return { ok: false, refusal: problem };
  return accept({ type: 'basal_pattern_selected', at, index: index as number });
}

const patternInput = z.object({
  name: z.string().min(1, '1–32 characters').max(32, '1–32 characters'),
  segments: z
    .array(
      z.object({
        startMinutes: z.number().int('whole minutes'),
        rateUnitsPerHour: ranged(0, 40, 'U/h'),
      }),
    )
    .min(1, `1–${SEGMENT_COUNT_MAX} segments`)
    .max(SEGMENT_COUNT_MAX, `1–${SEGMENT_COUNT_MAX} segments`),
});

/** Order: index (an existing pattern or the next free one); pattern shape; schedule; max basal. */
function decideEditPattern(
  state: PumpState,
  command: Extract<PumpCommand, { type: 'edit_basal_pattern' }>,
  at: number,
): Decision {
  const maxIndex = Math.min(state.settings.basalPatterns.length, PATTERN_COUNT_MAX - 1);
  const problem = checkNumber('index', command.index, { min: 0, max: maxIndex, unit: '', step: 1 });
  if (problem !== null) return { ok: false, refusal: problem };
  const parsed = patternInput.safeParse(command.pattern);
  if (!parsed.success)
    return { ok: false, refusal: refusalFromZod(parsed.error, command.pattern, 'pattern') };
  const pattern: BasalPattern = {
    name: parsed.data.name,
    segments: parsed.data.segments.map((s) => ({
      startMinutes: s.startMinutes,
      rateMilliunitsPerHour: toMilliunits(s.rateUnitsPerHour),
    })),
  };
  const shape = basalPatternProblem(pattern, state.settings, 'pattern');
  if (shape !== null) return { ok: false, refusal: shape };
  return accept({ type: 'basal_pattern_edited', at, index: command.index, pattern });
}

/**
 * Order: kind; duration (15 min–24 h, 15-min steps); percent (0–250 %, whole) or rate
 * (0–40 U/h, then within the maximum basal); delivery running (not suspended, no stopping
 * alarm); a percent temp never exceeds the maximum basal over its span.
 */
function decideTempBasal(
  state: PumpState,
  request: TempBasalRequest,
  source: CommandSource,
  at: number,
): Decision {
  const kind: unknown = request?.kind;
  if (kind !== 'percent' && kind !== 'absolute')
    return refused('out_of_range', 'tempBasal.kind', kind, 'percent, absolute');
  const duration = checkNumber(
    'tempBasal.durationMinutes',
    request.durationMinutes,
    TEMP_BASAL_MINUTES,
  );
  if (duration !== null) return { ok: false, refusal: duration };
  const maxBasal = state.settings.maxBasalMilliunitsPerHour;
  let percent = 0;
  let rateMilliunitsPerHour = 0;
  if (request.kind === 'percent') {
    const problem = checkNumber('tempBasal.percent', request.percent, {
      min: 0,
      max: 250,
      unit: '%',
      step: 1,
    });
    if (problem !== null) return { ok: false, refusal: problem };
    percent = request.percent;
  } else {
    const problem = checkNumber('tempBasal.rateUnitsPerHour', request.rateUnitsPerHour, {
      min: 0,
      max: 40,
      unit: 'U/h',
    });
    if (problem !== null) return { ok: false, refusal: problem };
    rateMilliunitsPerHour = toMilliunits(request.rateUnitsPerHour);
    if (rateMilliunitsPerHour > maxBasal) {
      return refused(
        'rate_above_max_basal',
        'tempBasal.rateUnitsPerHour',
        request.rateUnitsPerHour,
        `0–${maxBasal / 1000} U/h (the maximum basal)`,
      );
    }
  }
  const stopped = stoppedRefusal(state);
  if (stopped !== null) return { ok: false, refusal: stopped };
  const startSeconds = toSeconds(at);
  const endSeconds = startSeconds + request.durationMinutes * 60;
  if (request.kind === 'percent') {
    const highest = highestScheduledRate(state, startSeconds, endSeconds);
    if ((highest * percent) / 100 > maxBasal) {
      return refused(
        'rate_above_max_basal',
        'tempBasal.percent',
        percent,
        `0–${Math.floor((maxBasal * 100) / Math.max(highest, 1))} % (the maximum basal over the span)`,
      );
    }
  }
  return accept({
    type: 'temp_basal_started',
    at,
    tempBasal: {
      kind: request.kind,
      percent,
      rateMilliunitsPerHour,
      startSeconds,
      endSeconds,
      source,
    },
  });
}

function highestScheduledRate(state: PumpState, fromSeconds: number, toSecondsEnd: number): number {
  const rule = state.rateRule;
  let highest = 0;
  forEachSchedulePiece(
    rule.segments,
    { fromSeconds, toSeconds: toSecondsEnd, clockOffsetSeconds: rule.clockOffsetSeconds },
    (_from, _to, rate) => {
      highest = Math.max(highest, rate);
    },
  );
  return highest;
}

function stoppedRefusal(state: PumpState): Refusal | null {
  if (state.suspended !== null)
    return refusal(
      'suspended',
      'state.suspended',
      state.suspended.reason,
      'a running pump (resume first)',
    );
  if (deliveryStopped(state)) {
    const cause =
      state.alarms.map((a) => a.code).join(', ') ||
      (state.reservoir.remainingPulses === 0 ? 'empty reservoir' : 'stopped');
    return refusal('delivery_stopped', 'state.alarms', cause, 'no delivery-stopping alarm');
  }
  return null;
}

interface BolusAmounts {
  immediateMilliunits: number;
  extendedMilliunits: number;
  durationMinutes: number;
}

/** Order: kind; amounts (range, then pulse steps); duration. */
function bolusAmounts(state: PumpState, bolus: BolusRequest): BolusAmounts | Refusal {
  const kind: unknown = bolus?.kind;
  if (kind !== 'normal' && kind !== 'extended' && kind !== 'dual') {
    return refusal('out_of_range', 'bolus.kind', kind, 'normal, extended, dual');
  }
  const step = state.settings.pulseMilliunits;
  const amount = { min: step / 1000, max: 75, unit: 'U', stepMilliunits: step };
  const fields: [string, unknown][] =
    bolus.kind === 'normal'
      ? [['bolus.units', bolus.units]]
      : bolus.kind === 'extended'
        ? [['bolus.units', bolus.units]]
        : [
            ['bolus.immediateUnits', bolus.immediateUnits],
            ['bolus.extendedUnits', bolus.extendedUnits],
          ];
  for (const [field, value] of fields) {
    const problem = checkNumber(field, value, amount);
    if (problem !== null) return problem;
  }
  if (bolus.kind !== 'normal') {
    const problem = checkNumber(
      'bolus.durationMinutes',
      bolus.durationMinutes,
      EXTENDED_BOLUS_MINUTES,
    );
    if (problem !== null) return problem;
  }
  switch (bolus.kind) {
    case 'normal':
      return {
        immediateMilliunits: toMilliunits(bolus.units),
        extendedMilliunits: 0,
        durationMinutes: 0,
      };
    case 'extended':
      return {
        immediateMilliunits: 0,
        extendedMilliunits: toMilliunits(bolus.units),
        durationMinutes: bolus.durationMinutes,
      };
    case 'dual':
      return {
        immediateMilliunits: toMilliunits(bolus.immediateUnits),
        extendedMilliunits: toMilliunits(bolus.extendedUnits),
        durationMinutes: bolus.durationMinutes,
      };
  }
}

/**
 * Order: amounts (bolusAmounts); maximum bolus; maximum in any hour; for an algorithm, the
 * maximum insulin on board; delivery running; no bolus in progress; enough insulin.
 */
function decideBolus(
  state: PumpState,
  bolus: BolusRequest,
  source: CommandSource,
  at: number,
): Decision {
  const amounts = bolusAmounts(state, bolus);
  if ('code' in amounts) return { ok: false, refusal: amounts };
  const { settings } = state;
  const total = amounts.immediateMilliunits + amounts.extendedMilliunits;
  const totalUnits = total / 1000;
  if (total > settings.maxBolusMilliunits) {
    return refused(
      'bolus_above_max_bolus',
      'bolus',
      totalUnits,
      `at most ${settings.maxBolusMilliunits / 1000} U (the maximum bolus)`,
    );
  }
  const nowSeconds = toSeconds(at);
  let lastHour = 0;
  for (const b of state.recentBoluses)
    if (b.startSeconds > nowSeconds - 3600) lastHour += b.milliunits;
  if (lastHour + total > settings.maxHourlyBolusMilliunits) {
    return refused(
      'bolus_above_max_hourly',
      'bolus',
      totalUnits,
      `at most ${(settings.maxHourlyBolusMilliunits - lastHour) / 1000} U (${settings.maxHourlyBolusMilliunits / 1000} U per hour, ${lastHour / 1000} U given)`,
    );
  }
  if (source === 'algorithm') {
    const iobUnits = pumpInsulinOnBoardUnits(state, nowSeconds);
    if (iobUnits * 1000 + total > settings.maxIobMilliunits) {
      return refused(
        'iob_above_max_for_automation',
        'bolus',
        totalUnits,
        `at most ${Math.max(0, settings.maxIobMilliunits / 1000 - iobUnits).toFixed(3)} U (insulin on board ${iobUnits.toFixed(3)} U, maximum ${settings.maxIobMilliunits / 1000} U)`,
      );
    }
  }
  const stopped = stoppedRefusal(state);
  if (stopped !== null) return { ok: false, refusal: stopped };
  if (state.bolus !== null)
    return refused(
      'bolus_in_progress',
      'state.bolus',
      state.bolus.id,
      'no bolus in progress (cancel it first)',
    );
  const remaining = state.reservoir.remainingPulses * settings.pulseMilliunits;
  if (total > remaining)
    return refused(
      'insufficient_insulin',
      'bolus',
      totalUnits,
      `at most ${remaining / 1000} U (left in the reservoir)`,
    );
  return accept({
    type: 'bolus_started',
    at,
    id: state.nextBolusId,
    kind: bolus.kind,
    source,
    immediateMilliunits: amounts.immediateMilliunits,
    extendedMilliunits: amounts.extendedMilliunits,
    extendedDurationMinutes: amounts.durationMinutes,
  });
}

function cancelBolusEvent(state: PumpState, source: CommandSource, at: number): PumpEvent {
  const b = state.bolus;
  if (b === null) throw new Error('no bolus to cancel');
  const undelivered =
    b.immediatePulses - b.immediateDelivered + b.extendedPulses - b.extendedDelivered;
  return {
    type: 'bolus_cancelled',
    at,
    id: b.id,
    source,
    undeliveredMilliunits: undelivered * state.settings.pulseMilliunits,
  };
}

/** Order: reason; not already suspended. A bolus in progress is cancelled first. */
function decideSuspend(
  state: PumpState,
  command: Extract<PumpCommand, { type: 'suspend' }>,
  at: number,
): Decision {
  const reasons = ['user', 'disconnected', 'low_glucose'];
  if (!reasons.includes(command.reason))
    return refused('out_of_range', 'reason', command.reason, reasons.join(', '));
  if (state.suspended !== null)
    return refused('suspended', 'state.suspended', state.suspended.reason, 'a running pump');
  const events: PumpEvent[] = [];
  if (state.bolus !== null) events.push(cancelBolusEvent(state, command.source, at));
  events.push({ type: 'suspended', at, reason: command.reason, source: command.source });
  return { ok: true, events };
}

/** Order: amount (one pulse to the capacity, on the pulse grid); suspended. */
function decideFill(state: PumpState, units: unknown, at: number): Decision {
  const { pulseMilliunits, reservoirCapacityMilliunits } = state.settings;
  const problem = checkNumber('units', units, {
    min: pulseMilliunits / 1000,
    max: reservoirCapacityMilliunits / 1000,
    unit: 'U',
    stepMilliunits: pulseMilliunits,
  });
  if (problem !== null) return { ok: false, refusal: problem };
  if (state.suspended === null)
    return refused(
      'not_suspended',
      'state.suspended',
      'running',
      'suspend before changing the reservoir',
    );
  const discarded = state.reservoir.remainingPulses * pulseMilliunits;
  return accept({
    type: 'reservoir_filled',
    at,
    filledMilliunits: toMilliunits(units as number),
    discardedMilliunits: discarded,
  });
}

/** Order: target; amount (range, pulse grid); suspended; enough insulin. */
function decidePrime(
  state: PumpState,
  command: Extract<PumpCommand, { type: 'prime' }>,
  at: number,
): Decision {
  const target: unknown = command.target;
  if (target !== 'tubing' && target !== 'cannula')
    return refused('out_of_range', 'target', target, 'tubing, cannula');
  const pulse = state.settings.pulseMilliunits;
  const problem = checkNumber('units', command.units, {
    min: pulse / 1000,
    max: PRIME_UNITS_MAX[command.target],
    unit: 'U',
    stepMilliunits: pulse,
  });
  if (problem !== null) return { ok: false, refusal: problem };
  if (state.suspended === null)
    return refused('not_suspended', 'state.suspended', 'running', 'suspend before priming');
  const pulses = toMilliunits(command.units) / pulse;
  if (pulses > state.reservoir.remainingPulses) {
    return refused(
      'insufficient_insulin',
      'units',
      command.units,
      `at most ${(state.reservoir.remainingPulses * pulse) / 1000} U (left in the reservoir)`,
    );
  }
  return accept({ type: 'primed', at, target: command.target, pulses, milliunits: pulses * pulse });
}

/** Order: a known code that is active. */
function decideAcknowledge(state: PumpState, code: string, at: number): Decision {
  if (!isAlarmCode(code) || !state.alarms.some((alarm) => alarm.code === code)) {
    const active = state.alarms.map((alarm) => alarm.code).join(', ') || 'none active';
    return refused('alarm_not_active', 'code', code, active);
  }
  return accept({ type: 'alarm_acknowledged', at, code });
}

/** Order: local time of day (whole minutes, 0–1439). */
function decideClock(state: PumpState, localTimeMinutes: unknown, at: number): Decision {
  const problem = checkNumber('localTimeMinutes', localTimeMinutes, {
    min: 0,
    max: 1439,
    unit: 'minutes',
    step: 1,
  });
  if (problem !== null) return { ok: false, refusal: problem };
  const offset = (localTimeMinutes as number) * 60 - toSeconds(at);
  return accept({ type: 'clock_set', at, clockOffsetSeconds: normaliseOffset(offset) });
}

/** Order: UTC offset (−12:00 to +14:00 in 15-min steps). The local clock moves with it. */
function decideTimeZone(state: PumpState, utcOffsetMinutes: unknown, at: number): Decision {
  const problem = checkNumber('utcOffsetMinutes', utcOffsetMinutes, {
    min: -720,
    max: 840,
    unit: 'minutes',
    step: 15,
  });
  if (problem !== null) return { ok: false, refusal: problem };
  const shift = ((utcOffsetMinutes as number) - state.utcOffsetMinutes) * 60;
  return accept({
    type: 'time_zone_set',
    at,
    utcOffsetMinutes: utcOffsetMinutes as number,
    clockOffsetSeconds: normaliseOffset(state.clockOffsetSeconds + shift),
  });
}

function normaliseOffset(seconds: number): number {
  return ((seconds % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}
