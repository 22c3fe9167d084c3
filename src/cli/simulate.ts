// `csii simulate <scenario.json | preset>`: runs one virtual patient, prints a summary and writes
// report.html, result.json, trace.csv and scenario.json (or prints the result with --json).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadSimglucosePatients } from '../physiology/simglucoseFiles.ts';
import { formatFileIssues, type SimglucosePatient } from '../physiology/simglucoseFilesParse.ts';
import { loadReportAssets } from '../report/assets.ts';
import { renderSimulationReport } from '../report/simulationReport.ts';
import {
  parseScenario,
  PRESETS,
  PRESET_NAMES,
  ScenarioError,
  simulate,
  traceCsv,
  type Scenario,
  type SimulationResult,
} from '../sim/index.ts';
import { parseCommandLine } from './args.ts';
import { progressBar } from './progress.ts';
import { applyOverrides, parseOverride, type Override } from './scenarioOverrides.ts';
import { formatSimulationSummary } from './simulationSummary.ts';

export const SIMULATE_USAGE = `Usage: csii simulate <scenario.json | preset> [options]

Simulates one virtual patient, prints the summary and writes report.html, result.json,
trace.csv and scenario.json (the scenario as run, every default written out: simulating it
again gives the same result) to --out. Every field of a scenario file is optional; each
default is stated beside its field in src/sim/scenario.ts and src/therapy/behaviour.ts.

Presets:
${presetLines()}

Options:
  --set PATH=VALUE     change one field before the defaults are filled in; repeatable.
                       PATH is dot-separated, VALUE is JSON or else text, e.g.
                       --set seed=7 --set patient.index=12 --set durationDays=30
                       --set therapy.kind=mdi --set behaviour.forgetBolusProbability=0.2
                       A path may reach into a default: --set meals.meals.3.slowShare=0.3
  --out DIR            where the files go (default ./csii-out/<name>)
  --json               print the result as JSON instead of writing files`;

export async function simulateCommand(args: readonly string[]): Promise<number> {
  const parsed = parseCommandLine('simulate', SIMULATE_USAGE, {
    args: [...args],
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length !== 1) {
    const given = positionals.length === 0 ? 'give' : `give one, not ${positionals.length}:`;
    console.error(
      `csii simulate: ${given} a scenario file or a preset (${PRESET_NAMES.join(', ')})`,
    );
    return 2;
  }
  try {
    return await run(positionals[0] as string, values);
  } catch (error) {
    // A scenario refused before anything ran: nothing was written.
    if (
      error instanceof ScenarioError ||
      error instanceof UsageError ||
      error instanceof RangeError
    ) {
      console.error(`csii simulate: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function run(
  target: string,
  flags: { set: string[]; out?: string | undefined; json: boolean },
): Promise<number> {
  const loaded = await loadScenario(target, flags.set.map(parseOverride));
  const progress = progressBar('simulating');
  let result: SimulationResult;
  try {
    result = simulate(loaded.scenario, {
      simglucosePatients: loaded.simglucosePatients,
      onProgress: (f) => progress.update(f),
    });
  } finally {
    progress.stop();
  }
  if (flags.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  const out = flags.out ?? join('csii-out', result.name);
  await writeOutputs(result, asRunFrom(result.scenario, loaded.baseDirectory, out), out);
  console.log(formatSimulationSummary(result));
  console.log(`\nWrote ${join(out, 'report.html')}, result.json, trace.csv and scenario.json`);
  return 0;
}

/** What a run needs from a preset or file: the scenario, checked, and its simglucose patients. */
interface LoadedScenario {
  readonly scenario: Scenario;
  /** Where a relative simglucose directory is read from. */
  readonly baseDirectory: string;
  readonly simglucosePatients: readonly SimglucosePatient[];
}

/**
 * A preset or scenario file with the `--set` overrides applied, checked before anything runs. A
 * file without a name takes its own (`my-test.scenario.json` runs as `my-test`).
 */
export async function loadScenario(
  target: string,
  overrides: readonly Override[] = [],
): Promise<LoadedScenario> {
  const read = await readScenario(target);
  const scenario = parseScenario(applyOverrides(read.scenario, overrides, defaultsOf));
  return {
    scenario,
    baseDirectory: read.baseDirectory,
    simglucosePatients: await simglucoseFor(scenario, read.baseDirectory),
  };
}

/** The scenario with its defaults filled in (`--set` reaches into them); undefined if invalid. */
function defaultsOf(scenario: unknown): unknown {
  try {
    return parseScenario(scenario);
  } catch {
    return undefined;
  }
}

async function readScenario(target: string): Promise<{ scenario: unknown; baseDirectory: string }> {
  const preset = PRESETS[target];
  if (preset !== undefined) return { scenario: preset.scenario, baseDirectory: process.cwd() };
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch {
    throw new UsageError(
      `'${target}' is neither a scenario file nor a preset (${PRESET_NAMES.join(', ')})`,
    );
  }
  let scenario: unknown;
  try {
    scenario = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${target}: not valid JSON (${(error as Error).message})`);
  }
  const named =
    typeof scenario === 'object' &&
    scenario !== null &&
    !Array.isArray(scenario) &&
    !('name' in scenario)
      ? { ...scenario, name: fileBaseName(target) }
      : scenario;
  return { scenario: named, baseDirectory: dirname(resolve(target)) };
}

/** `dir/my-test.scenario.json` → `my-test`, within the 80 characters a name may have. */
function fileBaseName(path: string): string {
  const base = path.replace(/^.*[\\/]/, '').replace(/(\.scenario)?\.json$/, '');
  return (base === '' ? 'scenario' : base).slice(0, 80);
}

/** A UVA/Padova patient's files are read here, at the edge, relative to the scenario file. */
async function simglucoseFor(
  scenario: Scenario,
  baseDirectory: string,
): Promise<readonly SimglucosePatient[]> {
  const patient = scenario.patient;
  if (patient.source !== 'simglucose') return [];
  const loaded = await loadSimglucosePatients(resolve(baseDirectory, patient.directory));
  if (loaded.ok) return loaded.value;
  throw new UsageError(
    `patient.directory = ${JSON.stringify(patient.directory)}: its simglucose files are ` +
      `refused:\n${formatFileIssues(loaded.issues)}`,
  );
}

/**
 * The scenario as it ran (the result's), to be written into `out`: a simglucose directory, read
 * from `baseDirectory`, is rewritten relative to `out`, so the file runs from where it is written.
 */
function asRunFrom(scenario: Scenario, baseDirectory: string, out: string): Scenario {
  if (scenario.patient.source !== 'simglucose') return scenario;
  const directory = resolve(baseDirectory, scenario.patient.directory);
  return {
    ...scenario,
    patient: { ...scenario.patient, directory: relative(resolve(out), directory) || '.' },
  };
}

async function writeOutputs(result: SimulationResult, scenario: Scenario, out: string) {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  await writeFile(join(out, 'trace.csv'), traceCsv(result));
  await writeFile(join(out, 'report.html'), renderSimulationReport(result, loadReportAssets()));
  await writeFile(join(out, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);
}

export class UsageError extends Error {}

/** One line a preset, the descriptions lined up after the longest name. */
function presetLines(): string {
  const width = Math.max(...PRESET_NAMES.map((name) => name.length)) + 2;
  return PRESET_NAMES.map((name) => `  ${name.padEnd(width)}${PRESETS[name]?.description}`).join(
    '\n',
  );
}
