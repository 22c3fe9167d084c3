// A machine joining a distributed run: takes task jobs from the BullMQ queue and runs them on its
// own worker threads, so the event loop stays free to renew the jobs' locks. A worker killed in
// the middle of a job stops renewing its lock; when the lock expires, the stalled-job check of
// another worker puts the job back in the queue, and BullMQ refuses a completion from a worker
// that no longer holds the lock, so a task is never counted twice.
import { Queue, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { LocalPool } from './localPool.ts';
import { connectionFor, QUEUE_PREFIX, unreachable, type QueueAddress } from './queueAddress.ts';
import type { TaskRequest } from './taskRunner.ts';

/** A job taken by a worker that died goes back to the queue this many times, then fails. */
const STALLED_COUNT_MAX = 3;

const requestSchema = z.strictObject({
  job: z.string().regex(/^[a-z0-9-]{1,64}$/),
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  input: z.unknown(),
  task: z.number().int().min(0),
});

export interface QueueWorkerOptions {
  readonly address: QueueAddress;
  /** Jobs run at once, each on its own thread. */
  readonly concurrency: number;
  /** How long a job stays claimed by a worker that stopped answering. */
  readonly lockMs: number;
  /** One line per event: job started, finished, failed; connection trouble. */
  readonly log: (line: string) => void;
}

export interface QueueWorker {
  /** Stops taking jobs; waits for the running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

/**
 * Fails fast with a clear message when Redis cannot be reached. Probed with a Queue because a
 * Worker that never connected emits an unhandled error from its blocking connection on close.
 */
async function probe(address: QueueAddress): Promise<void> {
  const queue = new Queue(address.queueName, {
    connection: connectionFor(address, 'coordinator').options,
    prefix: QUEUE_PREFIX,
  });
  queue.on('error', () => {
    // Reported by waitUntilReady below.
  });
  try {
    await queue.waitUntilReady();
  } catch (error) {
    throw unreachable(address, error);
  } finally {
    await queue.close();
  }
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  await probe(options.address);
  const pool = new LocalPool(options.concurrency);
  const connection = connectionFor(options.address, 'worker');
  connection.markReady();
  const processJob = async (job: Job): Promise<string> => {
    const parsed = requestSchema.safeParse(job.data);
    if (!parsed.success) throw new Error(`job ${job.id} is not a task: ${parsed.error.message}`);
    const request = parsed.data as TaskRequest;
    const started = Date.now();
    options.log(`started ${job.id}`);
    const resultJson = await pool.run(request);
    options.log(`finished ${job.id} in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    return resultJson;
  };
  const worker = new Worker<TaskRequest, string>(options.address.queueName, processJob, {
    connection: connection.options,
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(500, Math.round(options.lockMs / 2)),
    maxStalledCount: STALLED_COUNT_MAX,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (error) => {
    // ioredis retries on its own; say so once per distinct error, not once per retry.
    if (error.message !== lastError) options.log(`queue error (retrying): ${error.message}`);
    lastError = error.message;
  });
  worker.on('failed', (job, error) => options.log(`failed ${job?.id ?? '?'}: ${error.message}`));
  worker.run().catch((error: unknown) => options.log(`worker stopped: ${String(error)}`));
  return {
    async close(force = false) {
      await worker.close(force);
      await pool.close();
    },
  };
}
