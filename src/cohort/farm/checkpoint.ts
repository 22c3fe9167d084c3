// The run's checkpoint: append-only JSON lines beside the output. A header names the job, the
// spec's hash and the format version; then one line per finished task, `{"task":i,"result":…}`.
// A killed run resumes from it: finished tasks are skipped, a torn last line (the process died
// while writing it) is cut off, and a checkpoint of another spec is refused unless restarting.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ResultBook } from './resultBook.ts';

export const CHECKPOINT_FILE = 'checkpoint.jsonl';
const FORMAT = 'opencsii-farm-checkpoint';
const VERSION = 1;

export interface CheckpointIdentity {
  readonly job: string;
  readonly specHash: string;
  readonly tasks: number;
}

/** A checkpoint that cannot be resumed; the message says what to do. */
export class CheckpointError extends Error {}

export interface ParsedCheckpoint {
  readonly entries: readonly (readonly [task: number, resultJson: string])[];
  /** Length of the text up to the last complete line: what to keep before appending. */
  readonly keepLength: number;
}

/** Reads a checkpoint's text; throws a CheckpointError if it belongs to another run. */
export function parseCheckpoint(
  text: string,
  identity: CheckpointIdentity,
  path: string,
): ParsedCheckpoint {
  const keepLength = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, keepLength).split('\n').slice(0, -1);
  if (lines.length === 0) return { entries: [], keepLength: 0 };
  checkHeader(lines[0] as string, identity, path);
  const entries: [number, string][] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const entry = parseEntry(lines[i] as string, identity.tasks);
    if (entry === null) {
      throw new CheckpointError(
        `${path} line ${i + 1} is damaged: use --restart to start the run over`,
      );
    }
    entries.push(entry);
  }
  return { entries, keepLength };
}

function checkHeader(line: string, identity: CheckpointIdentity, path: string): void {
  let header: Record<string, unknown> = {};
  try {
    header = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not JSON: reported below as not a checkpoint.
  }
  const restart = 'use --restart to replace it, or choose another --out';
  if (header['format'] !== FORMAT) {
    throw new CheckpointError(`${path} is not a csii checkpoint: ${restart}`);
  }
  if (header['version'] !== VERSION) {
    throw new CheckpointError(
      `${path} has format version ${String(header['version'])}, this csii reads ${VERSION}: ${restart}`,
    );
  }
  if (
    header['job'] !== identity.job ||
    header['specHash'] !== identity.specHash ||
    header['tasks'] !== identity.tasks
  ) {
    const theirs = `${String(header['job'])} ${String(header['specHash']).slice(0, 12)}…`;
    const ours = `${identity.job} ${identity.specHash.slice(0, 12)}…`;
    throw new CheckpointError(
      `${path} belongs to another run (${theirs}; this one is ${ours}): it resumes only the ` +
        `same spec; ${restart}`,
    );
  }
}

function parseEntry(line: string, tasks: number): [number, string] | null {
  try {
    const entry = JSON.parse(line) as { task?: unknown; result?: unknown };
    const task = entry.task;
    if (typeof task !== 'number' || !Number.isInteger(task) || task < 0 || task >= tasks) {
      return null;
    }
    if (!('result' in entry)) return null;
    return [task, JSON.stringify(entry.result)];
  } catch {
    return null;
  }
}

export interface Checkpoint {
  readonly path: string;
  /** Tasks found finished in the checkpoint when it was opened. */
  readonly resumedCount: number;
  /** Appends a finished task; written through at once, so a kill loses at most this line. */
  append(task: number, resultJson: string): void;
  close(): void;
}

/**
 * Opens `<dir>/checkpoint.jsonl` for a run, fills `book` with the tasks it already holds and
 * readies it for appending. `restart` discards an existing checkpoint first.
 */
export function openCheckpoint(options: {
  readonly dir: string;
  readonly identity: CheckpointIdentity;
  readonly book: ResultBook;
  readonly restart: boolean;
}): Checkpoint {
  const { dir, identity, book } = options;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, CHECKPOINT_FILE);
  if (options.restart) rmSync(path, { force: true });
  let resumedCount = 0;
  let keepLength = 0;
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const parsed = parseCheckpoint(text, identity, path);
    for (const [task, resultJson] of parsed.entries) {
      if (book.record(task, resultJson)) resumedCount += 1;
    }
    keepLength = parsed.keepLength;
    truncateSync(path, Buffer.byteLength(text.slice(0, keepLength)));
  }
  const fd = openSync(path, 'a');
  if (keepLength === 0) {
    const header = { format: FORMAT, version: VERSION, ...identity };
    writeSync(fd, `${JSON.stringify(header)}\n`);
  }
  return {
    path,
    resumedCount,
    append(task, resultJson) {
      writeSync(fd, `{"task":${task},"result":${resultJson}}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}
