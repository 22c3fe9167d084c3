// `csii study` as a user runs it, scaled down: insulin-choice writes its report, patients.csv and
// result.json; the report opens in Chromium with its forest plots drawn, no error and no network
// request; --json prints the result; bad names and options are refused with what is allowed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentResult } from '../src/experiments/types.ts';
import { assertCleanPage, openReport } from './browser.ts';
import { csii } from './cli.ts';

const workDir = mkdtempSync(join(tmpdir(), 'opencsii-study-'));
after(() => rmSync(workDir, { recursive: true, force: true }));
const out = join(workDir, 'insulin-choice');
const quick = ['--patients', '2', '--years', '0.03', '--workers', '1'];

test('csii study insulin-choice writes its report, patients.csv and result.json', async () => {
  const run = await csii(['study', 'insulin-choice', ...quick, '--out', out]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /\(csii study insulin-choice\)/);
  assert.match(run.out, /After the pump stops/);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ExperimentResult;
  assert.equal(result.kind, 'study');
  assert.equal(result.forests?.length, 3);
  const csv = readFileSync(join(out, 'patients.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 1 + 2 * 2, 'a header and one row per patient and arm');
  assert.match(csv[0] ?? '', /^task,arm,patient,/);
});

test('the study report opens in Chromium with every forest plot drawn', async () => {
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as ExperimentResult;
  const opened = await openReport(join(out, 'report.html'), workDir);
  try {
    assertCleanPage(opened);
    const forests = opened.page.locator('svg.forest');
    assert.equal(await forests.count(), result.forests?.length);
    for (let i = 0; i < (await forests.count()); i += 1) {
      const box = await forests.nth(i).boundingBox();
      assert.ok(
        box !== null && box.width > 600 && box.height > 80,
        `forest ${i}: ${JSON.stringify(box)}`,
      );
      const marks = await forests.nth(i).locator('rect, path').count();
      assert.ok(marks >= 2, `forest ${i}: ${marks} marks`);
    }
    assert.match(
      await opened.page.locator('.command-badge').innerText(),
      /csii study insulin-choice/,
    );
  } finally {
    await opened.context.close();
  }
});

test('--json prints the study result; bad names and options are refused', async () => {
  const json = await csii(['study', 'insulin-choice', ...quick, '--out', out, '--json']);
  assert.equal(json.code, 0, json.err);
  assert.equal((JSON.parse(json.out) as ExperimentResult).name, 'insulin-choice');
  const unknown = await csii(['study', 'no-such-study']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /known: liege-retrospective, insulin-choice, injections-vs-pump/);
  const years = await csii(['study', 'insulin-choice', '--years', '500']);
  assert.equal(years.code, 2);
  assert.match(years.err, /--years = 500: a number 0\.01–100/);
  // More patients than the built-in population holds: the cohort's own message, not a crash.
  const many = await csii(['study', 'insulin-choice', '--patients', '150']);
  assert.equal(many.code, 2, many.err);
  assert.match(many.err, /population\.size = 150: integer 1–100 patients/);
  const both = await csii(['study', 'insulin-choice', '--workers', '1', '--queue', 'redis://x:1']);
  assert.equal(both.code, 2);
  assert.match(both.err, /--workers is for local runs/);
  const help = await csii(['study', '--help']);
  assert.match(help.out, /liege-retrospective/);
});
