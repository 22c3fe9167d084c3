// 'population-days': members of the built-in adult population, each living a few days on the
// default pump scenario with a seed derived from the master seed. A small real job for testing
// the farm end to end (and a quick smoke test of a machine that joins a queue).
import { z } from 'zod';
import { deriveSeed } from '../../random/rng.ts';
import { simulate } from '../../sim/index.ts';
import { parseOptions } from '../../validation/parseOptions.ts';
import { rangedInt } from '../../validation/numbers.ts';
import { DAYS_PER_PATIENT_YEAR } from '../patientRun.ts';
import { eraseJob } from './job.ts';

const POPULATION_SIZE = 100;

const specSchema = z.strictObject({
  name: z.string().min(1).max(80).default('population-days'),
  patients: rangedInt(1, 10_000, 'patients'),
  days: rangedInt(1, 30, 'days').default(1),
  seed: rangedInt(0, 0xffffffff, '').default(1),
});
export type PopulationDaysSpec = z.output<typeof specSchema>;

export function parsePopulationDaysSpec(input: unknown): PopulationDaysSpec {
  return parseOptions(specSchema, input, 'population-days spec');
}

export interface PopulationDaysResult {
  readonly populationIndex: number;
  readonly meanGlucoseMgdl: number;
  readonly timeInRangePercent: number;
  readonly timeBelow70Percent: number;
  readonly severeHypoEvents: number;
  readonly insulinUnitsPerDay: number;
}

export interface PopulationDaysOutput {
  readonly name: string;
  readonly patients: number;
  readonly patientYears: number;
  readonly meanGlucoseMgdl: number;
  readonly meanTimeInRangePercent: number;
  readonly severeHypoEvents: number;
}

/** The scenario of task `task`: population member task mod 100, its own derived seed. */
export function populationDaysScenario(spec: PopulationDaysSpec, task: number) {
  return {
    name: `${spec.name}-${task}`,
    patient: { source: 'population', index: task % POPULATION_SIZE },
    durationDays: spec.days,
    seed: deriveSeed(spec.seed, task),
  };
}

function runTask(spec: PopulationDaysSpec, task: number): PopulationDaysResult {
  const result = simulate(populationDaysScenario(spec, task), { detail: 'summary' });
  const plasma = result.summary.plasma;
  return {
    populationIndex: task % POPULATION_SIZE,
    meanGlucoseMgdl: plasma.meanMgdl,
    timeInRangePercent: plasma.timeInRangesPercent['inRange'] ?? 0,
    timeBelow70Percent: plasma.timeInRangesPercent['low'] ?? 0,
    severeHypoEvents: result.summary.eventCounts['severe-hypo'] ?? 0,
    insulinUnitsPerDay: result.summary.insulinUnitsPerDay.total,
  };
}

function reduce(
  spec: PopulationDaysSpec,
  results: readonly PopulationDaysResult[],
): PopulationDaysOutput {
  let glucose = 0;
  let inRange = 0;
  let severe = 0;
  for (const r of results) {
    glucose += r.meanGlucoseMgdl;
    inRange += r.timeInRangePercent;
    severe += r.severeHypoEvents;
  }
  return {
    name: spec.name,
    patients: results.length,
    patientYears: (results.length * spec.days) / DAYS_PER_PATIENT_YEAR,
    meanGlucoseMgdl: glucose / results.length,
    meanTimeInRangePercent: inRange / results.length,
    severeHypoEvents: severe,
  };
}

export const populationDaysJob = eraseJob({
  name: 'population-days',
  parse: parsePopulationDaysSpec,
  label: (spec) => spec.name,
  taskCount: (spec) => spec.patients,
  taskPatientYears: (spec) => spec.days / DAYS_PER_PATIENT_YEAR,
  runTask,
  reduce,
  csvRow: (_spec, task, r) => ({ task, ...r }),
});
