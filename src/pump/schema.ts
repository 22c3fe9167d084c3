// Zod helpers shared by the pump's settings and commands: every number states its allowed range
// and unit, and a failed parse becomes a refusal that names the field, the value and the range.
import { z } from 'zod';
import { refusal, type Refusal } from './refusals.ts';

/** A number in [min, max] (inclusive), with the unit used in the refusal text. */
export function ranged(min: number, max: number, unit: string) {
  const allowed = `${min}–${max} ${unit}`.trim();
  return z
    .number({ error: allowed })
    .finite({ error: allowed })
    .min(min, allowed)
    .max(max, allowed);
}

/** An integer in [min, max]. */
export function rangedInt(min: number, max: number, unit: string) {
  const allowed = `integer ${min}–${max} ${unit}`.trim();
  return z.number({ error: allowed }).int(allowed).min(min, allowed).max(max, allowed);
}

/** The first zod issue of a failed parse as a refusal (the value is read back from the input). */
export function refusalFromZod(error: z.ZodError, input: unknown, prefix = ''): Refusal {
  const issue = error.issues[0];
  if (issue === undefined)
    return refusal('out_of_range', prefix || '(input)', input, 'valid input');
  const path = issue.path.map(String);
  const field = [prefix, ...path].filter((part) => part !== '').join('.');
  return refusal('out_of_range', field || '(input)', valueAt(input, path), issue.message);
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Units → integer milliunits, exact for the 0.001 U grid every pump setting lives on. */
export const toMilliunits = (valueUnits: number): number => Math.round(valueUnits * 1000);
export const fromMilliunits = (valueMilliunits: number): number => valueMilliunits / 1000;
