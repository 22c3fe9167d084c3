// Golden scenarios: test/scenarios/*.scenario.json run as `csii simulate` runs them, compared
// with *.expected.json. Integers must match exactly; a float may differ by FLOAT_TOLERANCE
// (relative) or by one step of its last printed decimal, whichever is larger: results are
// rounded for output, and a last-bit difference of a Math function between platforms can tip a
// rounding. Regenerate on purpose with `npm run golden:update`, then review the diff.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationResult } from '../src/sim/result.ts';

export const SCENARIO_DIRECTORY = join(fileURLToPath(new URL('.', import.meta.url)), 'scenarios');
export const FLOAT_TOLERANCE = 1e-6;

export function goldenScenarioFiles(): string[] {
  return readdirSync(SCENARIO_DIRECTORY)
    .filter((name) => name.endsWith('.scenario.json'))
    .sort()
    .map((name) => join(SCENARIO_DIRECTORY, name));
}

export const expectedFileFor = (scenarioFile: string): string =>
  scenarioFile.replace(/\.scenario\.json$/, '.expected.json');

/** What a golden file pins: the outcomes, events, daily totals, AGP and a thinned trace. */
export function goldenView(result: SimulationResult) {
  const every = (values: readonly (number | null)[]) => values.filter((_, i) => i % 12 === 0);
  const t = result.trace;
  return {
    name: result.name,
    patient: result.patient,
    therapy: result.therapy,
    summary: result.summary,
    events: result.events,
    days: result.days,
    agpMedianHourly: result.agp.bins.filter((_, i) => i % 4 === 0).map((b) => b.p50),
    hourlyTrace: {
      plasmaGlucoseMgdl: every(t.plasmaGlucoseMgdl),
      cgmGlucoseMgdl: every(t.cgmGlucoseMgdl),
      bohbMmolL: every(t.bohbMmolL),
      iobUnits: every(t.iobUnits),
    },
    logEntries: result.log.length,
  };
}

/** Paths where actual and expected differ beyond the rules above ([] when they agree). */
export function goldenDifferences(actual: unknown, expected: unknown, path = '$'): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual))
      return actual === expected ? [] : [`${path}: ${actual} ≠ ${expected}`];
    const tolerance = Math.max(
      FLOAT_TOLERANCE * Math.max(1, Math.abs(expected)),
      lastDecimalStep(expected),
    );
    return Math.abs(actual - expected) <= tolerance * (1 + 1e-9)
      ? []
      : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length)
      return [`${path}: length ${actual.length} ≠ ${expected.length}`];
    return expected.flatMap((e, i) => goldenDifferences(actual[i], e, `${path}[${i}]`));
  }
  if (
    expected !== null &&
    typeof expected === 'object' &&
    actual !== null &&
    typeof actual === 'object'
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      goldenDifferences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      ),
    );
  }
  return actual === expected
    ? []
    : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

/** 10^-d for a number printed with d decimals (0.01 for 74.98). */
function lastDecimalStep(value: number): number {
  const decimals = String(value).split('.')[1]?.length ?? 0;
  return decimals > 12 ? 0 : 10 ** -decimals;
}
