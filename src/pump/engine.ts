// The pump engine as one object: state, event log and the hardware it reads. It ticks up to the
// time of each command first, so a command always sees delivery settled to its moment.
import { decide, type Decision } from './decide.ts';
import type { PumpCommand } from './commands.ts';
import type { EventOf, PumpEvent } from './events.ts';
import { evolve, evolveDelivery } from './evolve.ts';
import { NOMINAL_HARDWARE, type HardwareReadings } from './hardware.ts';
import { parsePumpSettings, type PumpSettings } from './settings.ts';
import { createPumpState, toSeconds, type PumpState } from './state.ts';
import {
  newTickEvents,
  nextPulseSeconds,
  nextTimerSeconds,
  tick,
  type TickEvents,
} from './tick.ts';

export interface PumpEngineOptions {
  readonly settings: PumpSettings;
  readonly startMinutes: number;
  /** Reads the hardware at a moment; the simulator or a test double supplies it. */
  readonly hardware?: (nowMinutes: number) => HardwareReadings;
  /** Keep every event in `log` (default true); a long cohort run may only listen. */
  readonly keepLog?: boolean;
  readonly onEvent?: (event: PumpEvent) => void;
  /**
   * Called instead of `onEvent` for every delivery (most events; only the tick delivers): a
   * listener that takes them apart reads one event shape where `onEvent` meets a dozen, which V8
   * reads slowly.
   */
  readonly onDelivery?: (event: EventOf<'delivered'>) => void;
  /**
   * Skip ticks before the next thing due while the hardware reads the same (default true). The
   * skip is an optimisation only: a test runs both ways and compares the logs.
   */
  readonly skipQuietTicks?: boolean;
  /** Called with each event and the state it is about to change (for invariant checks). */
  readonly inspect?: (event: PumpEvent, stateBefore: PumpState) => void;
}

/** A tick that stops at boundaries never needs more steps than this (guard against a loop). */
const TICK_STEPS_MAX = 10_000;
/**
 * Long gaps between ticks are walked in steps of at most this length, so one delivery event never
 * spans more than 15 minutes: daily totals and insulin on board read the same whatever the
 * caller's tick rate.
 */
const STEP_MINUTES_MAX = 15;

export class PumpEngine {
  state: PumpState;
  readonly log: PumpEvent[] = [];
  private nowSeconds: number;
  private readonly hardware: (nowMinutes: number) => HardwareReadings;
  private readonly keepLog: boolean;
  private readonly onEvent: ((event: PumpEvent) => void) | undefined;
  private readonly onDelivery: ((event: EventOf<'delivered'>) => void) | undefined;
  private readonly inspect: ((event: PumpEvent, stateBefore: PumpState) => void) | undefined;
  /** Before this time, with the same hardware readings, a tick has nothing to do (derived cache). */
  private quietUntilSeconds = -Infinity;
  /** `nextTimerSeconds` of the state, or NaN once an event other than a delivery changed it. */
  private timersDueSeconds = Number.NaN;
  private lastReadings: HardwareReadings | null = null;
  private readonly skipQuietTicks: boolean;
  /** The events of the tick under way (reused: see TickEvents). */
  private readonly found: TickEvents = newTickEvents();

  constructor(options: PumpEngineOptions) {
    this.hardware = options.hardware ?? (() => NOMINAL_HARDWARE);
    this.keepLog = options.keepLog ?? true;
    this.onEvent = options.onEvent;
    this.onDelivery = options.onDelivery ?? options.onEvent;
    this.inspect = options.inspect;
    this.skipQuietTicks = options.skipQuietTicks ?? true;
    this.nowSeconds = toSeconds(options.startMinutes);
    this.state = createPumpState(options.settings, this.nowSeconds);
    this.record({ type: 'pump_started', at: options.startMinutes, settings: options.settings });
  }

  /** An engine from user settings; throws a RangeError naming the field if they are invalid. */
  static fromInput(input: unknown, options: Omit<PumpEngineOptions, 'settings'>): PumpEngine {
    const parsed = parsePumpSettings(input);
    if (!parsed.ok) {
      const r = parsed.refusal;
      throw new RangeError(`${r.field} = ${r.value}: allowed ${r.allowed}`);
    }
    return new PumpEngine(Object.assign({}, options, { settings: parsed.settings }));
  }

  /** Delivers what falls due up to `nowMinutes`; returns the events of this tick. */
  tick(nowMinutes: number): readonly PumpEvent[] {
    const count = this.settle(nowMinutes);
    // The caller's own copy, of exactly the tick's events (one, nearly always: a literal).
    if (count === 0) return NO_EVENTS;
    const list = this.found.list;
    return count === 1 ? [list[0]!] : list.slice(0, count);
  }

  /**
   * `tick` for a caller that hears the events through its listeners: the same delivery without a
   * copy of the events (an allocation on every delivering tick). Returns how many there were.
   */
  settle(nowMinutes: number): number {
    const fromSeconds = this.nowSeconds;
    this.advanceClock(nowMinutes);
    const readings = this.hardware(nowMinutes);
    const quiet = this.nowSeconds < this.quietUntilSeconds;
    if (this.skipQuietTicks && quiet && sameReadings(readings, this.lastReadings)) return 0;
    const found = this.found;
    found.count = 0;
    // Compared in seconds: no division on every tick that does something.
    if (this.nowSeconds - fromSeconds > STEP_MINUTES_MAX * 60)
      this.walkGap(fromSeconds / 60, nowMinutes, readings);
    this.tickUntil(nowMinutes, readings);
    this.lastReadings = readings;
    // Nothing can happen before the next pulse or timer while the hardware reads the same; alarm
    // conditions that depend on nothing else cannot change.
    if (Number.isNaN(this.timersDueSeconds)) this.timersDueSeconds = nextTimerSeconds(this.state);
    this.quietUntilSeconds = Math.min(nextPulseSeconds(this.state), this.timersDueSeconds);
    return found.count;
  }

  /** A long gap since the last tick, walked up to its last step (see STEP_MINUTES_MAX). */
  private walkGap(fromMinutes: number, nowMinutes: number, readings: HardwareReadings): void {
    for (let t = fromMinutes + STEP_MINUTES_MAX; t < nowMinutes; t += STEP_MINUTES_MAX) {
      this.tickUntil(t, readings);
    }
  }

  /** Steps to `nowMinutes`, applying each event and adding it to the tick's events. */
  private tickUntil(nowMinutes: number, readings: HardwareReadings): void {
    const found = this.found;
    for (let step = 0; step < TICK_STEPS_MAX; step += 1) {
      const from = found.count;
      const caughtUp = tick(this.state, nowMinutes, readings, found);
      for (let i = from; i < found.count; i += 1) this.applyFound(found.list[i]!);
      if (caughtUp) return;
    }
    throw notCaughtUp(nowMinutes);
  }

  /**
   * `apply` for the tick's own events, whose deliveries skip the generic path. V8 keeps the
   * object shapes each property read has met per function, and a read that has met more than
   * four (the events of commands bring a dozen) takes a slow generic lookup: here only the few
   * shapes of the tick's events are read (the bench's day about 4 % faster).
   */
  private applyFound(event: PumpEvent): void {
    if (event.type !== 'delivered') return this.apply(event);
    this.quietUntilSeconds = -Infinity;
    this.inspect?.(event, this.state);
    this.state = evolveDelivery(this.state, event);
    if (this.keepLog) this.log.push(event);
    this.onDelivery?.(event);
  }

  /** Ticks to `nowMinutes`, then decides the command; a refusal is logged and changes nothing. */
  execute(command: PumpCommand, nowMinutes: number): Decision {
    this.tick(nowMinutes);
    const decision = decide(this.state, command, nowMinutes);
    if (decision.ok) {
      for (const event of decision.events) this.apply(event);
    } else {
      this.record({
        type: 'command_refused',
        at: nowMinutes,
        command: command.type,
        refusal: decision.refusal,
      });
    }
    return decision;
  }

  private apply(event: PumpEvent): void {
    this.quietUntilSeconds = -Infinity;
    if (event.type !== 'delivered') this.timersDueSeconds = Number.NaN;
    this.inspect?.(event, this.state);
    this.state = evolve(this.state, event);
    this.record(event);
  }

  private record(event: PumpEvent): void {
    if (this.keepLog) this.log.push(event);
    this.onEvent?.(event);
  }

  private advanceClock(nowMinutes: number): void {
    const seconds = toSeconds(nowMinutes);
    if (!Number.isFinite(nowMinutes) || seconds < this.nowSeconds) {
      throw timeWentBack(nowMinutes, this.nowSeconds);
    }
    this.nowSeconds = seconds;
  }
}

// The errors of the tick are built apart from it: V8 counts a function's whole bytecode, cold
// branches too, against the budget for inlining the tick's steps into one another.
function timeWentBack(nowMinutes: number, lastSeconds: number): RangeError {
  return new RangeError(
    `now = ${nowMinutes} min: time must be finite and never go back (last ${lastSeconds / 60} min)`,
  );
}

function notCaughtUp(nowMinutes: number): Error {
  return new Error(`pump tick did not catch up with ${nowMinutes} min`);
}

const NO_EVENTS: readonly PumpEvent[] = Object.freeze([]);

function sameReadings(a: HardwareReadings, b: HardwareReadings | null): boolean {
  return (
    b !== null &&
    a.batteryPercent === b.batteryPercent &&
    a.linePressureKpa === b.linePressureKpa &&
    a.motorFault === b.motorFault
  );
}

/** The state a log leads to: applies every event to the state its first event creates. */
export function replay(events: readonly PumpEvent[]): PumpState {
  const [first, ...rest] = events;
  if (first?.type !== 'pump_started') throw new Error('a pump log starts with pump_started');
  let state = createPumpState(first.settings, toSeconds(first.at));
  for (const event of rest) state = evolve(state, event);
  return state;
}
