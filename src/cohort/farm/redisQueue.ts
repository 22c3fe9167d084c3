// Runs a batch on a BullMQ queue in Redis, for `csii worker`s on any machine to take. One job per
// task with the deterministic id `<runId>-<task>`, so a job added again (a coordinator resumed)
// is the same job and a retried one is never counted twice. The coordinator keeps at most a
// window of jobs in the queue, gathers finished ones by polling, books and checkpoints each result
// before removing its job, and removes the queue's keys when it is the last one using them.
import { Queue } from 'bullmq';
import type { FarmBatch, TaskExecutor } from './farm.ts';
import { connectionFor, QUEUE_PREFIX, unreachable, type QueueAddress } from './queueAddress.ts';
import { runIdOf } from './specHash.ts';
import { TaskError, type TaskRequest } from './taskRunner.ts';

/** Jobs in the queue at once: bounds Redis memory whatever the cohort's size. */
const WINDOW_JOBS = 2000;
const POLL_MS = 200;
const ADD_CHUNK = 500;
/** Tell the user to start workers when none has been seen for this long. */
const NO_WORKER_NOTICE_MS = 3000;
/**
 * How often the jobs still awaited are added again. Adding an existing id changes nothing, so
 * this only restores jobs the queue lost: a Redis restarted without persistence, or a queue
 * removed by another coordinator finishing at the same moment.
 */
const RE_ADD_MS = 5000;

export interface QueueExecutorOptions {
  readonly address: QueueAddress;
  /** Messages for the user (standard error in the CLI). */
  readonly notice?: (text: string) => void;
  readonly pollMs?: number;
}

export function jobIdOf(runId: string, task: number): string {
  return `${runId}-${task}`;
}

export function queueExecutor(options: QueueExecutorOptions): TaskExecutor {
  return {
    async run(batch, onResult) {
      const connection = connectionFor(options.address, 'coordinator');
      const queue = new Queue<TaskRequest, string>(options.address.queueName, {
        connection: connection.options,
        prefix: QUEUE_PREFIX,
      });
      queue.on('error', () => {
        // Reported through the failing command; the event must have a listener.
      });
      try {
        await queue.waitUntilReady().catch((error: unknown) => {
          throw unreachable(options.address, error);
        });
        connection.markReady();
        await new QueueRun(queue, batch, onResult, options).run();
      } finally {
        await queue.close();
      }
    },
  };
}

class QueueRun {
  private readonly runId: string;
  private readonly outstanding = new Set<number>();
  private readonly tasks: Iterator<number>;
  private tasksLeft = true;
  private lastWorkerSeen = Date.now();
  private lastAdded = Date.now();
  private noticeGiven = false;

  constructor(
    private readonly queue: Queue<TaskRequest, string>,
    private readonly batch: FarmBatch,
    private readonly onResult: (task: number, resultJson: string) => void,
    private readonly options: QueueExecutorOptions,
  ) {
    this.runId = runIdOf(batch.job, batch.specHash);
    this.tasks = batch.tasks[Symbol.iterator]();
  }

  async run(): Promise<void> {
    await this.removeFailedJobs();
    try {
      await this.topUp();
      while (this.outstanding.size > 0 || this.tasksLeft) {
        await sleep(this.options.pollMs ?? POLL_MS);
        await this.gather();
        await this.topUp();
        await this.reAddIfDue();
        await this.noticeIfNoWorker();
      }
    } catch (error) {
      await this.withdrawWaiting();
      throw error;
    }
    await this.removeQueueIfIdle();
  }

  /** Our ids among those of a state, as task numbers. */
  private async ourTasks(state: 'completed' | 'failed' | 'waiting'): Promise<number[]> {
    const head = `${this.runId}-`;
    const ids = await this.queue.getRanges([state], 0, -1);
    return ids.filter((id) => id.startsWith(head)).map((id) => Number(id.slice(head.length)));
  }

  /** Failed jobs of an earlier attempt at this run would block re-adding their tasks. */
  private async removeFailedJobs(): Promise<void> {
    for (const task of await this.ourTasks('failed')) {
      await this.queue.remove(jobIdOf(this.runId, task));
    }
  }

  private async topUp(): Promise<void> {
    const added: number[] = [];
    while (this.tasksLeft && this.outstanding.size < WINDOW_JOBS) {
      const next = this.tasks.next();
      if (next.done === true) {
        this.tasksLeft = false;
        break;
      }
      this.outstanding.add(next.value);
      added.push(next.value);
    }
    await this.add(added);
  }

  private async reAddIfDue(): Promise<void> {
    if (Date.now() - this.lastAdded < RE_ADD_MS) return;
    this.lastAdded = Date.now();
    await this.add([...this.outstanding]);
  }

  private async add(tasks: readonly number[]): Promise<void> {
    for (let start = 0; start < tasks.length; start += ADD_CHUNK) {
      const jobs = tasks.slice(start, start + ADD_CHUNK).map((task) => ({
        name: 'task',
        data: {
          job: this.batch.job,
          specHash: this.batch.specHash,
          input: this.batch.input,
          task,
        } satisfies TaskRequest,
        opts: { jobId: jobIdOf(this.runId, task), attempts: 1 },
      }));
      await this.queue.addBulk(jobs);
    }
  }

  /** Books every finished job of this run, then removes it; a failed one fails the run. */
  private async gather(): Promise<void> {
    const failed = await this.ourTasks('failed');
    if (failed.length > 0) {
      const task = failed[0] as number;
      const job = await this.queue.getJob(jobIdOf(this.runId, task));
      throw new TaskError(task, `on a worker: ${job?.failedReason ?? 'no reason recorded'}`);
    }
    for (const task of await this.ourTasks('completed')) {
      const job = await this.queue.getJob(jobIdOf(this.runId, task));
      if (job === undefined) continue;
      const resultJson = job.returnvalue;
      if (!isJsonText(resultJson)) {
        throw new TaskError(task, `a worker returned ${String(resultJson).slice(0, 80)}, not JSON`);
      }
      this.onResult(task, resultJson);
      this.outstanding.delete(task);
      this.lastWorkerSeen = Date.now();
      await job.remove();
    }
  }

  private async noticeIfNoWorker(): Promise<void> {
    if (this.noticeGiven || Date.now() - this.lastWorkerSeen < NO_WORKER_NOTICE_MS) return;
    if ((await this.queue.getWorkersCount()) > 0) {
      this.lastWorkerSeen = Date.now();
      return;
    }
    this.noticeGiven = true;
    this.options.notice?.(
      `waiting for workers on ${this.options.address.shown} (queue ${this.queue.name}): ` +
        `start some with: csii worker --queue ${this.options.address.shown}` +
        (this.queue.name === 'cohort' ? '' : ` --queue-name ${this.queue.name}`),
    );
  }

  /** After a failure, take back this run's jobs no worker has started (best effort). */
  private async withdrawWaiting(): Promise<void> {
    try {
      for (const task of await this.ourTasks('waiting')) {
        await this.queue.remove(jobIdOf(this.runId, task));
      }
    } catch {
      // The run has failed already; its error is the one to report.
    }
  }

  /** The queue's keys go when no job of any run is left in it. */
  private async removeQueueIfIdle(): Promise<void> {
    const counts = await this.queue.getJobCounts();
    if (Object.values(counts).every((count) => count === 0)) {
      await this.queue.obliterate({ force: false });
    }
  }
}

function isJsonText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
