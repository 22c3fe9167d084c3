// `csii simulate` as a user runs it: a preset writes report.html, result.json and trace.csv; the
// report of a real simulation opens in Chromium with every chart drawn; a bad scenario is
// refused before anything runs and writes nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulationResult } from '../src/sim/index.ts';
import { assertCleanPage, openReport } from './browser.ts';
import { csii } from './cli.ts';

const workDir = mkdtempSync(join(tmpdir(), 'opencsii-simulate-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

test('a preset writes the report, the result and the trace, and prints the summary', async () => {
  const out = join(workDir, 'pump');
  const run = await csii(['simulate', 'adult-pump-14d', '--out', out]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Time in range 70–180\s+\d+\.\d %\s+\d+\.\d %/);
  assert.match(run.out, /GMI/);
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
