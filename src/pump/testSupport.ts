// Shared helpers for the pump's tests: settings builders and a hardware double.
import type { HardwareReadings } from './hardware.ts';
import {
  DEFAULT_PUMP_SETTINGS,
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

/** A 24-segment day: lower at night, a dawn rise, a lower afternoon. */
export const DAY_RATES_UNITS_PER_HOUR = [
  0.7, 0.65, 0.6, 0.6, 0.75, 0.9, 1.05, 1.1, 1.0, 0.9, 0.85, 0.8, 0.8, 0.75, 0.7, 0.7, 0.75, 0.8,
  0.85, 0.9, 0.9, 0.85, 0.8, 0.75,
];

export const dayPattern = () => hourlyPattern('Weekday', DAY_RATES_UNITS_PER_HOUR);

/** Hardware whose readings a test sets by hand. */
export class HardwareDouble {
  readings: HardwareReadings = { batteryPercent: 100, linePressureKpa: 0, motorFault: false };
  read = (): HardwareReadings => this.readings;
  set(change: Partial<HardwareReadings>): void {
    this.readings = { ...this.readings, ...change };
  }
}
