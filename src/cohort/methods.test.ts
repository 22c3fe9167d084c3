import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cohortMethods } from './methods.ts';
import { parseCohort } from './spec.ts';

const cohort = (arms: object[]) =>
  parseCohort({ name: 'm', seed: 1, population: { size: 2 }, duration: { days: 14 }, arms });

test('the methods state how the long-acting dose was titrated when an arm is on injections', () => {
  const titration = /long-acting dose was titrated .* below 80 mg\/dL/;
  const withPens = cohortMethods(cohort([{ id: 'pump' }, { id: 'mdi', therapy: { kind: 'mdi' } }]));
  assert.equal(withPens.filter((line) => titration.test(line)).length, 1);
  const pumpsOnly = cohortMethods(cohort([{ id: 'pump' }]));
  assert.equal(pumpsOnly.filter((line) => titration.test(line)).length, 0);
});
