/**
 * plimsoll's own image: its Dockerfile passes `plimsoll lint` with nothing at warning or above,
 * builds with buildah (scripts/own-image.sh, offline: stand-in bases from this machine's Node.js),
 * runs, and `plimsoll image` finds it non-root, free of secrets, with dive's efficiency at least
 * 0.99 and no more than 1 MB reclaimable. Skipped without buildah (apt-get install buildah
 * skopeo busybox-static) or root.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runImage } from '../src/commands/image.js';
import { runLint } from '../src/commands/lint.js';
import { openImage } from '../src/layers/open.js';
import { levelRank } from '../src/rules/finding.js';
import { buildahAvailable, BUILDAH_SKIP_REASON } from './helpers/buildah.js';

const run = promisify(execFile);
const ROOT = resolve('.');
const isRoot = process.getuid?.() === 0;
const enabled = buildahAvailable && isRoot;
if (!enabled) console.warn(isRoot ? BUILDAH_SKIP_REASON : 'own-image test skipped: buildah builds need root here');

describe('the Dockerfile of plimsoll itself', () => {
  it('passes plimsoll lint with no finding at warning or above', async () => {
    const { report } = await runLint({ paths: ['Dockerfile'], cwd: ROOT, exclude: [], readStdin: async () => Buffer.alloc(0), env: {} });
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => levelRank(f.level) >= levelRank('warning')).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });
});

describe.skipIf(!enabled)('plimsoll own image, built with buildah', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-own-'));
  const archive = join(dir, 'plimsoll.tar');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds, runs, and is non-root, secret-free, efficient', { timeout: 900_000 }, async () => {
    const t0 = performance.now();
    const built = await run(join(ROOT, 'scripts/own-image.sh'), [archive], { cwd: ROOT, maxBuffer: 64 << 20 });
    console.log(`own image built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n${built.stderr.split('\n').filter((l) => l.startsWith('own-image:')).join('\n')}`);

    // it runs: the CLI answers inside the image, as its non-root user
    const storage = ['--storage-driver', 'vfs', '--root', '/var/lib/containers/storage', '--runroot', '/run/containers/storage'];
    const ctr = (await run('buildah', [...storage, 'from', 'localhost/plimsoll:ci'])).stdout.trim();
    try {
      const version = await run('buildah', [...storage, 'run', '--isolation', 'chroot', ctr, '--', '/nodejs/bin/node', '/opt/plimsoll/dist/src/cli.js', '--version']);
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const rules = await run('buildah', [...storage, 'run', '--isolation', 'chroot', ctr, '--', '/nodejs/bin/node', '/opt/plimsoll/dist/src/cli.js', 'rules', 'DF001']);
      expect(rules.stdout).toMatch(/^# DF001 workdir-relative/);
    } finally {
      await run('buildah', [...storage, 'rm', ctr]);
    }

    const image = await openImage(archive);
    const user = image.config.config?.User ?? '';
    await image.close();
    expect(user).toBe('65532:65532');

    const { report, analysis } = await runImage({ ref: archive, cwd: ROOT, configPath: 'scripts/own-image.plimsoll.yaml', diveCi: false, env: {} });
    expect(report.errors).toEqual([]);
    const a = analysis!;
    console.log(
      `own image: ${(a.dive.sizeBytes / 1e6).toFixed(1)} MB in ${a.layers.length} layers, ${a.final.files} files; efficiency ${(a.dive.efficiency * 100).toFixed(2)} %, ` +
        `reclaimable ${a.reclaimable.totalBytes} bytes; findings: ${report.findings.map((f) => `${f.ruleId}(${f.level})`).join(' ') || 'none'}`,
    );
    expect(report.findings.filter((f) => f.ruleId === 'IM001' || f.tags.includes('secret') || /secret|credential|private-key|token/.test(f.ruleName))).toEqual([]);
    expect(report.findings.filter((f) => levelRank(f.level) >= levelRank('warning')).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    expect(a.dive.efficiency).toBeGreaterThanOrEqual(0.99);
    expect(a.reclaimable.totalBytes).toBeLessThanOrEqual(1_000_000);
  });
});
