import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dawnExperiment, type NightOutcome } from './dawn.ts';

test('dawn: hourly pump rates meet the rise that one flat rate leaves; titrated glargine meets it, NPH runs high', () => {
  const result = dawnExperiment({ patients: 4 }).run({});
  const arms = (result.data as { arms: (NightOutcome & { label: string })[] }).arms;
  const [hourly, flat, glargine, nph] = arms;
  assert.ok(hourly && flat && glargine && nph);
  // Measured with 4 patients: rise to waking 19 vs 38 mg/dL, glucose at 07:00 137 vs 157.
  assert.ok(hourly.riseToWakingMgdl < flat.riseToWakingMgdl - 10, JSON.stringify(arms));
  assert.ok(hourly.wakingMgdl < flat.wakingMgdl - 10);
  // Glargine titrated to the target on waking (120 mg/dL) gets there, meals and all (measured
  // 123); NPH spends nearly half its nights above 180 mg/dL (measured 47 %, the others 6–8 %).
  assert.ok(Math.abs(glargine.wakingMgdl - 120) < 15, `glargine at 07:00: ${glargine.wakingMgdl}`);
  for (const arm of [hourly, flat, glargine]) {
    assert.ok(nph.above180Percent > arm.above180Percent + 20, JSON.stringify(arms));
  }
  for (const arm of arms) {
    assert.ok(arm.meanMgdl > 70 && arm.meanMgdl < 250, `${arm.label}: ${arm.meanMgdl}`);
  }
  assert.equal(result.tables[0]?.rows.length, 4);
  assert.deepEqual(dawnExperiment({ patients: 4 }).run({}).data, result.data);
});
