// Experiment 'interruption': the Liège 6-hour pump stop (Krzentowski, Scheen, Castillo, Luyckx,
// Lefèbvre, Diabetologia; docs/physiology.md §4, docs/clinical.md), simulated for the typical
// patient and the default adult population, with regular human insulin and with a rapid analog
// in the pump.
//
// Each patient starts at the steady state of its basal rate (fasting, no meal); the pump stops at
// 23:00 for 6 h, then the basal restarts and the patient is followed 3 h more; a second course
// never resumes, to 24 h, for the time to ketosis and to the ketoacidosis threshold
// (./interruptionSimulation.ts). Statistics: ./interruptionSummary.ts and ./interruptionData.ts;
// output: ./interruptionTables.ts, ./interruptionFigures.ts, ./interruptionNotes.ts.
import { z } from 'zod';
import { modelIntegrator, type PatientModel } from '../physiology/model.ts';
import { createHovorkaPatient } from '../physiology/hovorka.ts';
import { HOVORKA_NOMINAL } from '../physiology/hovorkaParameters.ts';
import {
  DEFAULT_ADULT_POPULATION,
  generatePopulation,
  virtualPatientModel,
  type Population,
} from '../physiology/population.ts';
import { emptyStats, type SolverStats } from '../physiology/solvers/types.ts';
import type { Experiment, ExperimentResult } from './types.ts';
import type { InterruptionData, InterruptionRun, PumpInsulin } from './interruptionData.ts';
import { interruptionData, PUMP_INSULINS } from './interruptionData.ts';
import { interruptionFigures } from './interruptionFigures.ts';
import { interruptionNotes } from './interruptionNotes.ts';
import { LIEGE_PUMP_STOP } from './interruptionPublished.ts';
import { LIEGE_PLAN, simulatePumpStop, type PumpStopTrace } from './interruptionSimulation.ts';
import { interruptionTables } from './interruptionTables.ts';

export type { InterruptionData } from './interruptionData.ts';

export const INTERRUPTION_NAME = 'interruption';
export const INTERRUPTION_TITLE =
  'Pump interruption: the Liège 6-hour stop, regular insulin vs rapid analog';

/** The size of the built-in adult population (DEFAULT_ADULT_POPULATION). */
const DEFAULT_POPULATION_SIZE = DEFAULT_ADULT_POPULATION.count;

const POPULATION_SIZE_RANGE = `allowed an integer in [1, ${DEFAULT_POPULATION_SIZE}]`;

const optionsSchema = z.strictObject({
  populationSize: z
    .number({
      error: (issue) =>
        `populationSize: ${String(issue.input)} is not a number, ${POPULATION_SIZE_RANGE}`,
    })
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= DEFAULT_POPULATION_SIZE, {
      error: (issue) => `populationSize: ${String(issue.input)}, ${POPULATION_SIZE_RANGE}`,
    })
    .default(DEFAULT_POPULATION_SIZE),
});

export type InterruptionOptionsInput = z.input<typeof optionsSchema>;
export type InterruptionOptions = z.output<typeof optionsSchema>;

/** Parses the options; throws a RangeError naming the field, the value and the allowed range. */
export function parseInterruptionOptions(input: unknown): InterruptionOptions {
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new RangeError(
    `interruption options: ${result.error.issues.map((issue) => issue.message).join('; ')}`,
  );
}

interface Cohort {
  readonly stats: SolverStats;
}

function stop(cohort: Cohort, model: PatientModel, basalUnitsPerHour: number): PumpStopTrace {
  const solver = modelIntegrator(model);
  return simulatePumpStop({ model, basalUnitsPerHour, plan: LIEGE_PLAN, solver, ...cohort });
}

/** The typical patient: HOVORKA_NOMINAL at the basal that holds the population's target. */
function typicalTraces(cohort: Cohort, targetGlucoseMgdl: number) {
  const traces = {} as Record<PumpInsulin, PumpStopTrace>;
  for (const insulin of PUMP_INSULINS) {
    const model = createHovorkaPatient({
      name: 'typical (HOVORKA_NOMINAL)',
      parameters: HOVORKA_NOMINAL,
      rapidInsulin: insulin,
    });
    traces[insulin] = stop(cohort, model, model.basalForGlucose(targetGlucoseMgdl));
  }
  return traces;
}

function populationTraces(
  cohort: Cohort,
  population: Population,
  onProgress: ((fractionDone: number) => void) | undefined,
) {
  const traces: Record<PumpInsulin, PumpStopTrace[]> = { regular: [], 'rapid-analog': [] };
  const patients = population.patients;
  for (let i = 0; i < patients.length; i += 1) {
    const patient = patients[i]!;
    for (const insulin of PUMP_INSULINS) {
      const model = virtualPatientModel(patient, { rapidInsulin: insulin });
      traces[insulin].push(stop(cohort, model, patient.clinical.basalUnitsPerHour));
    }
    onProgress?.((i + 1) / patients.length);
  }
  return traces;
}

/** Simulates every course of the experiment (no statistics). */
export function runInterruption(
  options: InterruptionOptions,
  onProgress?: (fractionDone: number) => void,
): InterruptionRun {
  // The first `populationSize` patients of the default population: candidates are accepted in
  // order, so a smaller count with the same seed yields exactly the default's first patients.
  const population = generatePopulation({
    ...DEFAULT_ADULT_POPULATION,
    count: options.populationSize,
  });
  const cohort: Cohort = { stats: emptyStats() };
  const target = population.options.targetGlucoseMgdl;
  return {
    plan: LIEGE_PLAN,
    typical: {
      name: 'typical (HOVORKA_NOMINAL)',
      targetGlucoseMgdl: target,
      traces: typicalTraces(cohort, target),
    },
    population: {
      seed: population.options.seed,
      size: population.patients.length,
      defaultSize: DEFAULT_POPULATION_SIZE,
      names: population.patients.map((p) => p.name),
      traces: populationTraces(cohort, population, onProgress),
    },
  };
}

function method(data: InterruptionData): string[] {
  const p = data.plan;
  return [
    `Published reference: ${LIEGE_PUMP_STOP.source}.`,
    'Model: Hovorka 2004 with the OpenCSII ketone (BOHB) model and insulin-deficiency ' +
      'counter-regulation of glucose production (docs/physiology.md §1, §4), RK4 with a 1-minute ' +
      'step; pump insulins as formulations of the subcutaneous absorption model (§3): regular ' +
      'human insulin and a rapid analog (lispro/aspart).',
    `Typical patient: HOVORKA_NOMINAL (70 kg), at the basal that holds ${data.typical.targetGlucoseMgdl} ` +
      `mg/dL (${data.typical.basalUnitsPerHour.toFixed(3)} U/h), as in the ketone calibration test.`,
    `Population: the first ${data.population.size} of the ${data.population.defaultSize} built-in ` +
      `adults (seed ${data.population.seed}), each on its own basal rate (median ` +
      `${data.population.basalUnitsPerHour.p50.toFixed(2)} U/h). Each patient is simulated with ` +
      'each pump insulin; the basal rate is the same for both (at steady state plasma insulin ' +
      'depends only on the rate).',
    `Course: steady state, no meal; pump stopped at 23:00 for ${p.stopDurationMinutes / 60} h; ` +
      `basal resumed at 05:00 (no correction bolus), followed ${p.followAfterResumeMinutes / 60} h ` +
      `more. Second course from the same stop: never resumed, followed to ` +
      `${p.unresumedHorizonMinutes / 60} h. Samples every ${p.sampleIntervalMinutes} min; ` +
      'thresholds checked every minute.',
    'Plasma insulin is given as % of the patient’s basal steady state. Population figures: median ' +
      '(IQR) [5th–95th percentile]. Ketoacidosis threshold: BOHB ≥ 3.0 mmol/L with glucose ≥ ' +
      '200 mg/dL (2024 international consensus on hyperglycaemic crises); ketosis 1.5 mmol/L ' +
      '(sick-day action level).',
  ];
}

function result(run: InterruptionRun): ExperimentResult {
  const data = interruptionData(run);
  return {
    name: INTERRUPTION_NAME,
    title: INTERRUPTION_TITLE,
    method: method(data),
    tables: interruptionTables(data),
    figures: interruptionFigures(run),
    notes: interruptionNotes(data),
    data,
  };
}

/** The interruption experiment; `populationSize` (default 100) takes the default's first patients. */
export function interruptionExperiment(input: InterruptionOptionsInput = {}): Experiment {
  const options = parseInterruptionOptions(input);
  return {
    name: INTERRUPTION_NAME,
    title: INTERRUPTION_TITLE,
    run: ({ onProgress }) => result(runInterruption(options, onProgress)),
  };
}
