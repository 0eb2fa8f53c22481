/**
 * Debian's chromium driven by playwright-core, for tests of pages plimsoll writes. Never
 * downloads a browser: without /usr/bin/chromium (`apt-get install chromium`) the tests skip.
 *
 *   import { CHROMIUM_SKIP_REASON, chromiumAvailable, openPage } from '../helpers/chromium.js';
 *   describe.skipIf(!chromiumAvailable)('...', () => {
 *     it('...', async () => {
 *       const p = await openPage('/tmp/report.html');
 *       expect(p.consoleErrors).toEqual([]);
 *       await p.close();
 *     });
 *   });
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PLIMSOLL_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const CHROMIUM_SKIP_REASON = `browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium)`;
if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

/** The flags that work on machines with no network (no background fetches, no sandbox as root). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface OpenedPage {
  page: Page;
  browser: Browser;
  /** Console messages of type error, and uncaught exceptions. */
  consoleErrors: string[];
  /** Every URL the page asked for other than itself and data: URLs (they were refused). */
  externalRequests: string[];
  /** Milliseconds from navigation to `body[data-ready]`. */
  loadMs: number;
  close(): Promise<void>;
}

export async function openPage(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  // playwright gives each launch a fresh, empty profile of its own (what --user-data-dir would).
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  const page = await browser.newPage({ viewport });
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  const self = pathToFileURL(file).href;
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === self || url.startsWith('data:')) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
  const t0 = performance.now();
  await page.goto(self);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  const loadMs = performance.now() - t0;
  return {
    page,
    browser,
    consoleErrors,
    externalRequests,
    loadMs,
    close: () => browser.close(),
  };
}
