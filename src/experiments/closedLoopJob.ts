// 'closed-loop-run', the farm job of the closed-loop experiment: task i is one patient under one
// arm (closedLoopRun), and the reduction is the experiment's result, the same as its run in one
// thread gives.
import { z } from 'zod';
import { eraseJob } from '../cohort/farm/job.ts';
import { DAYS_PER_PATIENT_YEAR } from '../cohort/patientRun.ts';
import { parseOptions } from '../validation/parseOptions.ts';
import { rangedInt } from '../validation/numbers.ts';
import {
  CLOSED_LOOP_JOB,
  CLOSED_LOOP_NAME,
  closedLoopResult,
  closedLoopRun,
  closedLoopRunCount,
  type ClosedLoopOptions,
  type PatientOutcome,
} from './closedLoop.ts';

const optionsSchema = z.strictObject({
  patients: rangedInt(1, 100, 'patients of the built-in population'),
  days: rangedInt(1, 365, 'days'),
});

export const closedLoopJob = eraseJob({
  name: CLOSED_LOOP_JOB,
  parse: (input: unknown): ClosedLoopOptions =>
    parseOptions(optionsSchema, input, 'closed-loop experiment options'),
  label: () => CLOSED_LOOP_NAME,
  taskCount: closedLoopRunCount,
  taskPatientYears: (options) => options.days / DAYS_PER_PATIENT_YEAR,
  runTask: closedLoopRun,
  reduce: (options, results: readonly PatientOutcome[]) => closedLoopResult(options, results),
  csvRow: (options, task, outcome) => ({
    task,
    patient: task % options.patients,
    tir: outcome.tir,
    tbr70: outcome.tbr70,
    severeHypos: outcome.severeHypos,
  }),
});
