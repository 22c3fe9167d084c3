// `csii simulate <scenario.json | preset>`: runs one virtual patient, prints a summary and writes
// report.html, result.json and trace.csv (or prints the result with --json).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadSimglucosePatientsOrThrow } from '../physiology/simglucoseFiles.ts';
import { loadReportAssets } from '../report/assets.ts';
import { renderSimulationReport } from '../report/simulationReport.ts';
import { PRESETS, PRESET_NAMES, simulate, traceCsv, type SimulationResult } from '../sim/index.ts';
import { progressBar } from './progress.ts';
import { formatSimulationSummary } from './simulationSummary.ts';

export interface SimulateFlags {
  readonly json: boolean;
  readonly out?: string;
}

export async function simulateCommand(
  target: string | undefined,
  flags: SimulateFlags,
): Promise<number> {
  if (target === undefined) {
    console.error(`csii simulate: give a scenario file or a preset (${PRESET_NAMES.join(', ')})`);
    return 2;
  }
  const progress = progressBar('simulating');
  let result: SimulationResult;
  let defaultName: string;
  try {
    const loaded = await loadScenario(target);
    defaultName = loaded.defaultName;
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
  const out = flags.out ?? join('csii-out', result.name === 'scenario' ? defaultName : result.name);
  await writeOutputs(result, out);
  console.log(formatSimulationSummary(result));
  console.log(`\nWrote ${join(out, 'report.html')}, result.json and trace.csv`);
  return 0;
}

/** A preset or scenario file, with the simglucose patients it names read from disk. */
export async function loadScenario(target: string) {
  const { scenario, baseDirectory, defaultName } = await readScenario(target);
  return {
    scenario,
    defaultName,
    simglucosePatients: await simglucoseFor(scenario, baseDirectory),
  };
}

async function readScenario(
  target: string,
): Promise<{ scenario: unknown; baseDirectory: string; defaultName: string }> {
  const preset = PRESETS[target];
  if (preset !== undefined)
    return { scenario: preset, baseDirectory: process.cwd(), defaultName: target };
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch {
    throw new UsageError(
      `'${target}' is neither a scenario file nor a preset (${PRESET_NAMES.join(', ')})`,
    );
  }
  try {
    const name = target.replace(/^.*[\\/]/, '').replace(/(\.scenario)?\.json$/, '');
    return {
      scenario: JSON.parse(text),
      baseDirectory: dirname(resolve(target)),
      defaultName: name,
    };
  } catch (error) {
    throw new UsageError(`${target}: not valid JSON (${(error as Error).message})`);
  }
}

/** A UVA/Padova patient's files are read here, at the edge, relative to the scenario file. */
async function simglucoseFor(scenario: unknown, baseDirectory: string) {
  const patient = (scenario as { patient?: { source?: unknown; directory?: unknown } }).patient;
  if (patient?.source !== 'simglucose' || typeof patient.directory !== 'string') return [];
  return loadSimglucosePatientsOrThrow(resolve(baseDirectory, patient.directory));
}

async function writeOutputs(result: SimulationResult, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  await writeFile(join(out, 'trace.csv'), traceCsv(result));
  await writeFile(join(out, 'report.html'), renderSimulationReport(result, loadReportAssets()));
}

export class UsageError extends Error {}
