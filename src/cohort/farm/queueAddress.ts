// Where a distributed run's queue lives: a Redis URL from the command line, the queue's name and
// the key prefix every OpenCSII queue key starts with. Parsed at the boundary; messages show the
// URL without its password.
import type { ConnectionOptions } from 'bullmq';

/** Every key of OpenCSII queues starts with this, so they are easy to find and to clean. */
export const QUEUE_PREFIX = 'opencsii';
export const DEFAULT_QUEUE_NAME = 'cohort';
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface QueueAddress {
  readonly url: string;
  /** The URL as shown in messages: the password replaced by ***. */
  readonly shown: string;
  readonly queueName: string;
}

export function parseQueueAddress(url: string, queueName = DEFAULT_QUEUE_NAME): QueueAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`--queue = ${JSON.stringify(url)}: a URL such as redis://127.0.0.1:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RangeError(`--queue = ${url}: the URL must start with redis:// or rediss://`);
  }
  if (parsed.hostname === '') throw new RangeError(`--queue = ${url}: the URL names no host`);
  if (!QUEUE_NAME.test(queueName)) {
    throw new RangeError(`--queue-name = ${JSON.stringify(queueName)}: 1–64 of A–Z a–z 0–9 _ -`);
  }
  const shownUrl = new URL(parsed.href);
  if (shownUrl.password !== '') shownUrl.password = '***';
  return { url: parsed.href, shown: shownUrl.href.replace(/\/$/, ''), queueName };
}

/**
 * Connection options for ioredis under BullMQ. Until `markReady`, a few quick retries and then
 * give up, so a wrong URL fails at once with a message; once connected, retry for about a
 * minute (coordinator) or for ever (a worker waits out a Redis restart).
 */
export function connectionFor(
  address: QueueAddress,
  role: 'coordinator' | 'worker',
): { readonly options: ConnectionOptions; markReady(): void } {
  let ready = false;
  const retriesMax = role === 'worker' ? Number.POSITIVE_INFINITY : 30;
  return {
    options: {
      url: address.url,
      maxRetriesPerRequest: null,
      retryStrategy: (attempt: number) =>
        (!ready && attempt > 3) || attempt > retriesMax ? null : Math.min(attempt * 200, 2000),
    },
    markReady: () => {
      ready = true;
    },
  };
}

/** The error of an unreachable queue: names the URL and what to do. */
export function unreachable(address: QueueAddress, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  const port = new URL(address.url).port || '6379';
  return new QueueUnreachableError(
    `cannot reach Redis at ${address.shown} (${why}): start a Redis server there ` +
      `(e.g. redis-server --port ${port}) or pass the right --queue URL`,
    { cause },
  );
}

export class QueueUnreachableError extends Error {}
