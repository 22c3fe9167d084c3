// A built-in study: a cohort designed to answer one clinical question, and the report that
// answers it (tables, forest plots, notes beside the published figures). The cohort runs on the
// cohort runner like any cohort file; the report is made from its outcomes and summaries.
import type { CohortOutcomes, CohortSpecInput, PatientSummary } from '../cohort/index.ts';
import type { ExperimentResult } from '../experiments/types.ts';

/** Scale-downs for a quick look (and for tests); the study's design is the default. */
export interface StudyOptions {
  /** Patients (default: the study's design). */
  readonly patients?: number;
  /** Years of follow-up (default: the study's design). */
  readonly years?: number;
}

export interface Study {
  readonly name: string;
  readonly title: string;
  /** The question, in one sentence (for `csii study` listings). */
  readonly question: string;
  cohort(options: StudyOptions): CohortSpecInput;
  /** The report, from the cohort's outcomes and per-patient summaries (pure). */
  report(input: {
    readonly outcomes: CohortOutcomes;
    readonly summaries: readonly PatientSummary[];
    readonly options: StudyOptions;
  }): ExperimentResult;
}
