// `csii cohort <file>`: runs every task of a cohort on this machine's worker threads (or on a
// Redis queue with --queue), resuming its checkpoint, and writes result.json and patients.csv.
import { stat, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_COST_MODEL } from '../cohort/cost.ts';
import { CHECKPOINT_FILE } from '../cohort/farm/checkpoint.ts';
import { prepareFarm, runFarm } from '../cohort/farm/farm.ts';
import { farmJob } from '../cohort/farm/jobs.ts';
import { writeFarmOutputs } from '../cohort/farm/outputs.ts';
import { farmProgressBar } from '../cohort/farm/progress.ts';
import {
  executorFor,
  failureExitCode,
  FARM_RUN_OPTIONS,
  parseCommandLine,
  type ExecutorFlags,
} from './args.ts';

export const COHORT_USAGE = `Usage: csii cohort <cohort.json> [options]

Runs every patient of a cohort and writes result.json, patients.csv and the checkpoint
(checkpoint.jsonl) to --out. A run that was stopped resumes from its checkpoint; the result
depends only on the file, never on the number of workers. The cohort's "cost" is the cost model
(items and prices) or the path of a JSON file holding it; \`csii cohort --cost-defaults\` prints
the default one to start from.

Options:
  --out DIR            where the files go (default ./csii-out/<name>)
  --workers N          worker threads on this machine (default: all cores)
  --queue URL          put the tasks on a Redis queue instead (redis://host:port) and gather
                       what \`csii worker --queue URL\` processes on any machine
  --queue-name NAME    the queue's name (default cohort)
  --restart            discard a checkpoint left by another cohort file
  --json               print the result as JSON (the files are written too)
  --cost-defaults      print the default cost model (items and prices) as JSON
  --job NAME           the job to run (default cohort-patient)`;

const DEFAULT_JOB = 'cohort-patient';
/** A cohort file is a spec, not data: a bound that no real one comes near. */
const SPEC_BYTES_MAX = 1024 * 1024;

export async function cohortCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine('cohort', COHORT_USAGE, {
    args: [...args],
    allowPositionals: true,
    options: {
      ...FARM_RUN_OPTIONS,
      job: { type: 'string', default: DEFAULT_JOB },
      'cost-defaults': { type: 'boolean', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (values['cost-defaults']) {
    console.log(JSON.stringify(DEFAULT_COST_MODEL, null, 2));
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`csii cohort: give one cohort file\n\n${COHORT_USAGE}`);
    return 2;
  }
  try {
    return await runCohortFile(positionals[0] as string, values);
  } catch (error) {
    return failureExitCode('cohort', error);
  }
}

interface CohortFlags extends ExecutorFlags {
  readonly out?: string | undefined;
  readonly restart: boolean;
  readonly json: boolean;
  readonly job: string;
}

async function runCohortFile(file: string, flags: CohortFlags): Promise<number> {
  const job = farmJob(flags.job);
  const input = await withCostFile(await readSpecFile(file), file);
  const prepared = parseSpec(file, () => prepareFarm(job, input));
  const label = job.label(prepared.spec);
  const out = flags.out ?? join('csii-out', label);
  const executor = executorFor('cohort', flags);
  const progress = farmProgressBar('cohort');
  const startedMs = Date.now();
  let outcome;
  try {
    outcome = await runFarm({
      job,
      prepared,
      out,
      restart: flags.restart,
      executor: executor.executor,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.stop();
  }
  await writeFarmOutputs(out, outcome.output, outcome.rows);
  if (flags.json) {
    console.log(JSON.stringify(outcome.output));
    return 0;
  }
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  const resumed = outcome.resumedCount > 0 ? `, ${outcome.resumedCount} from the checkpoint` : '';
  console.log(
    `Cohort ${label}: ${outcome.taskCount} tasks${resumed}, ` +
      `${outcome.patientYears.toFixed(2)} patient-years, ${seconds} s ${executor.where}`,
  );
  console.log(`Wrote ${join(out, 'result.json')}, patients.csv and ${CHECKPOINT_FILE}`);
  return 0;
}

/** A spec the job refuses: the job's message (field, value, range), prefixed by the file. */
function parseSpec<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new RangeError(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A cohort's `cost` may name a JSON file of items and prices (relative to the cohort file), read
 * here so the cohort that is run, hashed and checkpointed holds the prices themselves.
 */
async function withCostFile(input: unknown, file: string): Promise<unknown> {
  if (typeof input !== 'object' || input === null) return input;
  const cost = (input as { cost?: unknown }).cost;
  if (typeof cost !== 'string') return input;
  const costFile = resolve(dirname(file), cost);
  return { ...input, cost: await readSpecFile(costFile) };
}

async function readSpecFile(file: string): Promise<unknown> {
  let text: string;
  try {
    if ((await stat(file)).size > SPEC_BYTES_MAX) {
      throw new RangeError(`${file} is over ${SPEC_BYTES_MAX} bytes: is it a cohort file?`);
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new RangeError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RangeError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}
