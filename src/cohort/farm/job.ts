// What the farm runs: a job is a pure function of (spec, task index) with a parser for its spec
// and a reduction of all its task results. The farm knows nothing else about it, so the local
// pool, the checkpoint and the queue serve every job alike.

/** One row of patients.csv: column name → cell, in column order. */
export type CsvRow = Readonly<Record<string, string | number | boolean | null>>;

export interface FarmJob<Spec, Result, Output> {
  /** The registry key, carried in queue payloads; letters, digits and dashes. */
  readonly name: string;
  /** Parses untrusted input (a file's JSON) into the spec, or throws naming the bad field. */
  parse(input: unknown): Spec;
  /**
   * Checks of the spec that cost more than parsing it (the cohort's: its arms' pump settings for
   * every patient), run once by the coordinator before anything is written; throws like `parse`.
   */
  check?(spec: Spec): void;
  /** The default output folder's name. */
  label(spec: Spec): string;
  taskCount(spec: Spec): number;
  /** Simulated patient-years in one task, for progress. */
  taskPatientYears(spec: Spec, task: number): number;
  /** Pure and deterministic: the same spec and task give the same result on any machine. */
  runTask(spec: Spec, task: number): Result;
  /** Results arrive in task order, whatever order they were computed in. */
  reduce(spec: Spec, results: readonly Result[]): Output;
  csvRow(spec: Spec, task: number, result: Result): CsvRow;
}

/** A job with its types erased, as the registry holds it. */
export type AnyFarmJob = FarmJob<unknown, unknown, unknown>;

/**
 * Erases a job's types for the registry. Sound as long as a job only ever sees specs its own
 * `parse` made and results its own `runTask` made (after a JSON round trip), which the farm
 * guarantees by keying everything by job name.
 */
export function eraseJob<Spec, Result, Output>(job: FarmJob<Spec, Result, Output>): AnyFarmJob {
  return job as unknown as AnyFarmJob;
}
