// Zod helpers for the pump's settings and commands: a failed parse becomes a refusal that names
// the field, the value and the range.
import { z } from 'zod';
import { refusal, type Refusal } from './refusals.ts';

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
