import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadScenario } from '../src/cli/simulate.ts';
import { simulate } from '../src/sim/index.ts';
import { expectedFileFor, goldenDifferences, goldenScenarioFiles, goldenView } from './golden.ts';

test('the golden differences check itself tells integers, floats and shapes apart', () => {
  assert.deepEqual(
    goldenDifferences({ a: 1, b: 2.5, c: [1] }, { a: 1, b: 2.5 + 1e-9, c: [1] }),
    [],
  );
  assert.equal(goldenDifferences({ a: 2 }, { a: 1 }).length, 1);
  // One step of the last printed decimal is allowed (rounding), two are not.
  assert.deepEqual(goldenDifferences({ b: 74.99 }, { b: 74.98 }), []);
  assert.equal(goldenDifferences({ b: 75 }, { b: 74.98 }).length, 1);
  assert.equal(goldenDifferences({ b: 2.5 }, { b: 2.7 }).length, 1);
  assert.equal(goldenDifferences({ c: [1, 2] }, { c: [1] }).length, 1);
  assert.equal(goldenDifferences({ d: 'x' }, { d: 'y' }).length, 1);
});

const files = goldenScenarioFiles();

test('there are golden scenarios', () => {
  assert.ok(files.length >= 4);
});

for (const file of files) {
  test(`golden scenario ${basename(file)} matches its expected outcome`, async () => {
    const loaded = await loadScenario(file);
    const result = simulate(loaded.scenario, { simglucosePatients: loaded.simglucosePatients });
    const expected: unknown = JSON.parse(readFileSync(expectedFileFor(file), 'utf8'));
    assert.deepEqual(goldenDifferences(goldenView(result), expected), []);
  });
}
