// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core,
// with the flags this closed network needs. Never a downloaded browser.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
}

/** Opens an HTML file in a fresh profile under `workDir` and waits until its charts have drawn. */
export async function openReport(htmlPath: string, workDir: string): Promise<OpenedPage> {
  assert.ok(
    existsSync(CHROMIUM_PATH),
    `Chromium is missing at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium). ` +
      'This test needs a real browser and never downloads one.',
  );
  const context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const opened: OpenedPage = { context, page, consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => opened.pageErrors.push(String(error)));
  page.on('request', (request) => opened.requests.push(request.url()));
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 10_000 });
  await page.waitForFunction(
    "document.documentElement.getAttribute('data-charts-ready') === 'true'",
    undefined,
    { timeout: 10_000 },
  );
  return opened;
}

/** The page raised no error, logged none, and asked nothing of the network (it opens offline). */
export function assertCleanPage(
  opened: Pick<OpenedPage, 'pageErrors' | 'consoleErrors' | 'requests'>,
): void {
  assert.deepEqual(opened.pageErrors, []);
  assert.deepEqual(opened.consoleErrors, []);
  const external = opened.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(external, []);
}
