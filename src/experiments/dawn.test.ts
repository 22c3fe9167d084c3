import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dawnExperiment, type NightOutcome } from './dawn.ts';

test('dawn: hourly pump rates meet the rise that one flat rate leaves, without the lows of titrated glargine', () => {
  const result = dawnExperiment({ patients: 4 }).run({});
  const arms = (result.data as { arms: (NightOutcome & { label: string })[] }).arms;
  const [hourly, flat, glargine, nph] = arms;
  assert.ok(hourly && flat && glargine && nph);
  // Measured with 4 patients: rise to waking 19 vs 38 mg/dL, glucose at 07:00 137 vs 157;
  // below 70 at night 0 % on the pump, 2.4 % on glargine.
  assert.ok(hourly.riseToWakingMgdl < flat.riseToWakingMgdl - 10, JSON.stringify(arms));
  assert.ok(hourly.wakingMgdl < flat.wakingMgdl - 10);
  // Titrated injections bring the waking glucose down with more insulin all night: more lows.
  assert.ok(glargine.below70Percent > hourly.below70Percent);
  for (const arm of arms) {
    assert.ok(arm.meanMgdl > 70 && arm.meanMgdl < 250, `${arm.label}: ${arm.meanMgdl}`);
  }
  assert.equal(result.tables[0]?.rows.length, 4);
  assert.deepEqual(dawnExperiment({ patients: 4 }).run({}).data, result.data);
});
