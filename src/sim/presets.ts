// Built-in scenarios that `csii simulate <preset>` runs by name. Everything not written here
// takes the scenario defaults (scenario.ts).
import type { ScenarioInput } from './scenario.ts';

export const PRESETS: Readonly<Record<string, ScenarioInput>> = {
  'adult-pump-14d': {
    name: 'adult-pump-14d',
    patient: { source: 'population', index: 0 },
    durationDays: 14,
    therapy: { kind: 'pump' },
  },
  'adult-mdi-14d': {
    name: 'adult-mdi-14d',
    patient: { source: 'population', index: 0 },
    durationDays: 14,
    therapy: { kind: 'mdi', basalInsulin: 'glargine' },
  },
  'adult-mdi-nph-14d': {
    name: 'adult-mdi-nph-14d',
    patient: { source: 'population', index: 0 },
    durationDays: 14,
    therapy: { kind: 'mdi', basalInsulin: 'nph' },
  },
  'adult-pump-regular-14d': {
    name: 'adult-pump-regular-14d',
    patient: { source: 'population', index: 0 },
    durationDays: 14,
    insulin: 'regular',
    therapy: { kind: 'pump' },
  },
  // The same adult with a dawn phenomenon, on hourly pump rates and on glargine titrated by the
  // waking glucose: the nights the two therapies give.
  'adult-dawn-pump-14d': {
    name: 'adult-dawn-pump-14d',
    patient: { source: 'population', index: 0, dawnPhenomenon: {} },
    durationDays: 14,
    therapy: { kind: 'pump' },
  },
  'adult-dawn-mdi-14d': {
    name: 'adult-dawn-mdi-14d',
    patient: { source: 'population', index: 0, dawnPhenomenon: {} },
    durationDays: 14,
    therapy: { kind: 'mdi', basalInsulin: 'glargine' },
  },
  'adult-pump-90d': {
    name: 'adult-pump-90d',
    patient: { source: 'population', index: 0 },
    durationDays: 90,
    therapy: { kind: 'pump' },
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);
