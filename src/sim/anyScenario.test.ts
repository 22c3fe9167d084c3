// Any valid scenario runs: random scenarios (test/scenarioArbitraries.ts) run to a result that
// is complete, physically sensible and the same bytes twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scenario, SIMGLUCOSE_DIRECTORY } from '../../test/scenarioArbitraries.ts';
import { loadSimglucosePatientsOrThrow } from '../physiology/simglucoseFiles.ts';
import { simulate } from './run.ts';
import type { ScenarioInput } from './scenario.ts';

test('any valid scenario runs to a complete, sensible result, the same bytes twice', async () => {
  const simglucosePatients = await loadSimglucosePatientsOrThrow(SIMGLUCOSE_DIRECTORY);
  const run = (input: ScenarioInput) => simulate(input, { simglucosePatients });
  fc.assert(
    fc.property(scenario, (input) => {
      const result = run(input);
      const days = input.durationDays ?? 0;
      assert.equal(result.days.length, days);
      const { plasmaGlucoseMgdl, bohbMmolL, basalUnits, bolusUnits } = result.trace;
      assert.equal(plasmaGlucoseMgdl.length, (days * 1440) / result.trace.intervalMinutes);
      for (const series of [plasmaGlucoseMgdl, bohbMmolL, basalUnits, bolusUnits]) {
        assert.equal(series.length, plasmaGlucoseMgdl.length);
        for (const value of series) assert.ok(Number.isFinite(value) && value >= 0, `${value}`);
      }
      const insulin = result.summary.insulinUnitsPerDay;
      for (const units of [insulin.total, insulin.basal, insulin.bolus]) {
        assert.ok(Number.isFinite(units) && units >= 0, `${units} U/day`);
      }
      for (let i = 1; i < result.log.length; i += 1) {
        assert.ok(result.log[i]!.atMinutes >= result.log[i - 1]!.atMinutes, 'the log is in order');
      }
      assert.equal(JSON.stringify(run(input)), JSON.stringify(result));
    }),
    { numRuns: 40 },
  );
});
