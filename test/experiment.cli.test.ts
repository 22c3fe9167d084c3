// `csii experiment` as a user runs it: the occlusion experiment prints its tables and writes
// report.html and result.json; --json prints the result; an unknown name is refused with the known
// ones; the report opens in Chromium with every chart drawn, no error and no network request; the
// renderer escapes what it is given and gives the same bytes twice; an experiment spread over
// threads gives what it gives in one.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onThreads } from '../src/cli/experiment.ts';
import { closedLoopExperiment, closedLoopRunCount } from '../src/experiments/closedLoop.ts';
import { experimentNames } from '../src/experiments/index.ts';
import type { ExperimentResult } from '../src/experiments/types.ts';
import { loadReportAssets } from '../src/report/assets.ts';
import { renderExperimentReport } from '../src/report/experimentReport.ts';
import { assertCleanPage, openReport } from './browser.ts';
import { csii } from './cli.ts';

const workDir = mkdtempSync(join(tmpdir(), 'opencsii-experiment-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

const occlusionOut = join(workDir, 'occlusion');

test('csii experiment occlusion prints its tables and writes the report and the result', async () => {
  const run = await csii(['experiment', 'occlusion', '--out', occlusionOut]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Time to occlusion alarm at the default threshold/);
  // A table: a header, a rule of dashes, aligned rows.
  assert.match(run.out, /\n-+ {2}-+/);
  assert.match(run.out, /Basal 1 U\/h\s+3 h 0[01] min\s+3\.00/);
  assert.match(run.out, /Findings and caveats:\n- /);
  const result = JSON.parse(
    readFileSync(join(occlusionOut, 'result.json'), 'utf8'),
  ) as ExperimentResult;
  assert.equal(result.name, 'occlusion');
  assert.ok(result.tables.length >= 3 && result.figures.length >= 3);
  const html = readFileSync(join(occlusionOut, 'report.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes(`<h1 id="report-title">${result.title}</h1>`));
});

test('--json prints the result instead of writing files', async () => {
  const out = join(workDir, 'accuracy-json');
  const run = await csii(['experiment', 'accuracy', '--json', '--out', out]);
  assert.equal(run.code, 0, run.err);
  const result = JSON.parse(run.out) as ExperimentResult;
  assert.equal(result.name, 'accuracy');
  assert.ok(result.tables.length > 0 && result.notes.length > 0);
  assert.equal(existsSync(out), false);
});

test('an unknown or missing experiment is refused with the known names and exit code 2', async () => {
  const unknown = await csii(['experiment', 'no-such-experiment']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown experiment 'no-such-experiment'/);
  for (const name of ['accuracy', 'occlusion']) assert.ok(unknown.err.includes(name), name);
  assert.ok(experimentNames().every((name) => unknown.err.includes(name)));
  const inherited = await csii(['experiment', 'toString']);
  assert.equal(inherited.code, 2, 'an inherited property is not an experiment');
  const missing = await csii(['experiment']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /name an experiment/);
  const usage = await csii(['--help']);
  assert.match(usage.out, /experiment <name>/);
});

// Runs in the page: per chart, the canvas size and the pixels of its first series' colour.
const CANVAS_STATS = `[...document.querySelectorAll('[data-chart]')].map((el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return { chart: el.dataset.chart, width: 0, height: 0, primaryPixels: 0 };
  const hex = el.dataset.primaryColour;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let primaryPixels = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const distance = Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b);
    if (pixels[i + 3] > 200 && distance < 40) primaryPixels += 1;
  }
  return { chart: el.dataset.chart, width: canvas.width, height: canvas.height, primaryPixels };
})`;

test('the occlusion report opens in Chromium with every chart drawn and no error', async () => {
  const result = JSON.parse(
    readFileSync(join(occlusionOut, 'result.json'), 'utf8'),
  ) as ExperimentResult;
  const opened = await openReport(join(occlusionOut, 'report.html'), workDir);
  try {
    assertCleanPage(opened);
    const stats =
      await opened.page.evaluate<
        { chart: string; width: number; height: number; primaryPixels: number }[]
      >(CANVAS_STATS);
    assert.equal(stats.length, result.figures.length);
    for (const s of stats) {
      assert.ok(s.width >= 280 && s.height >= 200, `${s.chart}: canvas ${s.width}×${s.height}`);
      assert.ok(
        s.primaryPixels > 100,
        `${s.chart}: ${s.primaryPixels} pixels of its series colour`,
      );
    }
    const rows = await opened.page.locator('#table-3 tbody tr').count();
    assert.equal(rows, result.tables[2]?.rows.length);
  } finally {
    await opened.context.close();
  }
});

test('the report escapes every text it is given and is the same bytes twice', () => {
  const evil = '</script><b onmouseover="x">&';
  const result: ExperimentResult = {
    name: evil,
    title: evil,
    method: [evil],
    tables: [{ title: evil, columns: [evil, 'n'], rows: [[evil, '1.0']], note: evil }],
    figures: [
      {
        title: evil,
        xLabel: evil,
        yLabel: evil,
        x: [1, 2],
        series: [{ name: evil, y: [1, null] }],
        references: [{ label: evil, y: 1 }],
      },
    ],
    notes: [evil],
    data: null,
  };
  const assets = loadReportAssets();
  const html = renderExperimentReport(result, assets);
  assert.equal(html, renderExperimentReport(result, assets));
  const withoutLibrary = html.replace(assets.uplotJs.replace(/<\/(script)/gi, '<\\/$1'), '');
  assert.equal(withoutLibrary.includes('<b onmouseover'), false);
  assert.equal((withoutLibrary.match(/<\/script>/g) ?? []).length, 3, 'only the three script ends');
  assert.ok(html.includes('&lt;/script&gt;&lt;b onmouseover=&quot;x&quot;&gt;&amp;'));
});

test("a study's report is titled and badged as a study, an experiment's as an experiment", () => {
  const base: ExperimentResult = {
    name: 'liege-retrospective',
    title: 'Five years on a pump',
    method: ['m'],
    tables: [],
    figures: [],
    notes: [],
    data: null,
  };
  const assets = loadReportAssets();
  const study = renderExperimentReport({ ...base, kind: 'study' }, assets);
  assert.ok(study.includes('<title>Five years on a pump · OpenCSII study report</title>'));
  assert.ok(study.includes('<code>csii study liege-retrospective</code>'));
  const experiment = renderExperimentReport(base, assets);
  assert.ok(
    experiment.includes('<title>Five years on a pump · OpenCSII experiment report</title>'),
  );
});

test('an experiment spread over threads gives the result of its run in one thread', async () => {
  const options = { patients: 2, days: 1 };
  const experiment = closedLoopExperiment(options);
  const fractions: number[] = [];
  const threaded = await onThreads(experiment.farm!, (f) => fractions.push(f), 2);
  assert.deepEqual(threaded, experiment.run({}));
  assert.equal(fractions.length, closedLoopRunCount(options));
  assert.equal(fractions.at(-1), 1);
});
