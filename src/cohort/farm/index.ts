// The cohort runners, for use as a library: the farm coordinator with its two executors (this
// machine's threads, a Redis queue), the queue worker, and the job registry.
export { CHECKPOINT_FILE, CheckpointError } from './checkpoint.ts';
export {
  FARM_TASKS_MAX,
  prepareFarm,
  runFarm,
  type FarmBatch,
  type FarmOptions,
  type FarmOutcome,
  type FarmProgress,
  type PreparedFarm,
  type TaskExecutor,
} from './farm.ts';
export type { AnyFarmJob, CsvRow, FarmJob } from './job.ts';
export { farmJob, jobNames } from './jobs.ts';
export { localExecutor } from './localExecutor.ts';
export { csvOf, writeFarmOutputs } from './outputs.ts';
export {
  DEFAULT_QUEUE_NAME,
  parseQueueAddress,
  QUEUE_PREFIX,
  QueueUnreachableError,
  type QueueAddress,
} from './queueAddress.ts';
export { queueExecutor } from './redisQueue.ts';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './redisWorker.ts';
export { runCohort, type CohortRun, type RunCohortOptions } from './runCohort.ts';
export { canonicalJson, specHash } from './specHash.ts';
export { TaskError } from './taskRunner.ts';
