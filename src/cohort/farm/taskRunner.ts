// Runs one task of a registered job from a plain message, as a pool thread does. The spec is
// parsed once per run and checked against the coordinator's hash: a worker whose code parses the
// spec differently (another version) refuses the task rather than compute something else.
import { farmJob } from './jobs.ts';
import { specHash } from './specHash.ts';

export interface TaskRequest {
  readonly job: string;
  readonly specHash: string;
  /** The spec as the user wrote it (JSON), parsed again here. */
  readonly input: unknown;
  readonly task: number;
}

export type TaskReply =
  | { readonly ok: true; readonly task: number; readonly resultJson: string }
  | { readonly ok: false; readonly task: number; readonly error: string };

/** A task that threw, or whose thread or worker died, with the task's index. */
export class TaskError extends Error {
  constructor(
    readonly task: number,
    detail: string,
  ) {
    super(`task ${task} failed: ${detail}`);
  }
}

/** Parsed specs kept per run; a worker that serves many runs keeps only the latest few. */
const SPEC_CACHE_SIZE = 8;
const specs = new Map<string, unknown>();

function specFor(request: TaskRequest): unknown {
  const key = `${request.job}:${request.specHash}`;
  const cached = specs.get(key);
  if (cached !== undefined) return cached;
  const spec = farmJob(request.job).parse(request.input);
  const hash = specHash(spec);
  if (hash !== request.specHash) {
    throw new Error(
      `this worker parses the spec to hash ${hash.slice(0, 12)}…, the coordinator to ` +
        `${request.specHash.slice(0, 12)}…: run the same version of csii on both`,
    );
  }
  if (specs.size >= SPEC_CACHE_SIZE) specs.delete(specs.keys().next().value as string);
  specs.set(key, spec);
  return spec;
}

/** The task's result as JSON (what the checkpoint and the queue carry), or the error's text. */
export function runTaskRequest(request: TaskRequest): TaskReply {
  try {
    const job = farmJob(request.job);
    const spec = specFor(request);
    const count = job.taskCount(spec);
    if (!Number.isInteger(request.task) || request.task < 0 || request.task >= count) {
      throw new RangeError(`task ${request.task} is outside 0–${count - 1}`);
    }
    const resultJson = JSON.stringify(job.runTask(spec, request.task));
    return { ok: true, task: request.task, resultJson };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { ok: false, task: request.task, error: text };
  }
}
