// What the subcommands that run cohorts (cohort, study, worker) share: reading their flags with
// the usage on a mistake or on --help, integer flags with their ranges, the thread count, where
// the tasks run (threads or a queue), and the exit code each kind of failure gives.
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CheckpointError } from '../cohort/farm/checkpoint.ts';
import type { TaskExecutor } from '../cohort/farm/farm.ts';
import { localExecutor } from '../cohort/farm/localExecutor.ts';
import { POOL_THREADS_MAX } from '../cohort/farm/localPool.ts';
import { parseQueueAddress, QueueUnreachableError } from '../cohort/farm/queueAddress.ts';
import { queueExecutor } from '../cohort/farm/redisQueue.ts';
import { TaskError } from '../cohort/farm/taskRunner.ts';
import { CohortError } from '../cohort/spec.ts';

/**
 * The parsed flags, or the exit code when there is nothing to run: 2 after printing the mistake
 * and the usage, 0 after printing the usage for --help (the config must declare `help`).
 */
export function parseCommandLine<T extends ParseArgsConfig>(
  command: string,
  usage: string,
  config: T,
): ReturnType<typeof parseArgs<T>> | number {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    console.error(`csii ${command}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    console.log(usage);
    return 0;
  }
  return parsed;
}

/** An integer flag in [min, max], or a RangeError naming the flag, the value and the range. */
export function integerFlag(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new RangeError(`--${name} = ${text}: integer ${min}–${max}`);
  }
  return value;
}

/** --workers: worker threads on this machine, all its cores by default. */
export function threadsFlag(text: string | undefined): number {
  return text === undefined
    ? availableParallelism()
    : integerFlag('workers', text, 1, POOL_THREADS_MAX);
}

/** The flags of every command that runs a farm (`csii cohort`, `csii study`), for parseArgs. */
export const FARM_RUN_OPTIONS = {
  out: { type: 'string' },
  workers: { type: 'string' },
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  restart: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** --workers, --queue and --queue-name, as `csii cohort` and `csii study` take them. */
export interface ExecutorFlags {
  readonly workers?: string | undefined;
  readonly queue?: string | undefined;
  readonly 'queue-name'?: string | undefined;
}

/** Where the tasks run: this machine's threads, or a Redis queue that `csii worker`s process. */
export function executorFor(
  command: string,
  flags: ExecutorFlags,
): { executor: TaskExecutor; where: string } {
  if (flags.queue !== undefined) {
    if (flags.workers !== undefined) {
      throw new RangeError('--workers is for local runs: with --queue, csii worker does the work');
    }
    const address = parseQueueAddress(flags.queue, flags['queue-name']);
    const notice = (text: string) => console.error(`csii ${command}: ${text}`);
    return { executor: queueExecutor({ address, notice }), where: `via ${address.shown}` };
  }
  const threads = threadsFlag(flags.workers);
  return { executor: localExecutor(threads), where: `on up to ${threads} threads` };
}

/**
 * The exit code of a failure the user can act on, after printing it: 2 for bad input (a flag, a
 * file, a cohort out of range, a checkpoint of another run; with the usage when given), 1 for a
 * queue that cannot be reached or a task that failed. Anything else is a bug and is thrown on.
 */
export function failureExitCode(command: string, error: unknown, usage?: string): number {
  if (
    error instanceof RangeError ||
    error instanceof CohortError ||
    error instanceof CheckpointError
  ) {
    console.error(`csii ${command}: ${error.message}${usage === undefined ? '' : `\n\n${usage}`}`);
    return 2;
  }
  if (error instanceof QueueUnreachableError || error instanceof TaskError) {
    console.error(`csii ${command}: ${error.message}`);
    return 1;
  }
  throw error;
}
