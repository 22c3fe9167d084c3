// `csii study <name>`: runs a built-in study's cohort on this machine's worker threads (or a Redis
// queue), then writes its report (report.html with tables and forest plots), patients.csv and
// result.json; --json prints the result instead. A stopped run resumes from its checkpoint.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cohortPatientJob } from '../cohort/farm/cohortPatientJob.ts';
import { prepareFarm, runFarm } from '../cohort/farm/farm.ts';
import { writeFarmOutputs } from '../cohort/farm/outputs.ts';
import { farmProgressBar } from '../cohort/farm/progress.ts';
import type { PatientSummary } from '../cohort/patientRun.ts';
import type { CohortOutcomes } from '../cohort/reduce.ts';
import { SEGMENTS_MAX, PATIENTS_MAX } from '../cohort/seeds.ts';
import { loadReportAssets } from '../report/assets.ts';
import { renderExperimentReport } from '../report/experimentReport.ts';
import { findStudy, STUDIES, type StudyOptions } from '../studies/index.ts';
import {
  executorFor,
  failureExitCode,
  FARM_RUN_OPTIONS,
  integerFlag,
  parseCommandLine,
} from './args.ts';
import { formatExperimentText } from './experiment.ts';

export const STUDY_USAGE = `Usage: csii study <name> [options]

Runs a built-in study and writes report.html (tables and forest plots), patients.csv and
result.json to --out. A stopped run resumes from its checkpoint.

Studies:
${STUDIES.map((s) => `  ${s.name.padEnd(22)} ${s.question}`).join('\n')}

Options:
  --patients N         fewer patients than the study's design, for a quick look
  --years Y            a shorter follow-up than the design (e.g. 0.25)
  --out DIR            where the files go (default ./csii-out/study-<name>)
  --workers N          worker threads on this machine (default: all cores)
  --queue URL          run on a Redis queue (redis://host:port) processed by csii worker
  --queue-name NAME    the queue's name (default cohort)
  --restart            discard a checkpoint left by another run
  --json               print the result as JSON (the files are written too)`;

export async function studyCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine('study', STUDY_USAGE, {
    args: [...args],
    allowPositionals: true,
    options: {
      ...FARM_RUN_OPTIONS,
      patients: { type: 'string' },
      years: { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  const study = positionals.length === 1 ? findStudy(positionals[0] as string) : undefined;
  if (study === undefined) {
    const given =
      positionals.length === 0 ? 'name a study' : `unknown study '${positionals.join(' ')}'`;
    console.error(`csii study: ${given} (known: ${STUDIES.map((s) => s.name).join(', ')})`);
    return 2;
  }
  try {
    const options = studyOptions(values);
    const prepared = prepareFarm(cohortPatientJob, study.cohort(options));
    const out = values.out ?? join('csii-out', `study-${study.name}`);
    const { executor } = executorFor('study', values);
    const progress = farmProgressBar(`study ${study.name}`);
    let run;
    try {
      run = await runFarm({
        job: cohortPatientJob,
        prepared,
        out,
        restart: values.restart,
        executor,
        onProgress: (p) => progress.update(p),
      });
    } finally {
      progress.stop();
    }
    const result = study.report({
      outcomes: run.output as CohortOutcomes,
      summaries: run.results as PatientSummary[],
      options,
    });
    await writeFarmOutputs(out, result, run.rows);
    await writeFile(join(out, 'report.html'), renderExperimentReport(result, loadReportAssets()));
    if (values.json) {
      console.log(JSON.stringify(result));
      return 0;
    }
    console.log(formatExperimentText(result));
    console.log(`\nWrote ${join(out, 'report.html')}, patients.csv and result.json`);
    return 0;
  } catch (error) {
    return failureExitCode('study', error);
  }
}

/** --patients and --years, checked against the ranges a cohort allows. */
function studyOptions(values: { patients?: string; years?: string }): StudyOptions {
  const options: { patients?: number; years?: number } = {};
  if (values.patients !== undefined)
    options.patients = integerFlag('patients', values.patients, 1, PATIENTS_MAX);
  if (values.years !== undefined) {
    const years = Number(values.years);
    if (!/^\d+(\.\d+)?$/.test(values.years) || !(years >= 0.01 && years <= SEGMENTS_MAX)) {
      throw new RangeError(`--years = ${values.years}: a number 0.01–${SEGMENTS_MAX}`);
    }
    options.years = years;
  }
  return options;
}
