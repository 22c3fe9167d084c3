// The commands a pump accepts, as the user, a remote control, the bolus calculator or a
// closed-loop algorithm would send them. Amounts are in user units here; `decide` checks them.
import type { PumpSettingsInput } from './settings.ts';

/** Who asked: the engine applies automation limits to 'algorithm' and counts user interaction. */
export type CommandSource = 'user' | 'remote' | 'calculator' | 'algorithm';

export type SuspendReason = 'user' | 'disconnected' | 'low_glucose';

export type BolusRequest =
  | { kind: 'normal'; units: number }
  | { kind: 'extended'; units: number; durationMinutes: number }
  | { kind: 'dual'; immediateUnits: number; extendedUnits: number; durationMinutes: number };

export type TempBasalRequest =
  | { kind: 'percent'; percent: number; durationMinutes: number }
  | { kind: 'absolute'; rateUnitsPerHour: number; durationMinutes: number };

export type PumpCommand =
  | { type: 'update_settings'; settings: PumpSettingsInput }
  | { type: 'select_basal_pattern'; index: number }
  | {
      type: 'edit_basal_pattern';
      index: number;
      pattern: { name: string; segments: { startMinutes: number; rateUnitsPerHour: number }[] };
    }
  | { type: 'start_temp_basal'; tempBasal: TempBasalRequest; source: CommandSource }
  | { type: 'cancel_temp_basal'; source: CommandSource }
  | { type: 'deliver_bolus'; bolus: BolusRequest; source: CommandSource }
  | { type: 'cancel_bolus'; source: CommandSource }
  | { type: 'suspend'; reason: SuspendReason; source: CommandSource }
  | { type: 'resume'; source: CommandSource }
  | { type: 'fill_reservoir'; units: number }
  | { type: 'prime'; target: 'tubing' | 'cannula'; units: number }
  | { type: 'change_infusion_set' }
  | { type: 'change_battery' }
  | { type: 'acknowledge_alarm'; code: string }
  | { type: 'set_clock'; localTimeMinutes: number }
  | { type: 'set_time_zone'; utcOffsetMinutes: number };

export type PumpCommandType = PumpCommand['type'];
