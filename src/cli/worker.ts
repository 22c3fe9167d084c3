// `csii worker --queue URL`: joins distributed cohort runs from any machine, processing their
// tasks until stopped. The first SIGINT or SIGTERM finishes the running jobs and leaves; a
// second one leaves at once (the queue gives those jobs to another worker once their lock ends).
import { POOL_THREADS_MAX } from '../cohort/farm/localPool.ts';
import { parseQueueAddress } from '../cohort/farm/queueAddress.ts';
import { startQueueWorker } from '../cohort/farm/redisWorker.ts';
import { failureExitCode, integerFlag, parseCommandLine } from './args.ts';

export const WORKER_USAGE = `Usage: csii worker --queue URL [options]

Takes tasks of \`csii cohort --queue URL\` runs from the Redis queue and processes them until
stopped (Ctrl-C finishes the running tasks; a second Ctrl-C stops at once).

Options:
  --queue URL          the Redis server, e.g. redis://127.0.0.1:6379
  --queue-name NAME    the queue's name (default cohort)
  --concurrency N      tasks at once, each on its own thread (default 1)
  --lock-seconds S     how long a task stays claimed by a worker that stopped answering before
                       another worker takes it over (default 30)`;

const LOCK_SECONDS_DEFAULT = 30;
const LOCK_SECONDS_MAX = 3600;

export async function workerCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine('worker', WORKER_USAGE, {
    args: [...args],
    options: {
      queue: { type: 'string' },
      'queue-name': { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      'lock-seconds': { type: 'string', default: String(LOCK_SECONDS_DEFAULT) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  try {
    if (values.queue === undefined) throw new RangeError('--queue URL is required');
    const address = parseQueueAddress(values.queue, values['queue-name']);
    const concurrency = integerFlag('concurrency', values.concurrency, 1, POOL_THREADS_MAX);
    const lockSeconds = integerFlag('lock-seconds', values['lock-seconds'], 1, LOCK_SECONDS_MAX);
    const worker = await startQueueWorker({
      address,
      concurrency,
      lockMs: lockSeconds * 1000,
      log: (line) => console.log(line),
    });
    console.log(
      `csii worker: taking tasks from queue ${address.queueName} at ${address.shown} ` +
        `(${concurrency} at once); Ctrl-C to stop`,
    );
    await untilStopped(async (force) => {
      console.log(force ? 'stopping now' : 'finishing the running tasks (Ctrl-C again: now)');
      await worker.close(force);
    });
    console.log('csii worker: stopped');
    return 0;
  } catch (error) {
    return failureExitCode('worker', error, WORKER_USAGE);
  }
}

/** Resolves once `stop` has run after SIGINT or SIGTERM; a second signal calls it with force. */
function untilStopped(stop: (force: boolean) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let signals = 0;
    const onSignal = () => {
      signals += 1;
      if (signals > 2) return;
      const finished = stop(signals === 2);
      if (signals === 1) {
        finished.then(() => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        }, reject);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
