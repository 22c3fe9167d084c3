// The results of a run, one slot per task. A result arriving twice (a retried queue job, a task
// both in the checkpoint and in the queue) is kept once; the results come out in task order,
// so the reduction never depends on which worker finished first.

export class ResultBook {
  private readonly slots: (string | undefined)[];
  private filled = 0;

  constructor(readonly taskCount: number) {
    this.slots = new Array<string | undefined>(taskCount).fill(undefined);
  }

  get doneCount(): number {
    return this.filled;
  }

  get complete(): boolean {
    return this.filled === this.taskCount;
  }

  has(task: number): boolean {
    return this.slots[task] !== undefined;
  }

  /** Records a task's result JSON; false (and nothing changes) if that task is already here. */
  record(task: number, resultJson: string): boolean {
    if (!Number.isInteger(task) || task < 0 || task >= this.taskCount) {
      throw new RangeError(`task ${task} is outside 0–${this.taskCount - 1}`);
    }
    if (this.slots[task] !== undefined) return false;
    this.slots[task] = resultJson;
    this.filled += 1;
    return true;
  }

  /** Tasks still to do, in order. */
  *missing(): Generator<number> {
    for (let task = 0; task < this.taskCount; task += 1) {
      if (this.slots[task] === undefined) yield task;
    }
  }

  /** Every result, parsed, in task order; only when complete. */
  ordered(): unknown[] {
    if (!this.complete) {
      throw new Error(`${this.taskCount - this.filled} of ${this.taskCount} tasks have no result`);
    }
    return this.slots.map((json) => JSON.parse(json as string) as unknown);
  }
}
