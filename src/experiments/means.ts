// Means over patients, for the experiments that report each arm as the mean of its patients'
// outcomes.

/** The arithmetic mean; NaN for no values (a missing cell). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Each field of the outcomes (one object of numbers per patient) averaged over them. */
export function meanOfFields<T extends { [K in keyof T]: number }>(outcomes: readonly T[]): T {
  const fields = Object.keys(outcomes[0] ?? {}) as (keyof T)[];
  return Object.fromEntries(
    fields.map((field) => [field, mean(outcomes.map((outcome): number => outcome[field]))]),
  ) as T;
}
