// 'cohort-patient', the job of `csii cohort`: task i is one patient under one arm of the cohort
// (taskOf), run and summarised by the cohort core; the summaries reduce to outcomes per arm.
import type { PatientSummary } from '../patientRun.ts';
import { DAYS_PER_PATIENT_YEAR, runCohortPatient } from '../patientRun.ts';
import { reduceCohort } from '../reduce.ts';
import { armPumpSettingsProblems } from '../armPumpSettings.ts';
import { CohortError, cohortTasks, parseCohort, taskOf, type CohortSpec } from '../spec.ts';
import { eraseJob, type CsvRow } from './job.ts';

/** One row of patients.csv: who, which arm, how long, HbA1c, events summed over the years, cost. */
function csvRow(_spec: CohortSpec, task: number, summary: PatientSummary): CsvRow {
  const total = (pick: (year: PatientSummary['years'][number]) => number) =>
    summary.years.reduce((sum, year) => sum + pick(year), 0);
  return {
    task,
    arm: summary.armId,
    patient: summary.task.patientIndex,
    name: summary.patient.name,
    group: summary.group,
    dawnPhenomenon: summary.patient.dawnPhenomenon,
    patientYears: summary.patientYears,
    hba1cPercent: summary.hba1cPercent,
    severeHypos: total((y) => y.severeHypos),
    ketoacidoses: total((y) => y.ketoacidoses),
    technicalKetoacidoses: total((y) => y.technicalKetoacidoses),
    siteInfections: total((y) => y.siteInfections),
    abscesses: total((y) => y.abscesses),
    eurPerPatientYear: summary.cost.eurPerPatientYear,
  };
}

export const cohortPatientJob = eraseJob({
  name: 'cohort-patient',
  parse: parseCohort,
  check: (spec: CohortSpec) => {
    const problems = armPumpSettingsProblems(spec);
    if (problems.length > 0) throw new CohortError(problems);
  },
  label: (spec) => spec.name,
  taskCount: cohortTasks,
  taskPatientYears: (spec) => spec.duration.days / DAYS_PER_PATIENT_YEAR,
  runTask: (spec: CohortSpec, task: number) => runCohortPatient(spec, taskOf(spec, task)),
  reduce: (spec, summaries) => reduceCohort(spec, summaries),
  csvRow,
});
