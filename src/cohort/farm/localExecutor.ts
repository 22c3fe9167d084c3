// Runs a batch on worker threads of this machine: each thread takes the next missing task as
// soon as it is free. The first failure stops the hand-out and fails the run.
import type { FarmBatch, TaskExecutor } from './farm.ts';
import { LocalPool } from './localPool.ts';

export function localExecutor(threads: number): TaskExecutor {
  return {
    async run(batch: FarmBatch, onResult) {
      const pool = new LocalPool(Math.max(1, Math.min(threads, batch.remaining)));
      const tasks = batch.tasks[Symbol.iterator]();
      let failed = false;
      const lane = async () => {
        for (let next = tasks.next(); !next.done && !failed; next = tasks.next()) {
          const task = next.value;
          const request = { job: batch.job, specHash: batch.specHash, input: batch.input, task };
          try {
            onResult(task, await pool.run(request));
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: pool.size }, lane));
      } finally {
        await pool.close();
      }
    },
  };
}
