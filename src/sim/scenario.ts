// The scenario: who the patient is, which therapy, what happens to them. Parsed with zod at the
// boundary; every field has a default a diabetes nurse would find reasonable (stated beside it),
// and an error names the field path, the value and what is allowed.
import { z } from 'zod';
import { behaviourSchema } from '../therapy/behaviour.ts';
import { CONTROLLER_NAMES } from '../therapy/controllers/index.ts';
import { detectorSchema } from '../therapy/deliveryFailureDetector.ts';
import { faultsSchema, faultTimeProblems } from './faults.ts';
import { siteSchema } from './infusionSite.ts';
import { DAWN_PHENOMENON_DEFAULTS } from '../physiology/dawnPhenomenon.ts';
import { clockOf } from '../units/index.ts';
import { clockTime } from '../validation/clock.ts';
import { ranged, rangedInt } from '../validation/numbers.ts';
import { problemLines } from '../validation/parseOptions.ts';

/**
 * A dawn phenomenon (physiology/dawnPhenomenon.ts): the early-morning rise of the insulin need.
 * Defaults after Perriello et al. 1991 (114 adults): from the nadir at 02:40 to the peak at 06:40,
 * over by 10:40 (assumed), and a peak that puts the need between 05:00 and 07:00 19.4 % above that
 * between 01:00 and 03:00, their mean.
 */
export const dawnPhenomenonFields = {
  /** Rise of the steady insulin need at the peak, above the need outside the window. */
  peakIncreasePercent: ranged(0, 100, '%').default(DAWN_PHENOMENON_DEFAULTS.peakIncreasePercent),
  onset: clockTime.default(clockOf(DAWN_PHENOMENON_DEFAULTS.onsetMinuteOfDay)),
  peak: clockTime.default(clockOf(DAWN_PHENOMENON_DEFAULTS.peakMinuteOfDay)),
  end: clockTime.default(clockOf(DAWN_PHENOMENON_DEFAULTS.endMinuteOfDay)),
};
/** The rule the times of a dawn phenomenon follow, for `refine`. */
export const DAWN_ORDER = [
  (d: { onset: string; peak: string; end: string }) => d.onset < d.peak && d.peak < d.end,
  { message: 'onset, peak and end in that order within one day' },
] as const;
const dawnPhenomenonSchema = z.strictObject(dawnPhenomenonFields).refine(...DAWN_ORDER);

/** Hovorka patients only: the UVA/Padova model here keeps its published parameters. */
const hovorkaPatientFields = {
  /** Default: none, the model as published. */
  dawnPhenomenon: dawnPhenomenonSchema.optional(),
};

const patientSchema = z.discriminatedUnion('source', [
  z.strictObject({
    /** A member of the built-in default adult population of 100. */
    source: z.literal('population'),
    index: rangedInt(0, 99, ''),
    ...hovorkaPatientFields,
  }),
  z.strictObject({
    /** A patient drawn from the Hovorka population distributions with its own seed. */
    source: z.literal('generated'),
    seed: rangedInt(0, 0xffffffff, ''),
    ...hovorkaPatientFields,
  }),
  z.strictObject({
    /** A UVA/Padova patient from simglucose-format files (vpatient_params.csv, Quest.csv). */
    source: z.literal('simglucose'),
    directory: z.string().min(1, 'a directory path'),
    name: z.string().min(1, "a patient name such as 'adult#001'"),
    dawnPhenomenon: z
      .never({ error: 'none: only population and generated patients (Hovorka) have one' })
      .optional(),
  }),
]);

/** How long a slow meal's carbohydrate takes to reach the gut (an ordinary meal's: at once). */
const slowOverMinutes = ranged(30, 480, 'minutes').default(180);
/**
 * A slow meal's fat, which makes insulin act less for hours after it (fatResistance.ts): 60 g,
 * the high-fat meals of Bell et al. 2020 and Wolpert et al. 2013. Hovorka patients only.
 */
const slowFatGrams = ranged(0, 150, 'g').default(60);

const mealSchema = z.strictObject({
  time: clockTime,
  carbsGrams: ranged(0, 250, 'g'),
  /** SD of the meal's time from day to day. */
  timeSdMinutes: ranged(0, 120, 'minutes').default(20),
  /** Coefficient of variation of its size from day to day. */
  carbsCv: ranged(0, 1, '').default(0.15),
  /** Chance the meal is eaten on a given day. */
  probability: ranged(0, 1, '').default(1),
  /** Chance that on a given day it is a slow meal (rich in fat and protein, a pizza). */
  slowShare: ranged(0, 1, '').default(0),
  /** A slow meal's carbohydrate reaches the gut evenly over this long (fat slows the stomach). */
  slowOverMinutes: slowOverMinutes,
  slowFatGrams: slowFatGrams,
});

/** Breakfast, lunch, dinner and an afternoon snack on most days: about 200 g a day. */
export const DEFAULT_MEALS = [
  { time: '07:30', carbsGrams: 45 },
  { time: '12:30', carbsGrams: 70 },
  { time: '16:00', carbsGrams: 15, probability: 0.5 },
  { time: '19:30', carbsGrams: 70 },
];

const mealsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('daily'),
    meals: z
      .array(mealSchema)
      .max(12, 'at most 12 meals a day')
      .default(DEFAULT_MEALS.map((m) => mealSchema.parse(m))),
  }),
  z.strictObject({
    kind: z.literal('list'),
    meals: z
      .array(
        z.strictObject({
          atMinutes: ranged(0, 366 * 1440, 'minutes from the start'),
          carbsGrams: ranged(0, 250, 'g'),
          /** A slow meal (rich in fat and protein): its carbohydrate reaches the gut over time. */
          slow: z.boolean().default(false),
          slowOverMinutes: slowOverMinutes,
          slowFatGrams: slowFatGrams,
        }),
      )
      .max(10_000),
  }),
]);

const therapySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pump') }),
  z.strictObject({
    kind: z.literal('mdi'),
    /** The long-acting insulin and when it is injected (one time for glargine, two for NPH). */
    basalInsulin: z.enum(['glargine', 'nph']).default('glargine'),
    basalTimes: z.array(clockTime).min(1).max(2).optional(),
    /** Pen dose step. */
    penStepUnits: z.union([z.literal(0.5), z.literal(1)]).default(1),
  }),
  z.strictObject({
    kind: z.literal('closed-loop'),
    /** The controller (therapy/controllers): oref0-style predictive, PID with insulin feedback, or MPC. */
    controller: z.enum(CONTROLLER_NAMES).default('mpc'),
    /** The controller's own options (validated by the controller). */
    controllerOptions: z.record(z.string(), z.unknown()).default({}),
    /** Meals told to the loop as counted, as a share of that ('misestimated'), or not at all. */
    mealAnnouncement: z.enum(['announced', 'misestimated', 'unannounced']).default('announced'),
    misestimateFactor: ranged(0.2, 1.5, '').default(0.7),
    /** Hybrid loop: the person also gives the calculator's meal bolus for announced meals. */
    userMealBolus: z.boolean().default(true),
    targetMgdl: ranged(80, 180, 'mg/dL').default(110),
    suspendBelowMgdl: ranged(50, 100, 'mg/dL').default(70),
    /** Automatic boluses allowed in any hour, as a share of the total daily dose. */
    maxAutoBolusShareOfTddPerHour: ranged(0, 0.2, '').default(0.05),
  }),
]);

const sensorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cgm'),
    /** Chance a dropout starts at a given sample, and its mean length. */
    dropoutProbability: ranged(0, 0.2, '').default(0.002),
    dropoutMeanMinutes: ranged(5, 600, 'minutes').default(30),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);

const outcomesSchema = z.strictObject({
  /** Simulated severe hypoglycaemia: plasma glucose below this for at least this long. */
  severeHypoBelowMgdl: ranged(20, 70, 'mg/dL').default(40),
  severeHypoMinutes: ranged(1, 240, 'minutes').default(15),
  /** Simulated ketoacidosis: BOHB at or above this with glucose at or above the next, for a while. */
  ketoacidosisBohbMmolL: ranged(1, 10, 'mmol/L').default(3),
  ketoacidosisGlucoseMgdl: ranged(100, 400, 'mg/dL').default(200),
  ketoacidosisMinutes: ranged(1, 240, 'minutes').default(15),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).max(80).default('scenario'),
  patient: patientSchema.default({ source: 'population', index: 0 }),
  durationDays: ranged(1, 366, 'days').default(14),
  start: z
    .strictObject({
      date: z.iso.date('a date YYYY-MM-DD').default('2026-01-05'),
      time: clockTime.default('00:00'),
      /** The patient's time zone as an offset from UTC, minutes. */
      utcOffsetMinutes: rangedInt(-720, 840, 'minutes').default(60),
    })
    .prefault({}),
  /** The rapid insulin in the pump or the meal pens. */
  insulin: z.enum(['rapid-analog', 'regular']).default('rapid-analog'),
  therapy: therapySchema.default({ kind: 'pump' }),
  /** Pump settings beyond those derived from the patient (basal, carb ratio, sensitivity, target). */
  pump: z.record(z.string(), z.unknown()).default({}),
  meals: mealsSchema.default({
    kind: 'daily',
    meals: DEFAULT_MEALS.map((m) => mealSchema.parse(m)),
  }),
  behaviour: behaviourSchema.prefault({}),
  sensor: sensorSchema.default({ kind: 'cgm', dropoutProbability: 0.002, dropoutMeanMinutes: 30 }),
  /** Faults, scheduled or random (faults.ts): none by default. */
  faults: faultsSchema.default([]),
  /** The infusion site: wear and infection (infusionSite.ts). */
  site: siteSchema.prefault({}),
  /** The pump app's suspected-delivery-failure detector (therapy/deliveryFailureDetector.ts). */
  detector: detectorSchema.prefault({}),
  outcomes: outcomesSchema.prefault({}),
  seed: rangedInt(0, 0xffffffff, '').default(1),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type MealPlan = Scenario['meals'];

export class ScenarioError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid scenario:\n  ${problems.join('\n  ')}`);
    this.name = 'ScenarioError';
  }
}

/** Parses a scenario, or throws a ScenarioError listing each field path, value and rule. */
export function parseScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    const s = parsed.data;
    const problems = [
      ...faultTimeProblems(s.faults, s.durationDays, s.start.time),
      ...sensorProblems(s.therapy.kind, s.sensor.kind),
    ];
    if (problems.length > 0) throw new ScenarioError(problems);
    return s;
  }
  throw new ScenarioError(problemLines(parsed.error.issues, 'scenario'));
}

/** A closed loop doses from the CGM: without one it would run as a pump on its basal alone. */
export function sensorProblems(therapyKind: string, sensorKind: string, path = 'sensor'): string[] {
  if (therapyKind !== 'closed-loop' || sensorKind === 'cgm') return [];
  return [`${path}.kind = "${sensorKind}": "cgm" for a closed loop, which doses from the CGM`];
}
