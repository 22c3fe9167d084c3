// Shared helpers for the pump's tests: settings builders and a hardware double.
import type { HardwareReadings } from './hardware.ts';
import {
  DEFAULT_PUMP_SETTINGS,
  EXAMPLE_DAY_RATES_UNITS_PER_HOUR,
  hourlyPattern,
  parsePumpSettings,
  type PumpSettings,
  type PumpSettingsInput,
} from './settings.ts';

export function settingsWith(overrides: Partial<PumpSettingsInput> = {}): PumpSettings {
  const parsed = parsePumpSettings({ ...DEFAULT_PUMP_SETTINGS, ...overrides });
  if (!parsed.ok) throw new Error(`test settings invalid: ${JSON.stringify(parsed.refusal)}`);
  return parsed.settings;
}

export const DAY_RATES_UNITS_PER_HOUR = EXAMPLE_DAY_RATES_UNITS_PER_HOUR;

export const dayPattern = () => hourlyPattern('Weekday', DAY_RATES_UNITS_PER_HOUR);

/** Hardware whose readings a test sets by hand. */
export class HardwareDouble {
  readings: HardwareReadings = { batteryPercent: 100, linePressureKpa: 0, motorFault: false };
  read = (): HardwareReadings => this.readings;
  set(change: Partial<HardwareReadings>): void {
    this.readings = { ...this.readings, ...change };
  }
}
