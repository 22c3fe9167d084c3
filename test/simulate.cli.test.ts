// `csii simulate` as a user runs it: a preset writes report.html, result.json, trace.csv and
// scenario.json; the report of a real simulation opens in Chromium with every chart drawn; --set
// changes a field and the scenario.json written reruns to the same bytes; a bad scenario or
// override is refused before anything runs and writes nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS, type Scenario, type SimulationResult } from '../src/sim/index.ts';
import { assertCleanPage, openReport } from './browser.ts';
import { csii } from './cli.ts';
import { SCENARIO_DIRECTORY } from './golden.ts';

const workDir = mkdtempSync(join(tmpdir(), 'opencsii-simulate-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

test('a preset writes the report, the result and the trace, and prints the summary', async () => {
  const out = join(workDir, 'pump');
  const run = await csii(['simulate', 'adult-pump-14d', '--out', out]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Time in range 70–180\s+\d+\.\d %\s+\d+\.\d %/);
  assert.match(run.out, /GMI/);
  assert.match(
    run.out,
    /Diary over 14 days: \d+ meal boluses and \d+ corrections; \d+ meal boluses forgotten/,
  );
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as SimulationResult;
  assert.equal(result.durationDays, 14);
  const csv = readFileSync(join(out, 'trace.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv.length, 1 + 14 * 288);
  assert.match(csv[0] ?? '', /^minutes,local_time,plasma_glucose_mgdl,cgm_glucose_mgdl/);
  assert.match(csv[1] ?? '', /^0,2026-01-05T00:00,/);
  const opened = await openReport(join(out, 'report.html'), workDir);
  try {
    assertCleanPage(opened);
    const canvases = await opened.page.locator('canvas').count();
    assert.ok(canvases >= 5, `${canvases} charts`);
    // The main job forgets a few meal boluses: the diary lists them.
    const forgotten = await opened.page
      .locator('#diary-table td', { hasText: 'Meal bolus forgotten' })
      .count();
    assert.ok(forgotten > 0, `${forgotten} forgotten boluses in the diary`);
    // The scenario as run, every field, folded away until asked for.
    await opened.page.locator('#scenario summary').click();
    assert.ok(await opened.page.locator('#scenario-table').isVisible());
    const fields = await opened.page.locator('#scenario-table tbody tr').count();
    assert.ok(fields > 40, `${fields} scenario fields`);
  } finally {
    await opened.context.close();
  }
});

test('--json prints the result instead of writing files', async () => {
  const run = await csii(['simulate', 'adult-mdi-14d', '--json']);
  assert.equal(run.code, 0, run.err);
  const result = JSON.parse(run.out) as SimulationResult;
  assert.equal(result.therapy.kind, 'mdi');
});

test('a bad scenario is refused with its field path, value and range, and nothing is written', async () => {
  const file = join(workDir, 'bad.scenario.json');
  writeFileSync(
    file,
    JSON.stringify({ durationDays: 500, patient: { source: 'population', index: 7 } }),
  );
  const out = join(workDir, 'bad-out');
  const run = await csii(['simulate', file, '--out', out]);
  assert.equal(run.code, 2);
  assert.match(run.err, /durationDays = 500: 1–366 days/);
  assert.equal(existsSync(out), false);
  const missing = await csii(['simulate', 'no-such-preset']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /neither a scenario file nor a preset \(adult-pump-14d/);
  const two = await csii(['simulate', 'adult-pump-14d', 'adult-mdi-14d']);
  assert.equal(two.code, 2);
  assert.match(two.err, /give one, not 2: a scenario file or a preset/);
  const none = await csii(['simulate']);
  assert.equal(none.code, 2);
  assert.match(none.err, /give a scenario file or a preset/);
});

test('a scenario with a fault reports it in the summary and in the report', async () => {
  const file = join(workDir, 'fault.scenario.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'fault',
      durationDays: 2,
      faults: [{ kind: 'dislodgement', at: { day: 1, time: '23:00' } }],
    }),
  );
  const out = join(workDir, 'fault-out');
  const run = await csii(['simulate', file, '--out', out]);
  assert.equal(run.code, 0, run.err);
  assert.match(
    run.out,
    /Fault: dislodgement \(scheduled\) at minute 1380: noticed after \d+\.\d h by /,
  );
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /id="faults-table"/);
  assert.match(html, /<td>dislodgement<\/td>/);
});

test('--help lists every preset with what it shows, and the --set flag', async () => {
  const help = await csii(['simulate', '--help']);
  assert.equal(help.code, 0);
  const columns = new Set<number>();
  for (const [name, preset] of Object.entries(PRESETS)) {
    const line = help.out.split('\n').find((l) => l.startsWith(`  ${name} `)) ?? '';
    assert.ok(line.endsWith(preset.description), name);
    columns.add(line.indexOf(preset.description));
  }
  assert.equal(columns.size, 1, 'the descriptions line up');
  assert.match(help.out, /--set PATH=VALUE/);
});

/** `--set` before each assignment. */
const sets = (...assignments: string[]) => assignments.flatMap((a) => ['--set', a]);

test('--set changes fields of a preset; the scenario.json written reruns to the same result', async () => {
  const out = join(workDir, 'set');
  const run = await csii([
    'simulate',
    'adult-mdi-14d',
    ...sets('durationDays=2', 'patient.index=12', 'seed=7', 'behaviour.forgetBolusProbability=0.3'),
    '--out',
    out,
  ]);
  assert.equal(run.code, 0, run.err);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as SimulationResult;
  assert.equal(result.durationDays, 2);
  assert.equal(result.seed, 7);
  assert.equal(result.patient.name, 'adult#013');
  const scenario = JSON.parse(readFileSync(join(out, 'scenario.json'), 'utf8')) as Scenario;
  assert.equal(scenario.behaviour.forgetBolusProbability, 0.3);
  assert.deepEqual(scenario.therapy, { kind: 'mdi', basalInsulin: 'glargine', penStepUnits: 1 });
  const again = join(workDir, 'set-again');
  const rerun = await csii(['simulate', join(out, 'scenario.json'), '--out', again]);
  assert.equal(rerun.code, 0, rerun.err);
  for (const file of ['result.json', 'scenario.json', 'trace.csv']) {
    assert.ok(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file);
  }
});

test('a bad --set is refused, naming the field, and nothing is written', async () => {
  const out = join(workDir, 'bad-set');
  const range = await csii([
    'simulate',
    'adult-pump-14d',
    ...sets('patient.index=150'),
    '--out',
    out,
  ]);
  assert.equal(range.code, 2);
  assert.match(range.err, /patient\.index = 150: integer 0–99/);
  const shape = await csii(['simulate', 'adult-pump-14d', '--set', 'seed', '--out', out]);
  assert.equal(shape.code, 2);
  assert.match(shape.err, /--set seed: expected PATH=VALUE/);
  const field = await csii(['simulate', 'adult-pump-14d', '--set', 'therapy.basalInsulin=nph']);
  assert.equal(field.code, 2);
  assert.match(field.err, /therapy: Unrecognized key: "basalInsulin"/);
  const uva = join(SCENARIO_DIRECTORY, 'uva-adult001-pump-2d.scenario.json');
  const files = await csii(['simulate', uva, '--set', 'patient.directory=no-such', '--out', out]);
  assert.equal(files.code, 2);
  assert.match(files.err, /patient\.directory = "no-such": its simglucose files are refused/);
  assert.equal(existsSync(out), false);
});

test('a scenario file without a name runs under the name of the file', async () => {
  const file = join(workDir, 'one-day.scenario.json');
  writeFileSync(file, JSON.stringify({ durationDays: 1 }));
  const run = await csii(['simulate', file, '--json']);
  assert.equal(run.code, 0, run.err);
  assert.equal((JSON.parse(run.out) as SimulationResult).name, 'one-day');
});

test("scenario.json finds a UVA/Padova patient's files from where it is written", async () => {
  const file = join(SCENARIO_DIRECTORY, 'uva-adult001-pump-2d.scenario.json');
  const out = join(workDir, 'uva');
  const run = await csii(['simulate', file, '--set', 'durationDays=1', '--out', out]);
  assert.equal(run.code, 0, run.err);
  const again = join(workDir, 'elsewhere', 'uva-again');
  const rerun = await csii(['simulate', join(out, 'scenario.json'), '--out', again]);
  assert.equal(rerun.code, 0, rerun.err);
  // The same run; only the directory as written in each scenario differs.
  const result = (dir: string) => {
    const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as SimulationResult;
    assert.equal(r.scenario.patient.source, 'simglucose');
    return { ...r, scenario: { ...r.scenario, patient: { ...r.scenario.patient, directory: '' } } };
  };
  assert.deepEqual(result(again), result(out));
  assert.ok(readFileSync(join(again, 'trace.csv')).equals(readFileSync(join(out, 'trace.csv'))));
});
