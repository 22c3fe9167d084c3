// The pump the experiments measure: the default settings with a flat basal rate, filled, primed
// and running from minute 0, as a bench test would set one up.
import {
  DEFAULT_PUMP_SETTINGS,
  hourlyPattern,
  parsePumpSettings,
  PumpEngine,
  type Decision,
  type HardwareReadings,
  type PumpEvent,
  type PumpSettings,
  type PumpSettingsInput,
} from '../pump/index.ts';

export const HOURS_PER_DAY = 24;

/** Milliunits → units (the engine counts integer milliunits; tables show units). */
export const toUnits = (milliunits: number): number => milliunits / 1000;

export interface BenchPumpOptions {
  readonly basalUnitsPerHour: number;
  readonly pulseSizeUnits?: number;
  readonly occlusionThresholdUnits?: number;
}

/** The default settings with a flat basal; throws a RangeError naming a field out of range. */
export function benchSettings(options: BenchPumpOptions): PumpSettings {
  const input: PumpSettingsInput = {
    ...DEFAULT_PUMP_SETTINGS,
    basalPatterns: [
      hourlyPattern(
        'Flat',
        Array.from({ length: HOURS_PER_DAY }, () => options.basalUnitsPerHour),
      ),
    ],
    pulseSizeUnits: options.pulseSizeUnits ?? DEFAULT_PUMP_SETTINGS.pulseSizeUnits,
    alerts: {
      ...DEFAULT_PUMP_SETTINGS.alerts,
      occlusionThresholdUnits:
        options.occlusionThresholdUnits ?? DEFAULT_PUMP_SETTINGS.alerts.occlusionThresholdUnits,
    },
  };
  const parsed = parsePumpSettings(input);
  if (!parsed.ok) {
    const r = parsed.refusal;
    throw new RangeError(`${r.field} = ${r.value}: allowed ${r.allowed}`);
  }
  return parsed.settings;
}

/** A full reservoir, running at minute 0 (no log kept: the experiments listen to events). */
export function startBenchPump(options: {
  readonly settings: PumpSettings;
  readonly hardware?: (nowMinutes: number) => HardwareReadings;
  readonly onEvent: (event: PumpEvent) => void;
}): PumpEngine {
  const engine = new PumpEngine({
    settings: options.settings,
    startMinutes: 0,
    keepLog: false,
    onEvent: options.onEvent,
    ...(options.hardware === undefined ? {} : { hardware: options.hardware }),
  });
  const capacityUnits = toUnits(options.settings.reservoirCapacityMilliunits);
  mustAccept(engine.execute({ type: 'fill_reservoir', units: capacityUnits }, 0), 'fill');
  mustAccept(engine.execute({ type: 'resume', source: 'user' }, 0), 'resume');
  return engine;
}

/** An experiment's own command must be accepted: a refusal is a bug in the set-up, not a result. */
export function mustAccept(decision: Decision, what: string): void {
  if (!decision.ok) {
    const r = decision.refusal;
    throw new Error(`${what} refused: ${r.code} (${r.field} = ${r.value}; allowed ${r.allowed})`);
  }
}
