// The identity of a run: the sha256 of the parsed spec's canonical JSON (keys sorted at every
// depth), so the same spec written with its keys in another order, or with its defaults spelled
// out, is the same run. The checkpoint header and the queue's job ids carry it.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    // fromEntries defines own properties, so even a key named __proto__ stays a key.
    return Object.fromEntries(
      Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

/** sha256 of the canonical JSON, lower-case hex. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/** The run's id in queue job ids: the job's name and the first 16 hex digits of the hash. */
export function runIdOf(jobName: string, hash: string): string {
  return `${jobName}.${hash.slice(0, 16)}`;
}
