/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core): it loads
 * with no console errors and asks for nothing outside itself, the treemap draws one cell per top
 * folder that holds bytes, clicking a layer shows that layer's changes in the tree, the filters
 * filter, and a 100,000-file image gives a page under 10 MB. Screenshots for people to look at:
 * test-output/html-report.png (and html-report-layer.png, html-lint.png, html-diff.png).
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedImage, syntheticImage, syntheticKey, type SyntheticParams } from '../../fixtures/generator/index.js';
import { main } from '../../src/cli.js';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, openPage } from '../helpers/chromium.js';
import { DEMO_TOP_FOLDERS, demoImage } from './html-fixture.js';

const OUT = resolve('test-output');

async function cli(argv: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    readStdin: async () => Buffer.alloc(0),
    cwd,
    env: { HOME: join(cwd, '.home-none') },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stderr };
}

function topRows(page: import('playwright-core').Page): Promise<string[]> {
  return page.$$eval('#files .tree > .node > .row', (rows) => rows.map((r) => r.getAttribute('data-path') ?? ''));
}

if (!chromiumAvailable) console.warn(CHROMIUM_SKIP_REASON);

describe.skipIf(!chromiumAvailable)('HTML report in chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-html-'));
  mkdirSync(OUT, { recursive: true });

  it('an image report: loads clean, treemap cell per top folder, a click on a layer filters the tree', async () => {
    const written = await cachedImage(demoImage, { format: 'oci-archive' });
    const file = join(dir, 'image.html');
    const r = await cli(['image', written.ref, '-f', 'html', '-o', file, '--no-dive-ci'], dir);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const p = await openPage(file);
    try {
      console.log(`demo image report: ${statSync(file).size} bytes, loaded in ${p.loadMs.toFixed(0)} ms`);
      expect(p.externalRequests).toEqual([]);
      expect(p.consoleErrors).toEqual([]);
      const page = p.page;
      expect(await page.textContent('#gate .verdict')).toMatch(/^(Passed|Failed) · exit code [01]/);

      // one cell per top folder that holds bytes, named by its path
      const cells = await page.$$eval('.tm-cell[data-depth="1"]', (els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-path')}`));
      expect(cells.sort()).toEqual(DEMO_TOP_FOLDERS.map((f) => `d:/${f}`));
      await page.screenshot({ path: join(OUT, 'html-report.png'), fullPage: true });

      // the final tree lists the top folders; layer 2 (COPY to /app) shows only /app, all added
      expect((await topRows(page)).sort()).toEqual(['/app', '/bin', '/etc', '/root', '/tmp', '/usr', '/var']);
      await page.click('tr.layer-row[data-layer="2"]');
      expect(await page.textContent('#files h2')).toBe('Layer 2: its changes');
      expect(await topRows(page)).toEqual(['/app']);
      await page.click('#files .row[data-path="/app"]');
      const marks = await page.$$eval('#files .row[data-path^="/app/"]', (els) => els.map((e) => `${e.getAttribute('data-mark')}${e.getAttribute('data-path')}`));
      expect(marks).toContain('A/app/server.js');
      expect(marks).toContain('A/app/data.bin');

      // layer 3: the chmod copy-up is a change, the removed docs a deletion under an unchanged /usr
      await page.click('.layer-seg[data-layer="3"]');
      expect(await page.textContent('#files h2')).toBe('Layer 3: its changes');
      expect((await topRows(page)).sort()).toEqual(['/app', '/tmp', '/usr']);
      expect(await page.getAttribute('#files .row[data-path="/usr"]', 'data-mark')).toBe('');
      expect(await page.getAttribute('#files .row[data-path="/usr/share/doc"]', 'data-mark')).toBe('D');
      await page.click('#files .row[data-path="/app"]');
      expect(await page.getAttribute('#files .row[data-path="/app/data.bin"]', 'data-mark')).toBe('C');
      // the treemap dims what other layers brought
      expect(await page.$$eval('.tm-cell[data-path="/tmp"].dim', (e) => e.length)).toBe(0);
      expect(await page.$$eval('.tm-cell[data-path="/etc"].dim', (e) => e.length)).toBe(1);
      await page.screenshot({ path: join(OUT, 'html-report-layer.png'), fullPage: true });

      // the same layer again: back to the final filesystem
      await page.click('tr.layer-row[data-layer="3"]');
      expect(await page.textContent('#files h2')).toBe('Final filesystem');

      // drill into /usr: its folders become the cells; the path above leads back
      await page.click('.tm-cell[data-path="/usr"]', { position: { x: 6, y: 6 } }); // the label strip, above its children
      const usr = await page.$$eval('.tm-cell[data-depth="1"]', (els) => els.map((e) => e.getAttribute('data-path')));
      expect(usr.sort()).toEqual(['/usr/bin', '/usr/lib']);
      await page.click('.crumbs a');
      expect(await page.$$eval('.tm-cell[data-depth="1"]', (e) => e.length)).toBe(DEMO_TOP_FOLDERS.length);

      // a click on a file cell opens the tree at it
      await page.click('.tm-cell[data-path="/app/server.js"]');
      expect(await page.getAttribute('#files .row.hit', 'data-path')).toBe('/app/server.js');

      // findings: the level filters hide what they should
      const all = await page.$$eval('tr.finding', (e) => e.length);
      expect(all).toBeGreaterThan(0);
      const warnings = await page.$$eval('tr.finding[data-level="warning"]', (e) => e.length);
      await page.uncheck('input[data-level="warning"]');
      expect(await page.$$eval('tr.finding', (e) => e.length)).toBe(all - warnings);
      expect(await page.$$eval('tr.finding[data-level="warning"]', (e) => e.length)).toBe(0);
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('a lint report: findings table with level and rule filters', async () => {
    const file = join(dir, 'lint.html');
    const r = await cli(['lint', resolve('examples/webapp/Dockerfile'), '-f', 'html', '-o', file, '-f', 'json', '-o', join(dir, 'lint.json')], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'lint.json'), 'utf8')) as { findings: Array<{ ruleId: string; suppressed?: unknown }> };
    const active = json.findings.filter((f) => !f.suppressed);
    const p = await openPage(file);
    try {
      expect(p.externalRequests).toEqual([]);
      expect(p.consoleErrors).toEqual([]);
      const page = p.page;
      expect(await page.$$eval('tr.finding', (e) => e.length)).toBe(active.length);
      expect(await page.$$eval('.treemap', (e) => e.length)).toBe(0);
      const rule = active[0].ruleId;
      await page.selectOption('#findings select', rule);
      expect(await page.$$eval('tr.finding', (e) => [...new Set(e.map((r) => r.getAttribute('data-rule')))])).toEqual([rule]);
      expect(await page.$$eval('tr.finding', (e) => e.length)).toBe(active.filter((f) => f.ruleId === rule).length);
      await page.screenshot({ path: join(OUT, 'html-lint.png'), fullPage: true });
    } finally {
      await p.close();
    }
  });

  it('a diff report: the change in a sentence, sizes, folders and layers', async () => {
    const a = await cachedImage(demoImage, { format: 'oci-archive' });
    const grown = { ...demoImage, layers: [...demoImage.layers, { createdBy: '/bin/sh -c pip install big', entries: [{ path: 'usr/lib/python3/big.so', content: { size: 700_000, seed: 21 } }] }] };
    const b = await cachedImage(grown, { format: 'oci-archive' });
    const file = join(dir, 'diff.html');
    const r = await cli(['diff', a.ref, b.ref, '-f', 'html', '-o', file], dir);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const p = await openPage(file);
    try {
      expect(p.externalRequests).toEqual([]);
      expect(p.consoleErrors).toEqual([]);
      const page = p.page;
      expect(await page.textContent('#diff .headline')).toMatch(/grows the image by .*usr\/lib\/python3/);
      expect(await page.$$eval('table.diff-layers tr', (rows) => rows.map((row) => row.getAttribute('class')))).toEqual(['layer-shared', 'layer-shared', 'layer-shared', 'layer-shared', 'layer-new']);
      expect(await page.$$eval('table.diff-folders code', (c) => c.map((x) => x.textContent))).toContain('/usr/');
      await page.screenshot({ path: join(OUT, 'html-diff.png'), fullPage: true });
    } finally {
      await p.close();
    }
  });

  it('a 100,000-file image: the page stays under 10 MB and loads clean (size and load time logged)', { timeout: 600_000 }, async () => {
    const params: SyntheticParams = { layers: 20, files: 100_000, bytes: 200 * 1024 * 1024 };
    const t0 = performance.now();
    const written = await cachedImage(syntheticImage(params), { format: 'oci', compression: 'gzip', gzipLevel: 1 }, syntheticKey(params, 'html-report:v1'));
    const t1 = performance.now();
    const file = join(dir, 'big.html');
    const r = await cli(['image', written.ref, '-f', 'html', '-o', file, '--no-dive-ci'], dir);
    const t2 = performance.now();
    expect(r.stderr).toBe('');
    const size = statSync(file).size;
    const p = await openPage(file);
    try {
      const cells = await p.page.$$eval('.tm-cell', (e) => e.length);
      console.log(
        `100,000-file image: generated in ${((t1 - t0) / 1000).toFixed(1)} s, analysed and rendered in ${((t2 - t1) / 1000).toFixed(1)} s; ` +
          `page ${(size / 1e6).toFixed(2)} MB, loaded in chromium in ${p.loadMs.toFixed(0)} ms, ${cells} treemap cells`,
      );
      writeFileSync(join(OUT, 'html-big.txt'), `size ${size}\nloadMs ${p.loadMs.toFixed(0)}\n`);
      expect(size).toBeLessThan(10 * 1000 * 1000);
      expect(p.externalRequests).toEqual([]);
      expect(p.consoleErrors).toEqual([]);
      expect(await p.page.$$eval('.tm-cell[data-depth="1"]', (e) => e.map((c) => c.getAttribute('data-path')))).toEqual(['/data']);
      await p.page.click('tr.layer-row[data-layer="7"]');
      expect(await p.page.textContent('#files h2')).toBe('Layer 7: its changes');
      expect(await topRows(p.page)).toEqual(['/data']);
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
