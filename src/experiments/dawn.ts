// Experiment 'dawn': the nights of patients with a dawn phenomenon (clinical.md, indication 3),
// on the pump's hourly rates, on one flat pump rate, and on glargine or NPH titrated by the waking
// glucose. The same patients of the built-in population, each with the default dawn phenomenon
// (physiology/dawnPhenomenon.ts), live the same days, meals and behaviour in every arm.
import { deriveSeed } from '../random/rng.ts';
import { resolvePatient } from '../sim/patient.ts';
import { DAWN_PHENOMENON_DEFAULTS as D } from '../physiology/dawnPhenomenon.ts';
import { BASAL_LEAD_MINUTES, roundBasal } from '../sim/pumpSettings.ts';
import { simulate } from '../sim/run.ts';
import type { SimulationResult } from '../sim/result.ts';
import type { ScenarioInput } from '../sim/scenario.ts';
import { clockOf, MINUTES_PER_DAY } from '../units/index.ts';
import { fixed } from './cells.ts';
import { armMeansOverPatients, mean } from './means.ts';
import type { Experiment, ExperimentResult } from './types.ts';

export const DAWN_NAME = 'dawn';
const MASTER_SEED = 20261207;
const DAYS = 14;
/** The night as the outcomes read it: midnight to waking (the person wakes at 07:00). */
const NIGHT_FROM_MINUTE = 0;
const NIGHT_TO_MINUTE = 7 * 60;
const NADIR_WINDOW = { from: 2 * 60, to: 4 * 60 };

export interface DawnOptions {
  readonly patients: number;
}

interface ArmSpec {
  readonly label: string;
  readonly scenario: (patientIndex: number) => Partial<ScenarioInput>;
}

/** One patient's nights in one arm, means over the run's nights. */
export interface NightOutcome {
  readonly meanMgdl: number;
  readonly below70Percent: number;
  readonly above180Percent: number;
  /** Glucose at 07:00. */
  readonly wakingMgdl: number;
  /** Glucose at 07:00 minus the lowest between 02:00 and 04:00: the dawn rise as clinics see it. */
  readonly riseToWakingMgdl: number;
}

const ARMS: readonly ArmSpec[] = [
  { label: 'pump, hourly rates', scenario: () => ({ therapy: { kind: 'pump' } }) },
  {
    label: 'pump, one flat rate',
    scenario: (index) => ({
      therapy: { kind: 'pump' },
      pump: {
        basalPatterns: [
          {
            name: 'Standard',
            segments: [{ startMinutes: 0, rateUnitsPerHour: flatRate(index) }],
          },
        ],
      },
    }),
  },
  {
    label: 'glargine at 22:00, titrated',
    scenario: () => ({ therapy: { kind: 'mdi', basalInsulin: 'glargine' } }),
  },
  {
    label: 'NPH at 07:00 and 22:00, titrated',
    scenario: () => ({ therapy: { kind: 'mdi', basalInsulin: 'nph' } }),
  },
];

/** The patient's basal outside the rise, as the pump programs it. */
function flatRate(index: number): number {
  return roundBasal(resolvePatient({ source: 'population', index }).clinical.basalUnitsPerHour);
}

export function dawnExperiment(options: DawnOptions = { patients: 20 }): Experiment {
  return {
    name: DAWN_NAME,
    title: 'Nights with a dawn phenomenon: hourly pump rates, one flat rate, injections',
    run: ({ onProgress }) => runDawn(options, onProgress),
  };
}

function runDawn(options: DawnOptions, onProgress?: (f: number) => void): ExperimentResult {
  const arms = armMeansOverPatients(
    ARMS,
    options.patients,
    (arm, i) =>
      nightOutcome(
        simulate(
          {
            name: `dawn-${i}`,
            durationDays: DAYS,
            patient: { source: 'population', index: i, dawnPhenomenon: {} },
            seed: deriveSeed(MASTER_SEED, i),
            ...arm.scenario(i),
          },
          { log: false },
        ),
      ),
    onProgress,
  );
  return {
    name: DAWN_NAME,
    title: 'Nights with a dawn phenomenon: hourly pump rates, one flat rate, injections',
    method: [
      `${options.patients} adults of the built-in population, each given the default dawn phenomenon (insulin need +${D.peakIncreasePercent} % at ${clockOf(D.peakMinuteOfDay)}, from ${clockOf(D.onsetMinuteOfDay)} to ${clockOf(D.endMinuteOfDay)}; Perriello et al. 1991), for ${DAYS} days with the default meals and behaviour, the same seed in every arm.`,
      `Pump, hourly rates: each hour raised for the rise ${BASAL_LEAD_MINUTES / 60} h ahead, as basal tests find it in the model. Pump, one flat rate: the rate outside the rise all day. Injections: the long-acting dose titrated as clinics titrate it, to the patient's target on waking, lowered where a day without meals would fall below 80 mg/dL.`,
      'Night: 00:00 to 07:00 (the person wakes at 07:00), plasma glucose every 5 minutes. Rise to waking: glucose at 07:00 minus the lowest between 02:00 and 04:00, averaged over the nights.',
    ],
    tables: [
      {
        title: 'Nights (00:00–07:00), mean over patients',
        columns: [
          'Basal',
          'Mean glucose (mg/dL)',
          'Below 70 (%)',
          'Above 180 (%)',
          'At 07:00 (mg/dL)',
          'Rise to waking (mg/dL)',
        ],
        rows: arms.map((arm) => [
          arm.label,
          fixed(arm.meanMgdl, 0),
          fixed(arm.below70Percent, 2),
          fixed(arm.above180Percent, 1),
          fixed(arm.wakingMgdl, 0),
          fixed(arm.riseToWakingMgdl, 0),
        ]),
        note: 'Published: a dawn phenomenon is a rise of more than 10 mg/dL from the night nadir; a basal rate that fits keeps fasting glucose within 30 mg/dL through 8 hours of sleep.',
      },
    ],
    figures: [],
    notes: [
      'The hourly rates meet the rise; one flat rate leaves it, and the glucose climbs towards waking.',
      'Glargine at 22:00, titrated by the waking glucose, meets the rise in this model: a day without meals on it is lowest about 12 h after the injection, in the late morning, so its strongest action falls on the dawn. NPH at 07:00 and 22:00 leaves the evening short of insulin, the morning dose being spent 12–16 h after it, and the titration stops where its afternoon peak would take a day without meals below 80 mg/dL: its nights run high.',
      "Lows are few in every arm: the titration keeps a day without meals at 80 mg/dL or above, and the model has none of the day-to-day change of insulin sensitivity behind most real lows. The model's long-acting insulins swing glucose over the day by themselves, more than clinics report (see the adult-mdi-14d preset).",
    ],
    data: { options, arms },
  };
}

function nightOutcome(result: SimulationResult): NightOutcome {
  const { minutes, plasmaGlucoseMgdl: glucose } = result.trace;
  const night: number[] = [];
  const rises: number[] = [];
  const waking: number[] = [];
  // The run starts at midnight: the trace's minute of the day is its clock time. Rows run in
  // time order, so the nadir of a night is known by its 07:00.
  let nadir = Infinity;
  for (let row = 0; row < minutes.length; row += 1) {
    const clock = minutes[row]! % MINUTES_PER_DAY;
    const g = glucose[row]!;
    if (clock >= NIGHT_FROM_MINUTE && clock < NIGHT_TO_MINUTE) night.push(g);
    if (clock >= NADIR_WINDOW.from && clock <= NADIR_WINDOW.to) nadir = Math.min(nadir, g);
    if (clock === NIGHT_TO_MINUTE) {
      waking.push(g);
      rises.push(g - nadir);
      nadir = Infinity;
    }
  }
  const share = (test: (g: number) => boolean) =>
    (100 * night.filter(test).length) / Math.max(1, night.length);
  return {
    meanMgdl: mean(night),
    below70Percent: share((g) => g < 70),
    above180Percent: share((g) => g > 180),
    wakingMgdl: mean(waking),
    riseToWakingMgdl: mean(rises),
  };
}
