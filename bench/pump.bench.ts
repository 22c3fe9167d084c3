// Pump-engine throughput: simulated pump-days per second on one core. A day has a 24-segment
// basal pattern, four boluses (normal, dual, extended, calculator), a temporary basal, and a tick
// every minute. Baseline: the least any engine must do, a hand-written integer basal
// accumulator ticked every minute over the same day.
import {
  PumpEngine,
  parsePumpSettings,
  DEFAULT_PUMP_SETTINGS,
  EXAMPLE_DAY_RATES_UNITS_PER_HOUR,
  hourlyPattern,
} from '../src/pump/index.ts';
import { measure, report } from './harness.ts';

const RATES = EXAMPLE_DAY_RATES_UNITS_PER_HOUR;

function pumpDay(): () => void {
  const parsed = parsePumpSettings({
    ...DEFAULT_PUMP_SETTINGS,
    basalPatterns: [hourlyPattern('Bench', RATES)],
    alerts: { ...DEFAULT_PUMP_SETTINGS.alerts, autoOffHours: 0 },
  });
  if (!parsed.ok) throw new Error('bench settings invalid');
  const settings = parsed.settings;
  const user = 'user' as const;
  return () => {
    const engine = new PumpEngine({ settings, startMinutes: 0, keepLog: false });
    engine.execute({ type: 'fill_reservoir', units: 300 }, 0);
    engine.execute({ type: 'resume', source: user }, 0);
    for (let minute = 1; minute <= 1440; minute += 1) {
      engine.tick(minute);
      if (minute === 420)
        engine.execute(
          { type: 'deliver_bolus', bolus: { kind: 'normal', units: 5 }, source: user },
          minute,
        );
      if (minute === 750)
        engine.execute(
          {
            type: 'deliver_bolus',
            bolus: { kind: 'dual', immediateUnits: 3, extendedUnits: 2, durationMinutes: 120 },
            source: user,
          },
          minute,
        );
      if (minute === 960)
        engine.execute(
          {
            type: 'start_temp_basal',
            tempBasal: { kind: 'percent', percent: 70, durationMinutes: 90 },
            source: user,
          },
          minute,
        );
      if (minute === 1140)
        engine.execute(
          {
            type: 'deliver_bolus',
            bolus: { kind: 'extended', units: 4, durationMinutes: 180 },
            source: user,
          },
          minute,
        );
      if (minute === 1320)
        engine.execute(
          { type: 'deliver_bolus', bolus: { kind: 'normal', units: 1.5 }, source: 'calculator' },
          minute,
        );
    }
  };
}

/** The floor: integer basal pulses from 24 hourly rates, ticked each minute. */
function accumulatorDay(): () => void {
  const rates = RATES.map((u) => Math.round(u * 1000));
  const threshold = 50 * 60;
  let sink = 0;
  return () => {
    let accumulator = 0;
    let pulses = 0;
    for (let minute = 1; minute <= 1440; minute += 1) {
      accumulator += rates[Math.floor((minute - 1) / 60)] ?? 0;
      const due = Math.floor(accumulator / threshold);
      pulses += due;
      accumulator -= due * threshold;
    }
    sink += pulses;
    if (sink < 0) console.log(sink);
  };
}

export async function run(): Promise<void> {
  const baseline = measure('a bare integer accumulator', accumulatorDay());
  const engine = measure('pump engine', pumpDay());
  report('Pump engine', 'pump-days/s', engine, baseline, 20_000);
}
