// report.html in real headless Chromium (Debian's /usr/bin/chromium; never a downloaded browser):
// the page opens from file:// with no network, no console error and no page error; every chart
// draws its data; the time-in-ranges bars fill their width; the tables have one row per day and
// per event; a full-page screenshot is written. Set OPENCSII_KEEP_REPORT=1 to keep the HTML and
// the PNG (their directory is printed) instead of deleting them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { loadReportAssets, renderSimulationReport } from '../src/report/index.ts';
import { CHART_COLOURS } from '../src/report/palette.ts';
import { simulate } from '../src/sim/index.ts';
import { assertCleanPage, openReport } from './browser.ts';
import { syntheticResult } from './fixtures/syntheticResult.ts';

const CHARTS = ['agp', 'glucose', 'insulin', 'carbs', 'bohb'];

const result = syntheticResult();
const workDir = mkdtempSync(join(tmpdir(), 'opencsii-report-'));
const reportPath = join(workDir, 'report.html');
const screenshotPath = join(workDir, 'report.png');
let consoleErrors: string[] = [];
let pageErrors: string[] = [];
let requests: string[] = [];
let context: BrowserContext | undefined;
let page: Page;

before(async () => {
  writeFileSync(reportPath, renderSimulationReport(result, loadReportAssets()));
  const opened = await openReport(reportPath, workDir);
  ({ context, page, consoleErrors, pageErrors, requests } = opened);
});

after(async () => {
  await context?.close();
  if (process.env['OPENCSII_KEEP_REPORT']) {
    console.log(`report kept: ${reportPath}\nscreenshot kept: ${screenshotPath}`);
    rmSync(join(workDir, 'profile'), { recursive: true, force: true });
  } else {
    rmSync(workDir, { recursive: true, force: true });
  }
});

test('opens from file:// with no console error, no page error and no network request', () => {
  assertCleanPage({ pageErrors, consoleErrors, requests });
});

interface CanvasStats {
  chart: string;
  hasCanvas: boolean;
  width: number;
  height: number;
  opaquePixels: number;
  primaryPixels: number;
}

// Runs in the page: per chart, the canvas size, the pixels drawn at all, and the pixels of the
// chart's main series colour (so axes and grid alone do not pass as a drawn chart).
const CANVAS_STATS = `[...document.querySelectorAll('[data-chart]')].map((el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return { chart: el.dataset.chart, hasCanvas: false, width: 0, height: 0, opaquePixels: 0, primaryPixels: 0 };
  const hex = el.dataset.primaryColour;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let opaquePixels = 0, primaryPixels = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) continue;
    opaquePixels += 1;
    const distance = Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b);
    if (pixels[i + 3] > 200 && distance < 40) primaryPixels += 1;
  }
  return { chart: el.dataset.chart, hasCanvas: true, width: canvas.width, height: canvas.height, opaquePixels, primaryPixels };
})`;

test('every chart has a canvas with its data drawn on it', async () => {
  const stats = await page.evaluate<CanvasStats[]>(CANVAS_STATS);
  assert.deepEqual(
    stats.map((s) => s.chart),
    CHARTS,
  );
  for (const s of stats) {
    assert.ok(s.hasCanvas, `${s.chart}: no canvas`);
    assert.ok(s.width >= 300 && s.height >= 100, `${s.chart}: canvas ${s.width}×${s.height}`);
    const opaqueShare = s.opaquePixels / (s.width * s.height);
    assert.ok(opaqueShare > 0.01, `${s.chart}: only ${(100 * opaqueShare).toFixed(2)} % drawn`);
    assert.ok(s.primaryPixels > 150, `${s.chart}: ${s.primaryPixels} pixels of the series colour`);
  }
});

test('each time-in-ranges bar is filled by its five segments', async () => {
  const bars = await page.evaluate<{ segments: number; sumPercent: number }[]>(
    `[...document.querySelectorAll('.tir-bar')].map((bar) => {
      const segments = [...bar.querySelectorAll('.tir-seg')];
      const total = segments.reduce((s, seg) => s + seg.getBoundingClientRect().width, 0);
      return { segments: segments.length, sumPercent: (100 * total) / bar.getBoundingClientRect().width };
    })`,
  );
  assert.equal(bars.length, 2, 'a bar for plasma and one for CGM');
  for (const bar of bars) {
    assert.equal(bar.segments, 5);
    assert.ok(Math.abs(bar.sumPercent - 100) < 0.5, `segments fill ${bar.sumPercent} %`);
  }
});

test('the daily and events tables have one row per day and per event', async () => {
  const dailyRows = await page.locator('#daily-table tbody tr').count();
  const eventRows = await page.locator('#events-table tbody tr').count();
  assert.equal(dailyRows, result.days.length);
  assert.equal(eventRows, result.events.length);
  assert.ok(result.events.some((e) => e.definitionId === 'ketoacidosis'));
  const ketoRows = await page
    .locator('#events-table tbody tr', { hasText: 'Ketoacidosis' })
    .count();
  assert.equal(ketoRows, 1);
});

test('the trace charts share the cursor: hovering one shows the same local time in all four', async () => {
  const over = page.locator('#chart-glucose .u-over');
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  assert.ok(box !== null);
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  const times = await page.evaluate<string[]>(
    `['glucose', 'insulin', 'carbs', 'bohb'].map((c) =>
      document.querySelector('#chart-' + c + ' .u-legend .u-series:first-child .u-value').textContent)`,
  );
  assert.match(times[0] ?? '', /^2026-01-\d{2} \d{2}:\d{2}$/);
  assert.deepEqual(new Set(times).size, 1, times.join(' | '));
  await page.mouse.move(0, 0);
});

test('a full-page screenshot is written', async () => {
  await page.screenshot({ path: screenshotPath, fullPage: true });
  assert.ok(statSync(screenshotPath).size > 10_000, 'the PNG is not empty');
});

test("a run with slow meals draws them in the carbohydrate chart's own colour, with a legend", async () => {
  const slowRun = simulate({
    durationDays: 2,
    meals: { kind: 'daily', meals: [{ time: '12:30', carbsGrams: 60, slowShare: 1 }] },
  });
  const path = join(workDir, 'slow.html');
  writeFileSync(path, renderSimulationReport(slowRun, loadReportAssets()));
  const slowPage = await context!.newPage();
  const errors: string[] = [];
  slowPage.on('pageerror', (error) => errors.push(String(error)));
  slowPage.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await slowPage.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  await slowPage.waitForFunction("document.documentElement.dataset.chartsReady === 'true'");
  const legend = await slowPage.evaluate<string[]>(
    `[...document.querySelectorAll('#chart-carbs .u-legend .u-series .u-label')].map((e) => e.textContent)`,
  );
  assert.deepEqual(legend, ['Local time', 'Carbohydrate', 'Slow meal']);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(CHART_COLOURS.slowCarbs.slice(i, i + 2), 16));
  const slowPixels = await slowPage.evaluate<number>(`(() => {
    const canvas = document.querySelector('#chart-carbs canvas');
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 200 && Math.abs(d[i] - ${r}) + Math.abs(d[i + 1] - ${g}) + Math.abs(d[i + 2] - ${b}) < 40) n += 1;
    return n;
  })()`);
  assert.ok(slowPixels > 50, `${slowPixels} pixels of the slow meals' colour`);
  assert.deepEqual(errors, []);
  await slowPage.close();
});
