/**
 * The `image:` settings of .plimsoll.yaml that steer the audit (setuidAllowlist,
 * contentAllowPaths, builtinAllowPaths, contentMaxBytes), end to end: through `runImage`, and
 * through the built command (`node dist/src/cli.js`), where the content probe runs in-process
 * for a small image and reads its settings from its module URL as Node gives it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage } from '../../../fixtures/generator/index.js';
import { runImage } from '../../../src/commands/image.js';
import { GITHUB_PAT, RSA_KEY } from '../tokens.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli.js');
const built = existsSync(CLI);
if (!built) console.warn(`${CLI} is missing: run npm run build (npm test does) to test the built command`);

const IMAGE: FixtureImage = {
  layers: [
    {
      entries: [
        { path: 'opt/tools/run', content: 'r', mode: 0o4755 },
        { path: 'opt/keys/test.key', content: RSA_KEY },
        { path: 'usr/share/doc/app/demo.key', content: RSA_KEY },
        { path: 'srv/app/deploy.sh', content: `#!/bin/sh\n${'#'.repeat(400)}\ngit clone https://${GITHUB_PAT}@github.com/acme/x\n` },
      ],
    },
  ],
  config: { User: '1000' },
};

const CONFIG = `image:
  setuidAllowlist: [/opt/tools/*]
  contentAllowPaths: [/opt/keys/**]
  builtinAllowPaths: false
  contentMaxBytes: 256B
`;

function paths(findings: Array<{ ruleId: string; location: { kind: string; path?: string } }>): string[] {
  return findings.filter((f) => /^FS/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.location.kind === 'image' ? f.location.path : ''}`);
}

describe('the image settings of the audit', () => {
  it('without a config: the setuid tool, the key and the token; the documentation key is left alone', async () => {
    const w = await cachedImage(IMAGE, { format: 'oci', compression: 'gzip' });
    const { report } = await runImage({ ref: w.ref, cwd: mkdtempSync(join(tmpdir(), 'plimsoll-settings-')), diveCi: false, env: {} });
    expect(paths(report.findings).sort()).toEqual(['FS001 /opt/tools/run', 'FS003 /opt/keys/test.key', 'FS006 /srv/app/deploy.sh']);
  });

  it('a bad value is a config error naming the file, line and key', async () => {
    const w = await cachedImage(IMAGE, { format: 'oci', compression: 'gzip' });
    const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-settings-'));
    writeFileSync(join(cwd, '.plimsoll.yaml'), 'image:\n  contentMaxBytes: lots\n  contentAllowPaths: 3\n');
    await expect(runImage({ ref: w.ref, cwd, diveCi: false, env: {} })).rejects.toThrow(/\.plimsoll\.yaml:2:\d+.*image\.contentMaxBytes/s);
  });

  it.skipIf(!built)('with .plimsoll.yaml, through the built command', async () => {
    const w = await cachedImage(IMAGE, { format: 'oci', compression: 'gzip' });
    const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-settings-'));
    writeFileSync(join(cwd, '.plimsoll.yaml'), CONFIG);
    const r = spawnSync(process.execPath, [CLI, 'image', w.ref, '-f', 'json'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd } });
    expect(r.stderr).toBe('');
    // The allowlisted tool and key are left alone, the big script is not read, and the built-in
    // list is off, so the documentation key is reported.
    expect(paths(JSON.parse(r.stdout).findings)).toEqual(['FS003 /usr/share/doc/app/demo.key']);
  });
});
