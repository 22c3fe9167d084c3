// A scripted pump day for `csii pump demo`: fill and prime, a 24-rate basal pattern, a meal bolus
// of each type, a temporary basal for sport, a suspension for a shower, a refused bolus and an
// occlusion that alarms and is dealt with. Pure: the same script always gives the same day.
import { recommendBolus, localMinuteOfDay } from './calculator.ts';
import type { PumpCommand } from './commands.ts';
import { PumpEngine, replay } from './engine.ts';
import type { PumpEvent } from './events.ts';
import { bolusHistory, dailyTotals, type BolusRecord } from './history.ts';
import { pumpInsulinOnBoardUnits } from './onBoard.ts';
import { describeRefusal } from './refusals.ts';
import {
  defaultPumpSettings,
  hourlyPattern,
  parsePumpSettings,
  DEFAULT_PUMP_SETTINGS,
  EXAMPLE_DAY_RATES_UNITS_PER_HOUR,
} from './settings.ts';
import { isDeepStrictEqual } from 'node:util';

/** The line blocks at 18:00; the user answers the alarm at 20:05 and changes the set. */
const OCCLUSION_START_MINUTES = 18 * 60;

export interface DemoSummary {
  readonly pulseSizeUnits: number;
  readonly totals: {
    basalUnits: number;
    bolusUnits: number;
    totalUnits: number;
    primedUnits: number;
  };
  readonly boluses: readonly BolusRecord[];
  readonly alarms: readonly { at: number; code: string; what: string }[];
  readonly refusals: readonly { at: number; command: string; reason: string }[];
  readonly eventCount: number;
  readonly replayMatchesLive: boolean;
  readonly log: readonly PumpEvent[];
}

export function runPumpDemo(): DemoSummary {
  const input = {
    ...DEFAULT_PUMP_SETTINGS,
    basalPatterns: [hourlyPattern('Weekday', EXAMPLE_DAY_RATES_UNITS_PER_HOUR)],
  };
  const parsed = parsePumpSettings(input);
  const settings = parsed.ok ? parsed.settings : defaultPumpSettings();
  const line = { blocked: false, trappedMilliunits: 0 };
  const engine = new PumpEngine({
    settings,
    startMinutes: 0,
    hardware: () => ({
      batteryPercent: 80,
      linePressureKpa: (line.trappedMilliunits / 1000) * settings.linePressureKpaPerUnit,
      motorFault: false,
    }),
    onEvent: (event) => {
      if (line.blocked && event.type === 'delivered')
        line.trappedMilliunits += event.basalMilliunits + event.bolusMilliunits;
    },
  });
  const script = demoScript(engine);
  for (let minute = 0; minute <= 1440; minute += 1) {
    if (minute === OCCLUSION_START_MINUTES) line.blocked = true;
    engine.tick(minute);
    for (const step of script.get(minute) ?? []) {
      const command = typeof step === 'function' ? step() : step;
      if (command.type === 'change_infusion_set')
        Object.assign(line, { blocked: false, trappedMilliunits: 0 });
      engine.execute(command, minute);
    }
    if (minute === 1439) engine.tick(1440);
  }
  return summarise(engine);
}

type Step = PumpCommand | (() => PumpCommand);

function demoScript(engine: PumpEngine): Map<number, Step[]> {
  const user = 'user' as const;
  const at = (hours: number, minutes = 0) => hours * 60 + minutes;
  /** A meal bolus the calculator works out from carbs, glucose and insulin on board. */
  const calculated = (carbsGrams: number, glucoseMgdl: number) => (): PumpCommand => {
    const nowSeconds = engine.state.basal.accruedThroughSeconds;
    const advice = recommendBolus(engine.state.settings, {
      carbsGrams,
      glucoseMgdl,
      iobUnits: pumpInsulinOnBoardUnits(engine.state, nowSeconds),
      localMinuteOfDay: localMinuteOfDay(nowSeconds, engine.state.clockOffsetSeconds),
    });
    return {
      type: 'deliver_bolus',
      bolus: { kind: 'normal', units: advice.units },
      source: 'calculator',
    };
  };
  const steps: [number, Step][] = [
    [0, { type: 'fill_reservoir', units: 200 }],
    [0, { type: 'prime', target: 'tubing', units: 12 }],
    [0, { type: 'prime', target: 'cannula', units: 0.3 }],
    [0, { type: 'resume', source: user }],
    [at(7), { type: 'suspend', reason: 'disconnected', source: user }],
    [at(7, 20), { type: 'resume', source: user }],
    [at(7, 30), calculated(50, 165)],
    [
      at(12, 30),
      {
        type: 'deliver_bolus',
        bolus: { kind: 'dual', immediateUnits: 3, extendedUnits: 2, durationMinutes: 120 },
        source: user,
      },
    ],
    [
      at(16),
      {
        type: 'start_temp_basal',
        tempBasal: { kind: 'percent', percent: 50, durationMinutes: 90 },
        source: user,
      },
    ],
    [at(16), { type: 'deliver_bolus', bolus: { kind: 'normal', units: 20 }, source: 'remote' }],
    [
      at(19),
      {
        type: 'deliver_bolus',
        bolus: { kind: 'extended', units: 4, durationMinutes: 180 },
        source: user,
      },
    ],
    [at(20, 5), { type: 'acknowledge_alarm', code: 'occlusion' }],
    [at(20, 6), { type: 'suspend', reason: 'user', source: user }],
    [at(20, 8), { type: 'change_infusion_set' }],
    [at(20, 9), { type: 'prime', target: 'cannula', units: 0.3 }],
    [at(20, 10), { type: 'resume', source: user }],
  ];
  const script = new Map<number, Step[]>();
  for (const [minute, step] of steps) script.set(minute, [...(script.get(minute) ?? []), step]);
  return script;
}

function summarise(engine: PumpEngine): DemoSummary {
  const { log } = engine;
  const [day] = dailyTotals(log);
  const alarms = log.flatMap((e) => {
    if (e.type === 'alarm_raised') {
      const missed =
        e.missedMilliunits === undefined ? '' : ` (${e.missedMilliunits / 1000} U missed)`;
      return [{ at: e.at, code: e.code, what: `raised${missed}` }];
    }
    if (e.type === 'alarm_cleared') {
      const released =
        e.releasedMilliunits === undefined ? '' : ` (${e.releasedMilliunits / 1000} U released)`;
      return [{ at: e.at, code: e.code, what: `cleared${released}` }];
    }
    return [];
  });
  const refusals = log.flatMap((e) =>
    e.type === 'command_refused'
      ? [{ at: e.at, command: e.command, reason: describeRefusal(e.refusal) }]
      : [],
  );
  return {
    pulseSizeUnits: engine.state.settings.pulseMilliunits / 1000,
    totals: {
      basalUnits: day?.basalUnits ?? 0,
      bolusUnits: day?.bolusUnits ?? 0,
      totalUnits: day?.totalUnits ?? 0,
      primedUnits: day?.primedUnits ?? 0,
    },
    boluses: bolusHistory(log),
    alarms,
    refusals,
    eventCount: log.length,
    replayMatchesLive: isDeepStrictEqual(replay(log), engine.state),
    log,
  };
}
