// The pump's state: plain data, changed only by `evolve`. Time inside the engine is integer
// seconds from the simulation's epoch; insulin is integer pulses or milliunits.
import type { AnyAlarmCode } from './alarms.ts';
import type { BolusRequest, CommandSource, SuspendReason } from './commands.ts';
import { NO_SEGMENTS, rateRuleOf, slotTableOf, type RateRule } from './basal.ts';
import type { BasalSegment, PumpSettings } from './settings.ts';

export interface TempBasalState {
  readonly kind: 'percent' | 'absolute';
  /** For 'percent': the share of the scheduled rate, 0–250. */
  readonly percent: number;
  /** For 'absolute': the rate to deliver. */
  readonly rateMilliunitsPerHour: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly source: CommandSource;
}

export interface BolusState {
  readonly id: number;
  readonly kind: BolusRequest['kind'];
  readonly source: CommandSource;
  readonly startSeconds: number;
  readonly immediatePulses: number;
  readonly extendedPulses: number;
  readonly extendedDurationSeconds: number;
  immediateDelivered: number;
  extendedDelivered: number;
}

export interface ActiveAlarm {
  readonly code: AnyAlarmCode;
  readonly raisedSeconds: number;
  acknowledged: boolean;
}

/** A span in which the delivered basal differs from the schedule (temp basal, suspension, alarm). */
export interface NetBasalSpan {
  readonly startSeconds: number;
  endSeconds: number | null;
  /** 'zero' while nothing is delivered; otherwise the temp basal that was running. */
  readonly mode: 'zero' | 'percent' | 'absolute';
  readonly percent: number;
  readonly rateMilliunitsPerHour: number;
  /** The schedule in force during the span (settings are replaced, never mutated). */
  readonly segments: readonly BasalSegment[];
  readonly clockOffsetSeconds: number;
  readonly maxBasalMilliunitsPerHour: number;
}

export interface BolusDose {
  readonly startSeconds: number;
  readonly milliunits: number;
}

export interface PumpState {
  settings: PumpSettings;
  /** Local time = engine time + this offset (the pump's clock and time zone). */
  clockOffsetSeconds: number;
  utcOffsetMinutes: number;
  reservoir: {
    /** This reservoir: filled = delivered + primed + remaining, exactly. */
    filledPulses: number;
    deliveredPulses: number;
    primedPulses: number;
    remainingPulses: number;
  };
  lifetime: {
    filledPulses: number;
    deliveredPulses: number;
    basalPulses: number;
    bolusPulses: number;
    primedPulses: number;
    discardedPulses: number;
  };
  basal: {
    /** Basal accrued up to this time (delivery is settled to here). */
    accruedThroughSeconds: number;
    /** Accrued, undelivered basal in (mU/h)·percent·s; a pulse is due at pulse·3600·100. */
    accumulator: number;
  };
  tempBasal: TempBasalState | null;
  /** Derived: the delivery rule these fields give (`rateRuleOf`), kept current by `evolve`. */
  rateRule: RateRule;
  bolus: BolusState | null;
  nextBolusId: number;
  suspended: { reason: SuspendReason; sinceSeconds: number } | null;
  alarms: ActiveAlarm[];
  lastInteractionSeconds: number;
  setInsertedSeconds: number;
  /** Insulin held back by a blocked line, estimated when the occlusion alarm was raised. */
  occlusionMissedMilliunits: number;
  /** Boluses programmed in the last hour, for the hourly maximum. */
  recentBoluses: BolusDose[];
  /** Delivered bolus insulin within the insulin-on-board window. */
  bolusDoses: BolusDose[];
  netBasalSpans: NetBasalSpan[];
}

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
/** How far back dose history is kept: the longest active insulin time (8 h) plus margin. */
export const DOSE_HISTORY_SECONDS = 9 * SECONDS_PER_HOUR;

export const toSeconds = (minutes: number): number => Math.round(minutes * SECONDS_PER_MINUTE);
export const toMinutes = (seconds: number): number => seconds / SECONDS_PER_MINUTE;

export function createPumpState(settings: PumpSettings, nowSeconds: number): PumpState {
  const state: PumpState = {
    settings,
    clockOffsetSeconds: 0,
    utcOffsetMinutes: 0,
    reservoir: { filledPulses: 0, deliveredPulses: 0, primedPulses: 0, remainingPulses: 0 },
    lifetime: {
      filledPulses: 0,
      deliveredPulses: 0,
      basalPulses: 0,
      bolusPulses: 0,
      primedPulses: 0,
      discardedPulses: 0,
    },
    basal: { accruedThroughSeconds: nowSeconds, accumulator: 0 },
    tempBasal: null,
    rateRule: {
      segments: NO_SEGMENTS,
      table: slotTableOf(NO_SEGMENTS),
      clockOffsetSeconds: 0,
      mode: 'zero',
      percent: 0,
      rateMilliunitsPerHour: 0,
      maxBasalMilliunitsPerHour: 0,
    },
    bolus: null,
    nextBolusId: 1,
    // A new pump waits, suspended, to be filled and primed.
    suspended: { reason: 'user', sinceSeconds: nowSeconds },
    alarms: [],
    lastInteractionSeconds: nowSeconds,
    setInsertedSeconds: nowSeconds,
    occlusionMissedMilliunits: 0,
    recentBoluses: [],
    bolusDoses: [],
    netBasalSpans: [],
  };
  state.rateRule = rateRuleOf(state);
  return state;
}
