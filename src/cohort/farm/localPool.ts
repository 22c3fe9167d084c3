// A pool of worker threads that run task requests. Requests wait in order and go to whichever
// thread is free (dynamic load balance: a slow task never holds up the others). A thread that
// dies fails only its own task and is replaced.
import { Worker } from 'node:worker_threads';
import { TaskError, type TaskReply, type TaskRequest } from './taskRunner.ts';

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const THREAD_URL = new URL(FROM_SOURCES ? './poolThread.ts' : './poolThread.js', import.meta.url);

/**
 * Built code (dist/) starts the thread's module directly. Sources need tsx inside the thread
 * too, and on Node 20 a thread does not get the parent's `--import tsx` hooks although it gets the
 * flag, so a two-line bootstrap registers tsx there before importing the thread's module.
 */
function startThread(): Worker {
  if (!FROM_SOURCES) return new Worker(THREAD_URL);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(THREAD_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
/** A bound on threads whatever the flags say: more than this is a mistake, not a big machine. */
export const POOL_THREADS_MAX = 256;

interface Pending {
  readonly request: TaskRequest;
  resolve(resultJson: string): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | null;
  lastError: Error | null;
  /** A thread that never answered could not start: starting another would fail the same way. */
  answered: boolean;
}

export class LocalPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private closed = false;
  /** Why the pool cannot run tasks any more (a thread that could not start). */
  private broken: Error | null = null;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1 || size > POOL_THREADS_MAX) {
      throw new RangeError(`threads = ${size}: integer 1–${POOL_THREADS_MAX}`);
    }
    for (let i = 0; i < size; i += 1) this.slots.push(this.spawn());
  }

  /** The task's result JSON; rejects with a TaskError if the task throws or its thread dies. */
  run(request: TaskRequest): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    if (this.broken !== null) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; tasks still waiting or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = new Error('the pool closed');
    for (const pending of this.waiting.splice(0)) pending.reject(closing);
    for (const slot of this.slots) slot.current?.reject(closing);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current !== null) continue;
      const next = this.waiting.shift();
      if (next === undefined) return;
      slot.current = next;
      slot.worker.postMessage(next.request);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startThread(), current: null, lastError: null, answered: false };
    slot.worker.on('message', (reply: TaskReply) => {
      const pending = slot.current;
      slot.current = null;
      slot.answered = true;
      if (reply.ok) pending?.resolve(reply.resultJson);
      else pending?.reject(new TaskError(reply.task, reply.error));
      this.dispatch();
    });
    slot.worker.on('error', (error) => {
      slot.lastError = error;
    });
    slot.worker.on('exit', (code) => this.replace(slot, code));
    return slot;
  }

  /**
   * A thread that exits while the pool is open fails its task and is replaced; one that exits
   * before its first answer could not start, and the pool stops with its error.
   */
  private replace(slot: Slot, exitCode: number): void {
    if (this.closed) return;
    const why = slot.lastError?.message ?? `its thread exited with code ${exitCode}`;
    slot.current?.reject(new TaskError(slot.current.request.task, why));
    slot.current = null;
    if (!slot.answered) {
      this.broken = new Error(`a worker thread could not start: ${why}`);
      for (const pending of this.waiting.splice(0)) pending.reject(this.broken);
      return;
    }
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }
}
