/**
 * The GitHub action (action.yml) run step by step as the runner would, with GitHub's variables
 * set: it installs the packed CLI from the action's folder, lints, analyses an image, writes
 * SARIF for upload-sarif, appends Markdown to $GITHUB_STEP_SUMMARY, sets its outputs, and fails
 * the step exactly when plimsoll exits non-zero. Needs the npm registry (the tarball's
 * dependencies are installed as a user's would be) and a built dist/ (npm test builds first).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from './action-runner.js';

const ROOT = resolve('.');
const built = existsSync(join(ROOT, 'dist/src/cli.js'));
if (!built) console.warn('action test skipped: dist/ is missing (run npm run build)');

function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'plimsoll-ws-'));
  mkdirSync(join(ws, '.git'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM debian:12.5\nWORKDIR app\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\nUSER app\nCMD ["app"]\n');
  mkdirSync(join(ws, 'images'));
  copyFileSync(join(ROOT, 'examples/images/webapp.tar'), join(ws, 'images/webapp.tar'));
  return ws;
}

describe.skipIf(!built)('GitHub action', () => {
  it('lints and analyses: SARIF, job summary, outputs; findings fail the step', { timeout: 300_000 }, () => {
    const ws = workspace();
    const r = runAction(ROOT, { workspace: ws, inputs: { image: 'images/webapp.tar', html: 'report.html' } });
    expect(r.log).toMatch(/plimsoll \d+\.\d+\.\d+ installed at /);
    expect(r.log).toMatch(/::group::plimsoll lint \./);
    expect(r.log).toMatch(/WORKDIR "app" is relative/); // the table in the log
    expect(r.code).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.outputs.sarif).toBe('plimsoll-sarif');
    for (const f of ['lint.sarif', 'image.sarif']) {
      const sarif = JSON.parse(readFileSync(join(ws, 'plimsoll-sarif', f), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.length).toBeGreaterThan(0);
      // provenance from the GitHub variables
      expect(sarif.runs[0].versionControlProvenance?.[0]?.revisionId).toBe('0123456789abcdef0123456789abcdef01234567');
    }
    expect(r.stepSummary).toMatch(/DF001/);
    expect(r.stepSummary).toMatch(/### Image `images\/webapp\.tar`/);
    expect(readFileSync(join(ws, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('fail-on none: the same findings, a green step', { timeout: 300_000 }, () => {
    const ws = workspace();
    const r = runAction(ROOT, { workspace: ws, inputs: { 'fail-on': 'none', sarif: '' } });
    expect(r.code).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.outputs.sarif).toBe('');
    expect(existsSync(join(ws, 'plimsoll-sarif'))).toBe(false);
    expect(r.stepSummary).toMatch(/DF001/);
  });

  it('a broken input exits 2, and the step says so', { timeout: 300_000 }, () => {
    const ws = workspace();
    const r = runAction(ROOT, { workspace: ws, inputs: { dockerfiles: '', image: 'images/missing.tar' } });
    expect(r.code).toBe(2);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.log).toMatch(/plimsoll image: exit code 2/);
    expect(r.log).not.toMatch(/plimsoll lint/);
  });
});
