// Pump settings: what the user (or clinician) programs, validated against the ranges of modern
// pumps (clinical.md, "Modern pumps"). Input is in user units (U, U/h, g/U, mg/dL/U, hours);
// the engine keeps the integer form (milliunits, minutes) so no float drift enters delivery.
import { z } from 'zod';
import { IOB_SUBTRACTED, type IobSubtracted } from '../insulin/bolusFormula.ts';
import { ranged, rangedInt } from '../validation/numbers.ts';
import { refusalFromZod, toMilliunits } from './schema.ts';
import { refusal, type Refusal } from './refusals.ts';

export const PATTERN_COUNT_MAX = 8;
export const SEGMENT_COUNT_MAX = 48;
/** Basal and calculator segments start on the half hour (48 segments a day at most). */
export const SEGMENT_STEP_MINUTES = 30;

export const INSULIN_CURVES = ['rapid-acting', 'ultra-rapid', 'bilinear'] as const;
export type InsulinCurveName = (typeof INSULIN_CURVES)[number];

const segmentStart = rangedInt(0, 1410, 'minutes after midnight');

const basalSegmentInput = z.object({
  startMinutes: segmentStart,
  rateUnitsPerHour: ranged(0, 40, 'U/h'),
});

const basalPatternInput = z.object({
  name: z.string().min(1).max(32),
  segments: z
    .array(basalSegmentInput)
    .min(1)
    .max(SEGMENT_COUNT_MAX, `1–${SEGMENT_COUNT_MAX} segments`),
});

function scheduleOf<T extends z.ZodType>(value: T) {
  return z
    .array(z.object({ startMinutes: segmentStart, value }))
    .min(1)
    .max(SEGMENT_COUNT_MAX, `1–${SEGMENT_COUNT_MAX} segments`);
}

const targetInput = z.object({
  lowMgdl: ranged(60, 250, 'mg/dL'),
  highMgdl: ranged(60, 250, 'mg/dL'),
});

export const pumpSettingsInputSchema = z.object({
  pulseSizeUnits: ranged(0.01, 0.1, 'U'),
  reservoirCapacityUnits: ranged(160, 315, 'U'),
  bolusSpeedUnitsPerMinute: ranged(0.5, 10, 'U/min'),
  basalPatterns: z
    .array(basalPatternInput)
    .min(1)
    .max(PATTERN_COUNT_MAX, `1–${PATTERN_COUNT_MAX} patterns`),
  activePatternIndex: rangedInt(0, PATTERN_COUNT_MAX - 1, ''),
  maxBasalUnitsPerHour: ranged(0.05, 40, 'U/h'),
  maxBolusUnits: ranged(0.1, 75, 'U'),
  maxHourlyBolusUnits: ranged(0.1, 150, 'U'),
  maxIobUnits: ranged(0, 30, 'U'),
  calculator: z.object({
    carbRatioGramsPerUnit: scheduleOf(ranged(1, 150, 'g/U')),
    sensitivityMgdlPerUnit: scheduleOf(ranged(1, 400, 'mg/dL/U')),
    target: scheduleOf(targetInput),
    activeInsulinHours: ranged(2, 8, 'h'),
    insulinCurve: z.enum(INSULIN_CURVES),
    /** What insulin on board is taken from: the whole bolus, or the correction alone. */
    iobSubtracted: z.enum(IOB_SUBTRACTED).default('from-total'),
  }),
  alerts: z.object({
    lowReservoirUnits: ranged(5, 50, 'U'),
    lowBatteryPercent: ranged(5, 50, '%'),
    /** 0 turns auto-off off; otherwise 5–24 h as pumps offer. */
    autoOffHours: z.union([z.literal(0), ranged(5, 24, 'h')], { error: '0 (off) or 5–24 h' }),
    setChangeReminderHours: ranged(24, 168, 'h'),
    occlusionThresholdUnits: ranged(0.5, 5, 'U'),
  }),
  /** Motor service life, in units pushed over the pump's life (end of pump life). */
  motorServiceLifeUnits: ranged(1000, 1_000_000, 'U'),
  /** Line pressure per unit of insulin held back by a blocked line: the force sensor's calibration. */
  linePressureKpaPerUnit: ranged(1, 1000, 'kPa/U'),
});

export type PumpSettingsInput = z.input<typeof pumpSettingsInputSchema>;

export interface BasalSegment {
  readonly startMinutes: number;
  readonly rateMilliunitsPerHour: number;
}

export interface BasalPattern {
  readonly name: string;
  readonly segments: readonly BasalSegment[];
}

export interface ScheduleSegment<T> {
  readonly startMinutes: number;
  readonly value: T;
}

/** The engine's form of the settings: integers for every insulin amount. */
export interface PumpSettings {
  readonly pulseMilliunits: number;
  readonly reservoirCapacityMilliunits: number;
  readonly bolusSpeedMilliunitsPerMinute: number;
  readonly basalPatterns: readonly BasalPattern[];
  readonly activePatternIndex: number;
  readonly maxBasalMilliunitsPerHour: number;
  readonly maxBolusMilliunits: number;
  readonly maxHourlyBolusMilliunits: number;
  readonly maxIobMilliunits: number;
  readonly calculator: {
    readonly carbRatioGramsPerUnit: readonly ScheduleSegment<number>[];
    readonly sensitivityMgdlPerUnit: readonly ScheduleSegment<number>[];
    readonly target: readonly ScheduleSegment<{ lowMgdl: number; highMgdl: number }>[];
    readonly activeInsulinMinutes: number;
    readonly insulinCurve: InsulinCurveName;
    readonly iobSubtracted: IobSubtracted;
  };
  readonly alerts: {
    readonly lowReservoirMilliunits: number;
    readonly lowBatteryPercent: number;
    readonly autoOffMinutes: number;
    readonly setChangeReminderMinutes: number;
    readonly occlusionThresholdMilliunits: number;
  };
  readonly motorServiceLifeMilliunits: number;
  readonly linePressureKpaPerUnit: number;
}

export type SettingsResult = { ok: true; settings: PumpSettings } | { ok: false; refusal: Refusal };

/** Parses user settings into the engine's form, or names the first field that is wrong. */
export function parsePumpSettings(input: unknown, prefix = 'settings'): SettingsResult {
  const parsed = pumpSettingsInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, refusal: refusalFromZod(parsed.error, input, prefix) };
  const s = parsed.data;
  const settings: PumpSettings = {
    pulseMilliunits: toMilliunits(s.pulseSizeUnits),
    reservoirCapacityMilliunits: toMilliunits(s.reservoirCapacityUnits),
    bolusSpeedMilliunitsPerMinute: toMilliunits(s.bolusSpeedUnitsPerMinute),
    basalPatterns: s.basalPatterns.map((p) => ({
      name: p.name,
      segments: p.segments.map((seg) => ({
        startMinutes: seg.startMinutes,
        rateMilliunitsPerHour: toMilliunits(seg.rateUnitsPerHour),
      })),
    })),
    activePatternIndex: s.activePatternIndex,
    maxBasalMilliunitsPerHour: toMilliunits(s.maxBasalUnitsPerHour),
    maxBolusMilliunits: toMilliunits(s.maxBolusUnits),
    maxHourlyBolusMilliunits: toMilliunits(s.maxHourlyBolusUnits),
    maxIobMilliunits: toMilliunits(s.maxIobUnits),
    calculator: {
      carbRatioGramsPerUnit: s.calculator.carbRatioGramsPerUnit,
      sensitivityMgdlPerUnit: s.calculator.sensitivityMgdlPerUnit,
      target: s.calculator.target,
      activeInsulinMinutes: Math.round(s.calculator.activeInsulinHours * 60),
      insulinCurve: s.calculator.insulinCurve,
      iobSubtracted: s.calculator.iobSubtracted,
    },
    alerts: {
      lowReservoirMilliunits: toMilliunits(s.alerts.lowReservoirUnits),
      lowBatteryPercent: s.alerts.lowBatteryPercent,
      autoOffMinutes: Math.round(s.alerts.autoOffHours * 60),
      setChangeReminderMinutes: Math.round(s.alerts.setChangeReminderHours * 60),
      occlusionThresholdMilliunits: toMilliunits(s.alerts.occlusionThresholdUnits),
    },
    motorServiceLifeMilliunits: toMilliunits(s.motorServiceLifeUnits),
    linePressureKpaPerUnit: s.linePressureKpaPerUnit,
  };
  const problem = crossFieldProblem(settings, prefix);
  return problem === null ? { ok: true, settings } : { ok: false, refusal: problem };
}

/** Checks that involve more than one field, in a fixed order. */
function crossFieldProblem(s: PumpSettings, prefix: string): Refusal | null {
  if (s.activePatternIndex >= s.basalPatterns.length) {
    return refusal(
      'out_of_range',
      `${prefix}.activePatternIndex`,
      s.activePatternIndex,
      `0–${s.basalPatterns.length - 1}`,
    );
  }
  for (const [index, pattern] of s.basalPatterns.entries()) {
    const problem = basalPatternProblem(pattern, s, `${prefix}.basalPatterns.${index}`);
    if (problem !== null) return problem;
  }
  const { calculator } = s;
  const schedules = {
    carbRatioGramsPerUnit: calculator.carbRatioGramsPerUnit,
    sensitivityMgdlPerUnit: calculator.sensitivityMgdlPerUnit,
    target: calculator.target,
  };
  for (const [name, schedule] of Object.entries(schedules)) {
    const problem = scheduleShapeProblem(schedule, `${prefix}.calculator.${name}`);
    if (problem !== null) return problem;
  }
  for (const [index, segment] of calculator.target.entries()) {
    if (segment.value.lowMgdl > segment.value.highMgdl) {
      return refusal(
        'out_of_range',
        `${prefix}.calculator.target.${index}.value.lowMgdl`,
        segment.value.lowMgdl,
        `at most highMgdl (${segment.value.highMgdl} mg/dL)`,
      );
    }
  }
  for (const [field, value, step] of [
    ['maxBolusUnits', s.maxBolusMilliunits, s.pulseMilliunits],
    ['reservoirCapacityUnits', s.reservoirCapacityMilliunits, s.pulseMilliunits],
  ] as const) {
    if (value % step !== 0) {
      return refusal(
        'not_a_step_multiple',
        `${prefix}.${field}`,
        value / 1000,
        `a multiple of ${step / 1000} U`,
      );
    }
  }
  if (s.maxHourlyBolusMilliunits < s.maxBolusMilliunits) {
    return refusal(
      'out_of_range',
      `${prefix}.maxHourlyBolusUnits`,
      s.maxHourlyBolusMilliunits / 1000,
      `at least maxBolusUnits (${s.maxBolusMilliunits / 1000} U)`,
    );
  }
  return null;
}

/** A basal pattern: segments on the half hour, the first at midnight, rates within the max basal. */
export function basalPatternProblem(
  pattern: BasalPattern,
  settings: Pick<PumpSettings, 'maxBasalMilliunitsPerHour'>,
  field: string,
): Refusal | null {
  const shape = scheduleShapeProblem(pattern.segments, `${field}.segments`);
  if (shape !== null) return shape;
  for (const [index, segment] of pattern.segments.entries()) {
    if (segment.rateMilliunitsPerHour > settings.maxBasalMilliunitsPerHour) {
      return refusal(
        'rate_above_max_basal',
        `${field}.segments.${index}.rateUnitsPerHour`,
        segment.rateMilliunitsPerHour / 1000,
        `0–${settings.maxBasalMilliunitsPerHour / 1000} U/h (the maximum basal)`,
      );
    }
  }
  return null;
}

function scheduleShapeProblem(
  segments: readonly { startMinutes: number }[],
  field: string,
): Refusal | null {
  for (const [index, segment] of segments.entries()) {
    const previous = index === 0 ? -1 : (segments[index - 1]?.startMinutes ?? -1);
    const allowed =
      index === 0
        ? '0 (the first segment starts at midnight)'
        : `a multiple of ${SEGMENT_STEP_MINUTES} after ${previous}, below 1440`;
    const wrong =
      (index === 0 && segment.startMinutes !== 0) ||
      segment.startMinutes % SEGMENT_STEP_MINUTES !== 0 ||
      segment.startMinutes <= previous;
    if (wrong)
      return refusal(
        'invalid_schedule',
        `${field}.${index}.startMinutes`,
        segment.startMinutes,
        allowed,
      );
  }
  return null;
}

/**
 * An example adult day of 24 hourly rates, U/h: lower at night, a dawn rise, a lower afternoon.
 * Used by the demo, the tests and the benchmark.
 */
export const EXAMPLE_DAY_RATES_UNITS_PER_HOUR: readonly number[] = [
  0.7, 0.65, 0.6, 0.6, 0.75, 0.9, 1.05, 1.1, 1.0, 0.9, 0.85, 0.8, 0.8, 0.75, 0.7, 0.7, 0.75, 0.8,
  0.85, 0.9, 0.9, 0.85, 0.8, 0.75,
];

/** 24 hourly basal rates as a pattern (the common case). */
export function hourlyPattern(name: string, ratesUnitsPerHour: readonly number[]) {
  return {
    name,
    segments: ratesUnitsPerHour.map((rateUnitsPerHour, hour) => ({
      startMinutes: hour * 60,
      rateUnitsPerHour,
    })),
  };
}

/** Settings a diabetes nurse would start an adult on; every field can be overridden. */
export const DEFAULT_PUMP_SETTINGS: PumpSettingsInput = {
  pulseSizeUnits: 0.05,
  reservoirCapacityUnits: 300,
  bolusSpeedUnitsPerMinute: 1.5,
  basalPatterns: [
    hourlyPattern(
      'Standard',
      Array.from({ length: 24 }, () => 0.8),
    ),
  ],
  activePatternIndex: 0,
  maxBasalUnitsPerHour: 3,
  maxBolusUnits: 15,
  maxHourlyBolusUnits: 30,
  maxIobUnits: 6,
  calculator: {
    carbRatioGramsPerUnit: [{ startMinutes: 0, value: 10 }],
    sensitivityMgdlPerUnit: [{ startMinutes: 0, value: 50 }],
    target: [{ startMinutes: 0, value: { lowMgdl: 100, highMgdl: 120 } }],
    activeInsulinHours: 5,
    insulinCurve: 'rapid-acting',
    iobSubtracted: 'from-total',
  },
  alerts: {
    lowReservoirUnits: 20,
    lowBatteryPercent: 20,
    // Off, as pumps ship: a clinician turns it on for a person at risk of unnoticed lows.
    autoOffHours: 0,
    setChangeReminderHours: 72,
    occlusionThresholdUnits: 3,
  },
  motorServiceLifeUnits: 150_000,
  linePressureKpaPerUnit: 40,
};

/** The default settings in the engine's form. */
export function defaultPumpSettings(): PumpSettings {
  const result = parsePumpSettings(DEFAULT_PUMP_SETTINGS);
  if (!result.ok) throw new Error(`default pump settings are invalid: ${result.refusal.field}`);
  return result.settings;
}
