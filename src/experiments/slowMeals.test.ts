import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowMealsExperiment, type EveningOutcome } from './slowMeals.ts';

test('slow-meals: a normal bolus brings the lows a dual wave spares; pens, like a normal bolus, bring more than an ordinary dinner', () => {
  const result = slowMealsExperiment({ patients: 6 }).run({});
  const arms = (result.data as { arms: (EveningOutcome & { label: string })[] }).arms;
  const [ordinary, normal, dual, longDual, pensOrdinary, pensSlow] = arms;
  assert.ok(ordinary && normal && dual && longDual && pensOrdinary && pensSlow);
  const all = JSON.stringify(arms);
  // Measured with 8 patients: lowest 110 (ordinary), 95 (normal bolus), 110 and 118 (dual waves);
  // highest 211, 196, 174, 175; lows 0, 0.88, 0.06, 0 a week.
  assert.ok(normal.lowestMgdl < ordinary.lowestMgdl - 5, all);
  for (const wave of [dual, longDual]) {
    assert.ok(wave.lowestMgdl > normal.lowestMgdl + 5, all);
    assert.ok(wave.highestMgdl < normal.highestMgdl - 10, all);
    assert.ok(wave.below70Percent < normal.below70Percent, all);
  }
  assert.ok(normal.hyposPerWeek > dual.hyposPerWeek, all);
  // Pens: lowest 137 against 126, below 70 0 against 0.32 %.
  assert.ok(pensSlow.lowestMgdl < pensOrdinary.lowestMgdl, all);
  assert.ok(pensSlow.below70Percent > pensOrdinary.below70Percent, all);
  assert.equal(result.tables[0]?.rows.length, 6);
  assert.deepEqual(slowMealsExperiment({ patients: 6 }).run({}).data, result.data);
});
