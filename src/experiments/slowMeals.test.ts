import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowMealsExperiment, type EveningOutcome } from './slowMeals.ts';

test('slow-meals: the delay alone brings lows under a normal bolus; fat raises the evening, less with the dual wave and its extra', () => {
  const result = slowMealsExperiment({ patients: 6 }).run({});
  const arms = (result.data as { arms: (EveningOutcome & { label: string })[] }).arms;
  const [ordinary, lean, normal, noExtra, dual, longDual, pensOrdinary, pensSlow] = arms;
  assert.ok(ordinary && lean && normal && noExtra && dual && longDual && pensOrdinary && pensSlow);
  const all = JSON.stringify(arms);
  // Measured with 6 patients: mean 157 (ordinary), 148 (no fat, normal bolus), 189 (normal
  // bolus), 194 and 182 (50/50 % without and with the extra), 190 (30/70 %); lowest 111, 96, 119,
  // 128, 126, 129; highest 213, 202, 261, 251, 232, 232; lows 0, 0.58, then 0 a week.
  assert.ok(lean.lowestMgdl < ordinary.lowestMgdl - 5, all);
  assert.ok(lean.hyposPerWeek > ordinary.hyposPerWeek, all);
  for (const fatty of [normal, noExtra, dual, longDual]) {
    assert.ok(fatty.meanMgdl > ordinary.meanMgdl + 15, all);
  }
  for (const wave of [dual, longDual]) {
    assert.ok(wave.highestMgdl < normal.highestMgdl - 10, all);
    assert.ok(wave.hyposPerWeek <= lean.hyposPerWeek, all);
  }
  assert.ok(dual.highestMgdl < noExtra.highestMgdl - 10, all);
  assert.ok(dual.above180Percent < noExtra.above180Percent - 5, all);
  assert.ok(dual.meanMgdl < longDual.meanMgdl, all);
  // Pens: the slow dinner all at once runs higher still.
  assert.ok(pensSlow.meanMgdl > pensOrdinary.meanMgdl + 15, all);
  assert.equal(result.tables[0]?.rows.length, 8);
  assert.deepEqual(slowMealsExperiment({ patients: 6 }).run({}).data, result.data);
});
