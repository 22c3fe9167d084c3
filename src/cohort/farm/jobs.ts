// The registry of jobs a farm runs, by name. A queue payload names its job; a worker runs only
// what is registered here and never loads code named by the network.
import { closedLoopJob } from '../../experiments/closedLoopJob.ts';
import { cohortPatientJob } from './cohortPatientJob.ts';
import type { AnyFarmJob } from './job.ts';
import { populationDaysJob } from './populationDaysJob.ts';

const JOBS: Readonly<Record<string, AnyFarmJob>> = {
  [cohortPatientJob.name]: cohortPatientJob,
  [closedLoopJob.name]: closedLoopJob,
  [populationDaysJob.name]: populationDaysJob,
};

export function jobNames(): string[] {
  return Object.keys(JOBS).sort();
}

/** The job of that name, or a RangeError listing the known ones. */
export function farmJob(name: string): AnyFarmJob {
  const job = Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
  if (job === undefined) {
    throw new RangeError(`unknown job '${name}' (known: ${jobNames().join(', ')})`);
  }
  return job;
}
