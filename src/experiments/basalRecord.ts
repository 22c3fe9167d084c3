// A constant basal rate delivered by the pump engine, recorded minute by minute as a balance under
// the infusion set would weigh it: `deliveredMilliunits[i]` is what the engine delivered in its
// tick at minute i + 1, i.e. the pulses that fell due in minute (i, i + 1]. The engine is ticked
// every minute, as the simulator ticks it.
import { benchSettings, startBenchPump } from './pumpSetup.ts';

export interface BasalRecordOptions {
  readonly pulseSizeUnits: number;
  readonly basalUnitsPerHour: number;
  readonly durationMinutes: number;
}

export interface BasalRecord {
  readonly deliveredMilliunits: Float64Array;
  readonly rateMilliunitsPerHour: number;
  readonly pulseMilliunits: number;
  readonly totalDeliveredMilliunits: number;
  readonly totalProgrammedMilliunits: number;
}

export function recordBasalDelivery(options: BasalRecordOptions): BasalRecord {
  const settings = benchSettings({
    basalUnitsPerHour: options.basalUnitsPerHour,
    pulseSizeUnits: options.pulseSizeUnits,
  });
  const delivered = new Float64Array(options.durationMinutes);
  let minuteIndex = 0;
  let total = 0;
  const engine = startBenchPump({
    settings,
    onEvent: (event) => {
      if (event.type !== 'delivered') return;
      const pushed = event.basalMilliunits + event.bolusMilliunits;
      delivered[minuteIndex] = (delivered[minuteIndex] ?? 0) + pushed;
      total += pushed;
    },
  });
  for (let minute = 1; minute <= options.durationMinutes; minute += 1) {
    minuteIndex = minute - 1;
    engine.tick(minute);
  }
  const rate = settings.basalPatterns[0]?.segments[0]?.rateMilliunitsPerHour ?? 0;
  return {
    deliveredMilliunits: delivered,
    rateMilliunitsPerHour: rate,
    pulseMilliunits: settings.pulseMilliunits,
    totalDeliveredMilliunits: total,
    totalProgrammedMilliunits: (rate * options.durationMinutes) / 60,
  };
}
