// Built-in scenarios that `csii simulate <preset>` runs by name, each with the line its help
// shows. Everything not written here takes the scenario defaults (scenario.ts).
import { DEFAULT_MEALS, type ScenarioInput } from './scenario.ts';

export interface Preset {
  /** What the preset shows, in one line. */
  readonly description: string;
  readonly scenario: ScenarioInput;
}

const adult = { source: 'population', index: 0 } as const;
const adultWithDawn = { ...adult, dawnPhenomenon: {} };
/** The usual meals, with a dinner rich in fat and protein (a pizza) on about two days in seven. */
const slowDinners = {
  kind: 'daily',
  meals: DEFAULT_MEALS.map((meal) => (meal.time === '19:30' ? { ...meal, slowShare: 0.3 } : meal)),
} as const;

export const PRESETS: Readonly<Record<string, Preset>> = {
  'adult-pump-14d': {
    description: 'the main job: an adult on an open-loop pump with a rapid analog',
    scenario: {
      name: 'adult-pump-14d',
      patient: adult,
      durationDays: 14,
      therapy: { kind: 'pump' },
    },
  },
  'adult-mdi-14d': {
    description: 'the same adult on injections: glargine and a rapid analog by pen',
    scenario: {
      name: 'adult-mdi-14d',
      patient: adult,
      durationDays: 14,
      therapy: { kind: 'mdi', basalInsulin: 'glargine' },
    },
  },
  'adult-mdi-nph-14d': {
    description: 'the same adult on injections: NPH twice a day and a rapid analog',
    scenario: {
      name: 'adult-mdi-nph-14d',
      patient: adult,
      durationDays: 14,
      therapy: { kind: 'mdi', basalInsulin: 'nph' },
    },
  },
  'adult-pump-regular-14d': {
    description: 'the same adult on a pump filled with regular human insulin',
    scenario: {
      name: 'adult-pump-regular-14d',
      patient: adult,
      durationDays: 14,
      insulin: 'regular',
      therapy: { kind: 'pump' },
    },
  },
  // The same adult with a dawn phenomenon, on hourly pump rates and on glargine titrated by the
  // waking glucose: the nights the two therapies give.
  'adult-dawn-pump-14d': {
    description: 'the same adult with a dawn phenomenon, on hourly pump rates',
    scenario: {
      name: 'adult-dawn-pump-14d',
      patient: adultWithDawn,
      durationDays: 14,
      therapy: { kind: 'pump' },
    },
  },
  'adult-dawn-mdi-14d': {
    description: 'the same adult with a dawn phenomenon, on glargine titrated on waking',
    scenario: {
      name: 'adult-dawn-mdi-14d',
      patient: adultWithDawn,
      durationDays: 14,
      therapy: { kind: 'mdi', basalInsulin: 'glargine' },
    },
  },
  'adult-pump-slow-dinners-14d': {
    description: 'the main job with a pizza for dinner two days in seven, on a dual wave',
    scenario: {
      name: 'adult-pump-slow-dinners-14d',
      patient: adult,
      durationDays: 14,
      therapy: { kind: 'pump' },
      meals: slowDinners,
    },
  },
  'adult-pump-90d': {
    description: 'the main job over 90 days, as long as an HbA1c looks back',
    scenario: {
      name: 'adult-pump-90d',
      patient: adult,
      durationDays: 90,
      therapy: { kind: 'pump' },
    },
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);
