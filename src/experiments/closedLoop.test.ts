import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROLLER_NAMES } from '../therapy/controllers/index.ts';
import { farmJob } from '../cohort/farm/jobs.ts';
import { closedLoopExperiment } from './closedLoop.ts';

test('closed-loop experiment: every arm runs on the same patients, with the pivotal trials beside', () => {
  const result = closedLoopExperiment({ patients: 2, days: 2 }).run({});
  const data = result.data as {
    outcomes: Record<string, { tir: number; tbr70: number; severeHypos: number }>;
  };
  const arms = Object.keys(data.outcomes);
  assert.equal(arms.length, 2 + 3 * CONTROLLER_NAMES.length);
  for (const outcome of Object.values(data.outcomes)) {
    assert.ok(outcome.tir >= 0 && outcome.tir <= 100);
    assert.ok(outcome.tbr70 >= 0 && outcome.tbr70 <= 100);
  }
  assert.equal(result.tables.length, 4);
  assert.match(result.tables[3]?.rows.map((r) => r.join(' ')).join(' ') ?? '', /Control-IQ/);
  const forest = result.forests?.[0];
  assert.ok(forest !== undefined);
  assert.equal(forest.rows.filter((r) => r.published !== true).length, arms.length);
  assert.deepEqual(
    forest.rows.filter((r) => r.published === true).map((r) => r.estimate),
    [61, 71, 64, 74, 69, 75],
  );
  for (const row of forest.rows.filter((r) => r.published !== true)) {
    const outcome = data.outcomes[row.label];
    assert.equal(row.estimate, outcome?.tir);
    assert.ok(row.lower <= row.estimate && row.estimate <= row.upper);
  }
  assert.match(
    result.notes[0] ?? '',
    /Best with announced meals: .* the goal \(≥ 80 %, < 2 %, none\) is (met|not met)/,
  );
});

test("the experiment's farm job refuses options outside its ranges, naming them", () => {
  const job = farmJob(closedLoopExperiment().farm!.job);
  assert.throws(() => job.parse({ patients: 0, days: 14 }), /patients = 0: .*1–100/);
  assert.throws(() => job.parse({ patients: 2, days: 14, seed: 1 }), /Unrecognized key: "seed"/);
  assert.deepEqual(job.parse({ patients: 2, days: 3 }), { patients: 2, days: 3 });
});
