/**
 * `plimsoll diff A B` on generated images with known contents: the size change and what explains
 * it, files added, removed and changed (content or only mode), layers shared by diffId (at the
 * same place or moved) and read once, findings new in B / also in A / fixed, the --max-growth
 * gate, every format, and images from two different sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type FixtureLayer, type WrittenImage } from '../../fixtures/generator/index.js';
import type { Finding } from '../../src/rules/finding.js';
import { runCli, sandbox } from '../cli/helpers.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;

const KiB = 1024;
const MiB = 1024 * 1024;

const BASE: FixtureLayer = {
  createdBy: '/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef in / ',
  entries: [
    { path: 'etc', type: 'dir' },
    { path: 'etc/os-release', content: 'ID=fixture\n' },
    { path: 'bin', type: 'dir' },
    { path: 'bin/sh', content: { size: 64 * KiB, seed: 1 }, mode: 0o755 },
    { path: 'usr/lib', type: 'dir' },
    { path: 'usr/lib/libc.so', content: { size: 200 * KiB, seed: 2 } },
  ],
};
/** The same layer in both images, at another place in B. */
const TOOL: FixtureLayer = { createdBy: '/bin/sh -c #(nop) COPY file:fedcba9876543210fedcba9876543210 in /opt/tool ', entries: [{ path: 'opt/tool', content: { size: 8 * KiB, seed: 3 }, mode: 0o755 }] };
const APP_A: FixtureLayer = {
  createdBy: '/bin/sh -c install app',
  entries: [
    { path: 'app/server.js', content: { size: 10 * KiB, seed: 4 } },
    { path: 'app/config.json', content: { size: KiB, seed: 5 }, mode: 0o644 },
    { path: 'usr/lib/python3/old.py', content: { size: 50 * KiB, seed: 6 } },
  ],
};
const APP_B: FixtureLayer = {
  createdBy: '/bin/sh -c install app and python deps',
  entries: [
    { path: 'app/server.js', content: { size: 12 * KiB, seed: 7 } },
    { path: 'app/config.json', content: { size: KiB, seed: 5 }, mode: 0o600 },
    { path: 'usr/lib/python3/site-packages/big/a.so', content: { size: MiB, seed: 8 } },
    { path: 'usr/lib/python3/site-packages/big/b.so', content: { size: MiB, seed: 9 } },
    { path: 'usr/lib/python3/site-packages/big/c.so', content: { size: MiB, seed: 10 } },
    { path: 'usr/bin/helper', content: { size: 4 * KiB, seed: 11 }, mode: 0o4755 },
  ],
};
const IMAGE_A: FixtureImage = { layers: [BASE, TOOL, APP_A], config: { Env: ['PATH=/usr/bin:/bin', 'DB_PASSWORD=supersecret123'] }, tag: 'app:main' };
const IMAGE_B: FixtureImage = { layers: [BASE, APP_B, TOOL], config: { Env: ['PATH=/usr/bin:/bin'], ExposedPorts: { '22/tcp': {} } }, tag: 'app:pr' };

let A: WrittenImage;
let B: WrittenImage;
let BZstd: WrittenImage;
beforeAll(async () => {
  A = await cachedImage(IMAGE_A, { format: 'docker-archive' });
  B = await cachedImage(IMAGE_B, { format: 'docker-archive' });
  BZstd = await cachedImage(IMAGE_B, { format: 'oci', compression: 'zstd' });
});

async function diff(args: string[], cwd = sandbox({})) {
  const r = await runCli(['diff', ...args], { cwd });
  return { ...r, cwd };
}

describe('plimsoll diff: the facts', () => {
  it('sizes, what explains the change, files added, removed and changed, shared and new layers', async () => {
    const r = await diff([A.path, B.path, '-f', 'json']);
    const d = JSON.parse(r.stdout).diff;
    expect(d.identical).toBe(false);
    expect(d.size.final).toMatchObject({ before: 100 * KiB + 10 * KiB + 64 * KiB + 11 + 200 * KiB + 8 * KiB + KiB + 50 * KiB - 100 * KiB, delta: 3 * MiB + 4 * KiB + 2 * KiB - 50 * KiB });
    expect(d.size.content.delta).toBe(d.size.final.delta);
    expect(d.mostly).toMatchObject({ path: '/usr/lib/python3/site-packages/big', delta: 3 * MiB, added: 3 });
    expect(d.explain.map((x: { path: string; delta: number }) => [x.path, x.delta])).toEqual([
      ['/usr/lib/python3/site-packages/big', 3 * MiB],
      ['/usr/lib/python3/old.py', -50 * KiB],
    ]);
    expect(d.folders.map((x: { path: string; delta: number }) => [x.path, x.delta])).toEqual([
      ['/usr', 3 * MiB + 4 * KiB - 50 * KiB],
      ['/app', 2 * KiB],
    ]);
    expect(d.files.added).toEqual({ count: 4, bytes: 3 * MiB + 4 * KiB });
    expect(d.files.removed).toEqual({ count: 1, bytes: 50 * KiB });
    expect(d.files.changed).toMatchObject({ count: 2, delta: 2 * KiB, content: { count: 1, delta: 2 * KiB }, metadata: { count: 1, bytes: KiB } });
    const config = d.files.largest.changed.find((c: { path: string }) => c.path === '/app/config.json');
    expect(config).toMatchObject({ change: 'metadata', attributes: ['mode'], from: '0644 0:0', to: '0600 0:0', delta: 0 });
    expect(d.files.largest.changed.find((c: { path: string }) => c.path === '/app/server.js')).toMatchObject({ change: 'content', before: 10 * KiB, after: 12 * KiB });
    expect(d.layers).toMatchObject({ sharedPrefix: 1, shared: 2, new: 1, removed: 1 });
    expect(d.layers.list.map((l: { status: string; indexInA?: number }) => [l.status, l.indexInA])).toEqual([
      ['shared', 0],
      ['new', undefined],
      ['moved', 1],
    ]);
    expect(d.layers.removedList.map((l: { index: number; status: string }) => [l.index, l.status])).toEqual([[2, 'removed']]);
  });

  it('the headline says it in words, with the part that explains most of it', async () => {
    const r = await diff([A.path, B.path]);
    expect(r.stdout).toMatch(/This change grows the image by 2\.\d+ MiB \(\+\d+\.\d %\), mostly \/usr\/lib\/python3\/site-packages\/big\/ \(\+3\.00 MiB\)\./);
    const back = await diff([B.path, A.path]);
    expect(back.stdout).toMatch(/This change shrinks the image by 2\.\d+ MiB \(-\d+\.\d %\), mostly \/usr\/lib\/python3\/site-packages\/big\/ \(-3\.00 MiB\)\./);
    const same = await diff([A.path, A.path]);
    expect(same.stdout).toContain('A and B are the same image (same config digest).');
    expect(same.code).toBe(0);
  });

  it('B read with its shared layers taken from A gives what plimsoll image B gives', async () => {
    const cwd = sandbox({});
    const d = JSON.parse((await diff([A.path, BZstd.ref, '-f', 'json'], cwd)).stdout).diff;
    const image = JSON.parse((await runCli(['image', BZstd.ref, '-f', 'json'], { cwd })).stdout).image;
    expect(d.size.content.after).toBe(image.size.content);
    expect(d.size.compressed.after).toBe(image.size.compressed);
    expect(d.size.uncompressed.after).toBe(image.size.uncompressed);
    expect(d.size.final.after).toBe(image.final.bytes);
    expect(d.size.reclaimable.after).toBe(image.reclaimable.totalBytes);
    expect(d.layers.list.map((l: { size: number }) => l.size)).toEqual(image.layers.map((l: { size: number }) => l.size));
  });

  it('--files lists every changed path; --top shortens the lists', async () => {
    const all = JSON.parse((await diff([A.path, B.path, '-f', 'json', '--files'])).stdout).diff;
    expect(all.files.largest.added).toHaveLength(4);
    const short = JSON.parse((await diff([A.path, B.path, '-f', 'json', '--top', '1'])).stdout).diff;
    expect(short.files.largest.added.map((f: { path: string }) => f.path)).toEqual(['/usr/lib/python3/site-packages/big/a.so']);
  });
});

describe('plimsoll diff: findings new in B', () => {
  it('new ones fail the run; ones A has are unchanged; A\'s that B lost are fixed', async () => {
    const r = await diff([A.path, B.path, '-f', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const state = (id: string) => report.findings.filter((f: Finding) => f.ruleId === id).map((f: Finding) => f.baselineState);
    expect(state('FS001')).toEqual(['new']);
    expect(state('IM006')).toEqual(['new']);
    expect(state('IM005')).toEqual(['unchanged']);
    expect(report.diff.findings.resolved.map((f: { ruleId: string }) => f.ruleId)).toContain('IM002');
    expect(report.diff.findings.new).toBe(report.findings.filter((f: Finding) => f.baselineState === 'new' && !f.suppressed).length);
    expect(report.summary.new).toBe(report.diff.findings.new);
    // Only new findings fail: at --fail-on error nothing new is an error (A's secret is gone in B).
    expect((await diff([A.path, B.path, '--fail-on', 'error'])).code).toBe(0);
  });

  it('SARIF carries only the new findings, marked new', async () => {
    const r = await diff([A.path, B.path, '-f', 'sarif']);
    const results = JSON.parse(r.stdout).runs[0].results;
    expect(new Set(results.map((x: { ruleId: string }) => x.ruleId))).toEqual(new Set(['FS001', 'IM006']));
    expect(results.every((x: { baselineState: string }) => x.baselineState === 'new')).toBe(true);
    expect(JSON.parse(r.stdout).runs[0].automationDetails.id).toMatch(/^plimsoll\/diff\//);
  });

  it('the table marks them; Markdown says it as a pull-request comment', async () => {
    const table = await diff([A.path, B.path]);
    expect(table.stdout).toMatch(/FS001 setuid-file \(new\)/);
    expect(table.stdout).toMatch(/IM005 \S+ \(in baseline\)/);
    expect(table.stdout).toMatch(/findings +2 new in B, \d+ also in A, \d+ of A's fixed/);
    expect(table.stdout).toContain('Fixed in B');
    const md = await diff([A.path, B.path, '-f', 'markdown']);
    expect(md.stdout).toMatch(/^## ❌ plimsoll diff: failed/);
    expect(md.stdout).toMatch(/### This change grows the image by 2\.\d+ MiB \(\+\d+\.\d %\), mostly \/usr\/lib\/python3\/site-packages\/big\/ \(\+3\.00 MiB\)\./);
    expect(md.stdout).toMatch(/\| image size \| \d+ KiB \| 3\.\d+ MiB \| \*\*\+2\.\d+ MiB\*\* \+\d+\.\d % \|/);
    expect(md.stdout).toContain('| `/usr/lib/python3/site-packages/big/` | 0 B | 3.00 MiB | +3.00 MiB | 3 added |');
    expect(md.stdout).toContain('🆕');
  });

  it('--baseline: findings in it count as known too', async () => {
    const cwd = sandbox({});
    await diff([A.path, B.path, '-f', 'json', '-o', 'before.json'], cwd);
    const r = await diff([A.path, B.path, '--baseline', 'before.json', '-f', 'json'], cwd);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.diff.findings.new).toBe(0);
    expect(report.baseline.file).toBe(`${A.path} and before.json`);
  });
});

describe('plimsoll diff --max-growth', () => {
  it.each([
    ['10MiB', 0, 'pass'],
    ['1MB', 1, /over by 2\.\d+ MiB/],
    ['2000%', 0, 'pass'],
    ['50%', 1, /over by \d+\.\d percentage points/],
  ])('--max-growth %s', async (limit, code, expected) => {
    const r = await diff([A.path, B.path, '--max-growth', limit, '--fail-on', 'none', '-f', 'json']);
    expect(r.code).toBe(code);
    const check = JSON.parse(r.stdout).gate.checks[0];
    expect(check.name).toBe('max-growth');
    expect(check.actual).toMatch(/^\+2\.\d+ MiB \(\+\d+\.\d %\)$/);
    if (expected === 'pass') expect(check.passed).toBe(true);
    else expect(check.message).toMatch(expected);
  });

  it('shrinking never fails; a bad limit is a usage error', async () => {
    expect((await diff([B.path, A.path, '--max-growth', '0', '--fail-on', 'none'])).code).toBe(0);
    const bad = await diff([A.path, B.path, '--max-growth', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-growth "lots": expected a size such as 20MB or 1.5GiB, or a percentage such as 10%');
  });

  it('the table and Markdown show the gate', async () => {
    const table = await diff([A.path, B.path, '--max-growth', '1MB', '--fail-on', 'none']);
    expect(table.stdout).toMatch(/FAIL max-growth: \+2\.\d+ MiB \(\+\d+\.\d %\) \(limit 1MB \(977 KiB\)\) over by/);
    const md = await diff([A.path, B.path, '--max-growth', '1MB', '--fail-on', 'none', '-f', 'markdown']);
    expect(md.stdout).toMatch(/\| max-growth \| 1MB \(977 KiB\) \| \\\+2\.\d+ MiB \(\+\d+\.\d %\) \| ❌ fail \(over by/);
  });
});

describe('plimsoll diff: formats and errors', () => {
  it('JSON matches the report schema', async () => {
    const r = await diff([A.path, BZstd.ref, '-f', 'json']);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'plimsoll-report.schema.json'), 'utf8')));
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.command).toBe('diff');
    expect(report.targets).toEqual([A.path, BZstd.ref]);
  });

  it('an unreadable A: exit 2 naming it; B is still read and its findings reported', async () => {
    const r = await diff(['nope.tar', B.path, '-f', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.errors[0].source).toBe('nope.tar');
    expect(report.diff).toBeUndefined();
    expect(report.findings.length).toBeGreaterThan(0);
    const table = await diff(['nope.tar', B.path]);
    expect(table.stdout).toMatch(/error nope\.tar: no such file or directory/);
  });

  it('--target without --dockerfile is a usage error', async () => {
    const r = await diff([A.path, B.path, '--target', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--target goes with --dockerfile');
  });
});
