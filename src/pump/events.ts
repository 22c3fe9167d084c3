// The event log: every accepted command, delivery, alarm and refusal, with its time (minutes
// from the simulation's epoch) and integer amounts. `evolve` turns events into state; replaying
// the log from the first event gives the live state exactly.
import type { AnyAlarmCode } from './alarms.ts';
import type { CommandSource, PumpCommandType, SuspendReason } from './commands.ts';
import type { Refusal } from './refusals.ts';
import type { BasalPattern, PumpSettings } from './settings.ts';
import type { TempBasalState } from './state.ts';

interface At {
  /** Minutes from the simulation's epoch. */
  readonly at: number;
}

export type PumpEvent = At &
  (
    | { type: 'pump_started'; settings: PumpSettings }
    | { type: 'settings_updated'; settings: PumpSettings }
    | { type: 'basal_pattern_selected'; index: number }
    | { type: 'basal_pattern_edited'; index: number; pattern: BasalPattern }
    | { type: 'temp_basal_started'; tempBasal: TempBasalState }
    | { type: 'temp_basal_cancelled'; source: CommandSource }
    | { type: 'temp_basal_ended' }
    | {
        type: 'bolus_started';
        id: number;
        kind: 'normal' | 'extended' | 'dual';
        source: CommandSource;
        immediateMilliunits: number;
        extendedMilliunits: number;
        extendedDurationMinutes: number;
      }
    | {
        type: 'bolus_cancelled';
        id: number;
        /** 'pump' when a delivery-stopping alarm cancelled it. */
        source: CommandSource | 'pump';
        undeliveredMilliunits: number;
      }
    | { type: 'bolus_completed'; id: number; deliveredMilliunits: number }
    | {
        type: 'delivered';
        /** Time the first pulse of this batch fell due (`at` is the last). */
        firstAt: number;
        basalPulses: number;
        bolusPulses: number;
        basalMilliunits: number;
        bolusMilliunits: number;
        /** Basal settled through this time, with this remainder carried forward. */
        basalAccruedThroughSeconds: number;
        basalAccumulator: number;
        bolusId: number | null;
        immediatePulses: number;
        extendedPulses: number;
      }
    | { type: 'suspended'; reason: SuspendReason; source: CommandSource }
    | { type: 'resumed'; source: CommandSource }
    | { type: 'reservoir_filled'; filledMilliunits: number; discardedMilliunits: number }
    | { type: 'primed'; target: 'tubing' | 'cannula'; pulses: number; milliunits: number }
    | { type: 'infusion_set_changed' }
    | { type: 'battery_changed' }
    | { type: 'alarm_raised'; code: AnyAlarmCode; missedMilliunits?: number }
    | { type: 'alarm_acknowledged'; code: AnyAlarmCode }
    | { type: 'alarm_cleared'; code: AnyAlarmCode; releasedMilliunits?: number }
    | { type: 'clock_set'; clockOffsetSeconds: number }
    | { type: 'time_zone_set'; utcOffsetMinutes: number; clockOffsetSeconds: number }
    | { type: 'user_interaction'; command: PumpCommandType }
    | { type: 'command_refused'; command: PumpCommandType; refusal: Refusal }
  );

export type PumpEventType = PumpEvent['type'];
export type EventOf<T extends PumpEventType> = Extract<PumpEvent, { type: T }>;
