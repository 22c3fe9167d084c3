// Parses options at the boundary of a core part: a bad option is reported with its field, the
// value given and the rule it broke, e.g. `cgm options: dropout.meanDurationMinutes = 2: Too
// small: expected number to be >=5`.
import type { z } from 'zod';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * The value an issue is about. A union's discriminator is reported with the object it sits in:
 * its own field's value is the one to show.
 */
function fieldValue(issue: z.core.$ZodIssue): unknown {
  const input = issue.input;
  const discriminator = 'discriminator' in issue ? issue.discriminator : undefined;
  if (typeof discriminator === 'string' && typeof input === 'object' && input !== null)
    return (input as Record<string, unknown>)[discriminator];
  return input;
}

/** ` = value`, or ` is missing` for a field not given. */
function givenText(value: unknown): string {
  return value === undefined ? ' is missing' : ` = ${JSON.stringify(value)}`;
}

/**
 * A file's validation problems, one line each: the field path (or `(root)` for the whole
 * input), the value given (or that it is missing) unless the problem is an unknown key, and the
 * rule it broke.
 */
export function problemLines(issues: readonly z.core.$ZodIssue[], root: string): string[] {
  return issues.map((issue) => {
    const path = issue.path.length === 0 ? `(${root})` : issue.path.join('.');
    const showValue = 'input' in issue && issue.code !== 'unrecognized_keys';
    return `${path}${showValue ? givenText(fieldValue(issue)) : ''}: ${issue.message}`;
  });
}

/** Parses `input` with `schema`, or throws a RangeError naming every bad field and its value. */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  label: string,
): z.output<Schema> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.length === 0 ? '(options)' : issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return `${field}: ${issue.message}`;
    // A refinement over several fields reports the whole object: show the named field's value.
    const given = valueAt(input, issue.path);
    return `${field} = ${describe(given === undefined ? issue.input : given)}: ${issue.message}`;
  });
  throw new RangeError(`${label}: ${lines.join('; ')}`);
}
