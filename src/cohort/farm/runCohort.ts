// A cohort file's contents in, its outcomes per arm and every patient's summary out: the
// library form of `csii cohort`, on this machine's threads or on a Redis queue.
import { availableParallelism } from 'node:os';
import type { PatientSummary } from '../patientRun.ts';
import type { CohortOutcomes } from '../reduce.ts';
import { cohortPatientJob } from './cohortPatientJob.ts';
import { prepareFarm, runFarm, type FarmProgress } from './farm.ts';
import { localExecutor } from './localExecutor.ts';
import type { QueueAddress } from './queueAddress.ts';
import { queueExecutor } from './redisQueue.ts';

export interface RunCohortOptions {
  /** The folder of the checkpoint; a run with the same spec resumes from it. */
  readonly out: string;
  /** Threads on this machine (default: all cores); ignored with `queue`. */
  readonly workers?: number;
  /** Run on this queue, processed by `csii worker`s, instead of local threads. */
  readonly queue?: QueueAddress;
  /** Discard a checkpoint of another spec instead of refusing it. */
  readonly restart?: boolean;
  readonly onProgress?: (progress: FarmProgress) => void;
}

export interface CohortRun {
  readonly outcomes: CohortOutcomes;
  /** One per task, in task order. */
  readonly summaries: readonly PatientSummary[];
  readonly resumedCount: number;
}

export async function runCohort(input: unknown, options: RunCohortOptions): Promise<CohortRun> {
  const executor =
    options.queue === undefined
      ? localExecutor(options.workers ?? availableParallelism())
      : queueExecutor({ address: options.queue });
  const outcome = await runFarm({
    job: cohortPatientJob,
    prepared: prepareFarm(cohortPatientJob, input),
    out: options.out,
    restart: options.restart ?? false,
    executor,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return {
    outcomes: outcome.output as CohortOutcomes,
    summaries: outcome.results as PatientSummary[],
    resumedCount: outcome.resumedCount,
  };
}
