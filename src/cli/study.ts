// `csii study <name>`: runs a built-in study's cohort on this machine's worker threads (or a Redis
// queue), then writes its report (report.html with tables and forest plots), patients.csv and
// result.json; --json prints the result instead. A stopped run resumes from its checkpoint.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cohortPatientJob } from '../cohort/farm/cohortPatientJob.ts';
import { csvOf } from '../cohort/farm/outputs.ts';
import { farmProgressBar } from '../cohort/farm/progress.ts';
import { parseQueueAddress } from '../cohort/farm/queueAddress.ts';
import { runCohort } from '../cohort/farm/runCohort.ts';
import { parseCohort } from '../cohort/spec.ts';
import { loadReportAssets } from '../report/assets.ts';
import { renderExperimentReport } from '../report/experimentReport.ts';
import { findStudy, STUDIES, type StudyOptions } from '../studies/index.ts';
import { failureExitCode, integerFlag, parseCommandLine, threadsFlag } from './args.ts';
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
  --restart            discard a checkpoint left by another run
  --json               print the result as JSON (the files are written too)`;

export async function studyCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine('study', STUDY_USAGE, {
    args: [...args],
    allowPositionals: true,
    options: {
      patients: { type: 'string' },
      years: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      queue: { type: 'string' },
      restart: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
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
    const input = study.cohort(options);
    const spec = parseCohort(input);
    const out = values.out ?? join('csii-out', `study-${study.name}`);
    const progress = farmProgressBar(`study ${study.name}`);
    let run;
    try {
      run = await runCohort(input, {
        out,
        restart: values.restart,
        onProgress: (p) => progress.update(p),
        ...(values.queue === undefined
          ? { workers: threadsFlag(values.workers) }
          : { queue: parseQueueAddress(values.queue) }),
      });
    } finally {
      progress.stop();
    }
    const result = study.report({ outcomes: run.outcomes, summaries: run.summaries, options });
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
    await writeFile(join(out, 'report.html'), renderExperimentReport(result, loadReportAssets()));
    const rows = run.summaries.map((s, task) => cohortPatientJob.csvRow(spec, task, s));
    await writeFile(join(out, 'patients.csv'), csvOf(rows));
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
    options.patients = integerFlag('patients', values.patients, 1, 10_000);
  if (values.years !== undefined) {
    const years = Number(values.years);
    if (!/^\d+(\.\d+)?$/.test(values.years) || !(years >= 0.01 && years <= 100)) {
      throw new RangeError(`--years = ${values.years}: a number 0.01–100`);
    }
    options.years = years;
  }
  return options;
}
