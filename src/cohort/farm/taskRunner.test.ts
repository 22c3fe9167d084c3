import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../sim/index.ts';
import { parsePopulationDaysSpec, populationDaysScenario } from './populationDaysJob.ts';
import { specHash } from './specHash.ts';
import { runTaskRequest } from './taskRunner.ts';

const input = { name: 'runner', patients: 3, days: 1, seed: 11 };
const hash = specHash(parsePopulationDaysSpec(input));

test('a task request gives the summary of the simulation it names, as JSON', () => {
  const reply = runTaskRequest({ job: 'population-days', specHash: hash, input, task: 2 });
  assert.ok(reply.ok, reply.ok ? '' : reply.error);
  const direct = simulate(populationDaysScenario(parsePopulationDaysSpec(input), 2), {
    log: false,
  });
  const result = JSON.parse(reply.resultJson);
  assert.equal(result.populationIndex, 2);
  assert.equal(result.meanGlucoseMgdl, direct.summary.plasma.meanMgdl);
  assert.equal(result.insulinUnitsPerDay, direct.summary.insulinUnitsPerDay.total);
});

test('a worker refuses a spec it parses to another hash, an unknown job and a task out of range', () => {
  const other = runTaskRequest({
    job: 'population-days',
    specHash: 'f'.repeat(64),
    input,
    task: 0,
  });
  assert.ok(!other.ok && /run the same version of csii on both/.test(other.error));
  const unknown = runTaskRequest({ job: 'rm-rf', specHash: hash, input, task: 0 });
  assert.ok(
    !unknown.ok &&
      /unknown job 'rm-rf' \(known: closed-loop-run, cohort-patient, population-days\)/.test(
        unknown.error,
      ),
  );
  const outside = runTaskRequest({ job: 'population-days', specHash: hash, input, task: 3 });
  assert.ok(!outside.ok && /task 3 is outside 0–2/.test(outside.error));
});
