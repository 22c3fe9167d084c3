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

/**
 * Each of `patients` patients in every arm, one outcome a run (`outcomeOf`), and each arm's
 * outcomes averaged over the patients, beside its label. Runs go patient by patient, every arm in
 * turn, so `onProgress` hears of each patient done.
 */
export function armMeansOverPatients<
  Arm extends { readonly label: string },
  Outcome extends { [K in keyof Outcome]: number },
>(
  arms: readonly Arm[],
  patients: number,
  outcomeOf: (arm: Arm, patientIndex: number) => Outcome,
  onProgress?: (fractionDone: number) => void,
): (Outcome & { readonly label: string })[] {
  const outcomes: Outcome[][] = arms.map(() => []);
  for (let i = 0; i < patients; i += 1) {
    for (const [a, arm] of arms.entries()) outcomes[a]!.push(outcomeOf(arm, i));
    onProgress?.((i + 1) / patients);
  }
  return arms.map((arm, a) => ({ label: arm.label, ...meanOfFields(outcomes[a]!) }));
}
