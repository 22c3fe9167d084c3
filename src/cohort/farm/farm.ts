// The coordinator of a run, whatever does the work: parses the spec, resumes the checkpoint,
// hands the missing tasks to an executor (local threads or a queue), books each result once as
// it comes, and reduces them in task order, so the output depends only on the spec.
import { openCheckpoint } from './checkpoint.ts';
import type { AnyFarmJob, CsvRow } from './job.ts';
import { ResultBook } from './resultBook.ts';
import { specHash } from './specHash.ts';

/** A limit on tasks per run: a result a line, the checkpoint stays a file one can read. */
export const FARM_TASKS_MAX = 1_000_000;

/** The tasks an executor is to run, and what a worker needs to run them. */
export interface FarmBatch {
  readonly job: string;
  readonly specHash: string;
  /** The spec as given; each worker parses it again and checks the hash. */
  readonly input: unknown;
  readonly taskCount: number;
  /** How many of the tasks are still missing. */
  readonly remaining: number;
  /** The missing tasks, in order; read lazily, a task may finish before it is reached. */
  readonly tasks: Iterable<number>;
}

export interface TaskExecutor {
  /** Runs the batch's tasks, calling `onResult` as each finishes, in any order, maybe twice. */
  run(batch: FarmBatch, onResult: (task: number, resultJson: string) => void): Promise<void>;
}

export interface FarmProgress {
  readonly done: number;
  readonly total: number;
  readonly patientYearsDone: number;
  readonly patientYearsTotal: number;
}

export interface FarmOptions {
  readonly job: AnyFarmJob;
  /** The spec as given, parsed by prepareFarm. */
  readonly prepared: PreparedFarm;
  /** The folder of the checkpoint (and of the outputs the caller writes). */
  readonly out: string;
  readonly restart: boolean;
  readonly executor: TaskExecutor;
  /** Called once with the resumed state before any work, then after each new result. */
  readonly onProgress?: (progress: FarmProgress) => void;
}

export interface FarmOutcome {
  readonly output: unknown;
  /** Every task's result, in task order. */
  readonly results: readonly unknown[];
  /** patients.csv: one row per task, in task order. */
  readonly rows: readonly CsvRow[];
  readonly taskCount: number;
  readonly resumedCount: number;
  readonly patientYears: number;
}

export interface PreparedFarm {
  /** The spec as given (workers parse it again). */
  readonly input: unknown;
  readonly spec: unknown;
  readonly hash: string;
  readonly taskCount: number;
}

/** Parses the spec and counts its tasks; throws on bad input, before anything is written. */
export function prepareFarm(job: AnyFarmJob, input: unknown): PreparedFarm {
  const spec = job.parse(input);
  job.check?.(spec);
  const taskCount = job.taskCount(spec);
  if (!Number.isInteger(taskCount) || taskCount < 1 || taskCount > FARM_TASKS_MAX) {
    throw new RangeError(`the spec makes ${taskCount} tasks: 1–${FARM_TASKS_MAX} allowed`);
  }
  return { input, spec, hash: specHash(spec), taskCount };
}

export async function runFarm(options: FarmOptions): Promise<FarmOutcome> {
  const { job } = options;
  const { input, spec, hash, taskCount } = options.prepared;
  const book = new ResultBook(taskCount);
  const checkpoint = openCheckpoint({
    dir: options.out,
    identity: { job: job.name, specHash: hash, tasks: taskCount },
    book,
    restart: options.restart,
  });
  let patientYearsTotal = 0;
  let patientYearsDone = 0;
  for (let task = 0; task < taskCount; task += 1) {
    const years = job.taskPatientYears(spec, task);
    patientYearsTotal += years;
    if (book.has(task)) patientYearsDone += years;
  }
  const report = () =>
    options.onProgress?.({
      done: book.doneCount,
      total: taskCount,
      patientYearsDone,
      patientYearsTotal,
    });
  report();
  try {
    if (!book.complete) {
      const batch: FarmBatch = {
        job: job.name,
        specHash: hash,
        input,
        taskCount,
        remaining: taskCount - book.doneCount,
        tasks: book.missing(),
      };
      await options.executor.run(batch, (task, resultJson) => {
        if (!book.record(task, resultJson)) return;
        checkpoint.append(task, resultJson);
        patientYearsDone += job.taskPatientYears(spec, task);
        report();
      });
    }
  } finally {
    checkpoint.close();
  }
  const results = book.ordered();
  return {
    output: job.reduce(spec, results),
    results,
    rows: results.map((result, task) => job.csvRow(spec, task, result)),
    taskCount,
    resumedCount: checkpoint.resumedCount,
    patientYears: patientYearsTotal,
  };
}
