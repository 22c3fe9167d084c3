// `csii cohort` on this machine's threads: the result does not depend on the number of threads and
// is the reduction of the simulations the tasks name; a run killed in the middle resumes from its
// checkpoint to the uninterrupted result with every task counted once; a checkpoint of another
// cohort is refused unless --restart. The tasks are the small 'population-days' job.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  parsePopulationDaysSpec,
  populationDaysScenario,
} from '../src/cohort/farm/populationDaysJob.ts';
import { runCohort } from '../src/cohort/farm/index.ts';
import { parseCohort, reduceCohort, runCohortPatient, taskOf } from '../src/cohort/index.ts';
import { simulate } from '../src/sim/index.ts';
import { csii } from './cli.ts';
import { startCsii } from './cohortProcess.ts';

const workDir = mkdtempSync(join(tmpdir(), 'opencsii-cohort-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

function specFile(name: string, spec: object): string {
  const file = join(workDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const cohort = (file: string, out: string, ...flags: string[]) =>
  csii(['cohort', file, '--job', 'population-days', '--out', join(workDir, out), ...flags]);

function checkpointTasks(dir: string): number[] {
  if (!existsSync(join(dir, 'checkpoint.jsonl'))) return [];
  return read(dir, 'checkpoint.jsonl')
    .split('\n')
    .slice(1)
    .filter((line) => line.endsWith('}'))
    .map((line) => (JSON.parse(line) as { task: number }).task);
}

test('one thread or two: byte-identical files, each row the simulation its task names', async () => {
  const spec = { name: 'threads', patients: 5, days: 1, seed: 3 };
  const file = specFile('threads', spec);
  const one = await cohort(file, 'one', '--workers', '1');
  const two = await cohort(file, 'two', '--workers', '2');
  assert.equal(one.code, 0, one.err);
  assert.equal(two.code, 0, two.err);
  assert.match(one.out, /Cohort threads: 5 tasks, 0\.01 patient-years/);
  const [dirOne, dirTwo] = [join(workDir, 'one'), join(workDir, 'two')];
  assert.equal(read(dirOne, 'result.json'), read(dirTwo, 'result.json'));
  assert.equal(read(dirOne, 'patients.csv'), read(dirTwo, 'patients.csv'));

  // The same tasks run here, one by one, without the farm.
  const parsed = parsePopulationDaysSpec(spec);
  const means = [0, 1, 2, 3, 4].map(
    (task) =>
      simulate(populationDaysScenario(parsed, task), { log: false }).summary.plasma.meanMgdl,
  );
  const rows = read(dirOne, 'patients.csv').trimEnd().split('\n');
  assert.equal(
    rows[0],
    'task,populationIndex,meanGlucoseMgdl,timeInRangePercent,timeBelow70Percent,severeHypoEvents,insulinUnitsPerDay',
  );
  rows.slice(1).forEach((row, task) => {
    const cells = row.split(',');
    assert.equal(Number(cells[0]), task);
    assert.equal(Number(cells[2]), means[task]);
  });
  const result = JSON.parse(read(dirOne, 'result.json'));
  assert.equal(result.patients, 5);
  assert.ok(Math.abs(result.meanGlucoseMgdl - means.reduce((a, b) => a + b) / 5) < 1e-9);
});

test('a cohort file: the result is the reduction of each task run alone, in task order', async () => {
  const cohortInput = {
    name: 'mini',
    seed: 42,
    population: { size: 2 },
    duration: { days: 2 },
    arms: [{ id: 'pump' }, { id: 'mdi', therapy: { kind: 'mdi' } }],
  };
  const file = specFile('mini', cohortInput);
  const run = await csii(['cohort', file, '--workers', '2', '--out', join(workDir, 'mini')]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Cohort mini: 4 tasks/);
  const spec = parseCohort(cohortInput);
  const alone = [0, 1, 2, 3].map((task) => runCohortPatient(spec, taskOf(spec, task)));
  const expected = JSON.parse(JSON.stringify(reduceCohort(spec, alone)));
  assert.deepEqual(JSON.parse(read(join(workDir, 'mini'), 'result.json')), expected);
  const rows = read(join(workDir, 'mini'), 'patients.csv').trimEnd().split('\n');
  assert.match(
    rows[0] ?? '',
    /^task,arm,patient,name,group,dawnPhenomenon,patientYears,hba1cPercent,severeHypos/,
  );
  assert.deepEqual(
    rows.slice(1).map((row) => row.split(',').slice(0, 3).join(',')),
    ['0,pump,0', '1,mdi,0', '2,pump,1', '3,mdi,1'],
  );
  assert.equal(Number(rows[4]?.split(',')[7]), alone[3]?.hba1cPercent);

  // The library form, on one thread this time, resumes nothing and gives the same.
  const library = await runCohort(cohortInput, { out: join(workDir, 'mini-lib'), workers: 1 });
  assert.equal(library.resumedCount, 0);
  assert.deepEqual(JSON.parse(JSON.stringify(library.outcomes)), expected);
  assert.deepEqual(
    JSON.parse(JSON.stringify(library.summaries)),
    JSON.parse(JSON.stringify(alone)),
  );
});

test('a run killed after some tasks resumes to the uninterrupted result, each task once', async () => {
  const file = specFile('killed', { name: 'killed', patients: 12, days: 5, seed: 5 });
  const out = join(workDir, 'killed');
  const run = startCsii([
    'cohort',
    file,
    '--job',
    'population-days',
    '--workers',
    '1',
    '--out',
    out,
  ]);
  const deadline = Date.now() + 30_000;
  while (checkpointTasks(out).length < 2 && Date.now() < deadline) await sleep(10);
  run.child.kill('SIGKILL');
  assert.equal((await run.exited).signal, 'SIGKILL');
  const before = checkpointTasks(out);
  assert.ok(before.length >= 2 && before.length < 12, `${before.length} tasks before the kill`);
  // As if the process had died while writing a line.
  appendFileSync(join(out, 'checkpoint.jsonl'), '{"task":11,"result":{"populationInd');

  const resumed = await cohort(file, 'killed', '--workers', '2');
  assert.equal(resumed.code, 0, resumed.err);
  assert.match(resumed.out, new RegExp(`12 tasks, ${before.length} from the checkpoint`));
  const whole = await cohort(file, 'whole', '--workers', '2');
  assert.equal(whole.code, 0, whole.err);
  assert.equal(read(out, 'result.json'), read(join(workDir, 'whole'), 'result.json'));
  assert.equal(read(out, 'patients.csv'), read(join(workDir, 'whole'), 'patients.csv'));
  const tasks = checkpointTasks(out);
  assert.deepEqual(
    [...tasks].sort((a, b) => a - b),
    [...Array(12).keys()],
  );
  assert.deepEqual(tasks.slice(0, before.length), before);
});

test('a checkpoint of another cohort is refused unless --restart; bad input writes nothing', async () => {
  const first = specFile('first', { name: 'first', patients: 2, seed: 1 });
  const second = specFile('second', { name: 'second', patients: 3, seed: 1 });
  assert.equal((await cohort(first, 'shared', '--workers', '1')).code, 0);
  const refused = await cohort(second, 'shared', '--workers', '1');
  assert.equal(refused.code, 2);
  assert.match(refused.err, /checkpoint\.jsonl belongs to another run .*--restart/);
  const restarted = await cohort(second, 'shared', '--workers', '1', '--restart');
  assert.equal(restarted.code, 0, restarted.err);
  assert.equal(JSON.parse(read(join(workDir, 'shared'), 'result.json')).patients, 3);

  const bad = specFile('bad', { patients: 0, dayz: 2 });
  const badRun = await cohort(bad, 'bad');
  assert.equal(badRun.code, 2);
  assert.match(badRun.err, /bad\.json: population-days spec: patients = 0: integer 1–10000/);
  assert.match(badRun.err, /Unrecognized key: "dayz"/);
  assert.equal(existsSync(join(workDir, 'bad')), false);
  const flags = await cohort(first, 'flags', '--workers', '0');
  assert.equal(flags.code, 2);
  assert.match(flags.err, /--workers = 0: integer 1–256/);
  const both = await cohort(first, 'flags', '--workers', '2', '--queue', 'redis://127.0.0.1:1');
  assert.match(both.err, /--workers is for local runs/);
  assert.equal(existsSync(join(workDir, 'flags')), false);
});

test("a cohort's cost may be a file of prices beside it; --cost-defaults prints the defaults", async () => {
  const defaults = await csii(['cohort', '--cost-defaults']);
  assert.equal(defaults.code, 0, defaults.err);
  const prices = JSON.parse(defaults.out) as { infusionSetEur: number };
  assert.equal(typeof prices.infusionSetEur, 'number');
  const dearer = { ...prices, infusionSetEur: prices.infusionSetEur + 100 };
  writeFileSync(join(workDir, 'dear-sets.json'), JSON.stringify(dearer));
  const base = {
    name: 'costed',
    seed: 5,
    population: { size: 1 },
    duration: { days: 7 },
    arms: [{ id: 'pump', therapy: { kind: 'pump' } }],
  };
  const plain = await csii(['cohort', specFile('plain', base), '--out', join(workDir, 'plain')]);
  const priced = await csii([
    'cohort',
    specFile('priced', { ...base, cost: 'dear-sets.json' }),
    '--out',
    join(workDir, 'priced'),
  ]);
  assert.equal(plain.code, 0, plain.err);
  assert.equal(priced.code, 0, priced.err);
  const costOf = (dir: string) =>
    (
      JSON.parse(read(join(workDir, dir), 'result.json')) as {
        arms: { cost: { itemsEurPerPatientYear: { infusionSets: number } } }[];
      }
    ).arms[0]!.cost.itemsEurPerPatientYear.infusionSets;
  assert.ok(costOf('priced') > costOf('plain') + 100, `${costOf('priced')} vs ${costOf('plain')}`);
  const missing = await csii(['cohort', specFile('missing', { ...base, cost: 'nowhere.json' })]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read .*nowhere\.json/);
});
