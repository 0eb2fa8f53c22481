/**
 * The built command (`node dist/src/cli.js`), as users and CI run it: real exit codes, real
 * standard streams. `npm test` builds first; run `npm run build` before running this file alone.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, sandbox, TWO_FINDINGS } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli.js');
const built = existsSync(CLI);
if (!built) console.warn(`${CLI} is missing: run npm run build (npm test does) to test the built command`);

function run(args: string[], opts: { cwd: string; input?: string; user?: string }) {
  const argv = opts.user ? ['-u', opts.user, '--', process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(opts.user ? 'runuser' : process.execPath, argv, {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: opts.cwd, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('the built command', () => {
  it('lints the bundled example and exits 1 because it has findings', () => {
    const r = run(['lint', 'examples/'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('examples/webapp/Dockerfile');
    expect(r.stdout).toContain('DF001');
  });

  it('reads standard input', () => {
    const r = run(['lint', '-', '-f', 'json'], { cwd: sandbox({}), input: TWO_FINDINGS });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).targets).toEqual(['-']);
  });

  it('bad input: exit 2, the file and line named on stderr, no stack trace', () => {
    const root = sandbox({ 'a/Dockerfile': TWO_FINDINGS, 'b/Dockerfile': lines('FROM debian:12', 'FORM x') });
    const r = run(['lint', '.', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plimsoll: b/Dockerfile:2:1: unknown instruction "FORM"\n');
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });

  it('a bad config: exit 2 with file:line:column', () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.plimsoll.yaml': 'rules:\n  DF999: off\n' });
    const r = run(['lint'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.plimsoll.yaml:2:3: rules.DF999: unknown rule');
  });

  it('--version and an unknown command', () => {
    expect(run(['--version'], { cwd: ROOT }).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const r = run(['frobnicate'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a large report through a pipe is not cut short', () => {
    const many = lines('FROM debian:12', ...Array.from({ length: 3000 }, (_, i) => `WORKDIR dir${i}`));
    const r = run(['lint', '-', '-f', 'json'], { cwd: sandbox({}), input: many });
    expect(JSON.parse(r.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'DF001')).toHaveLength(3000);
  });

  it('worker threads (--jobs) give exactly the report one thread gives, bad files included', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) files[`svc${i}/Dockerfile`] = i % 7 === 3 ? lines('FROM debian:12', 'FORM x') : lines(`FROM debian:12.${i}`, `WORKDIR app${i}`, 'RUN curl -fsSL https://x | sh');
    files['svc5/Dockerfile'] = '';
    const root = sandbox(files);
    const one = run(['lint', '.', '-f', 'json', '--jobs', '1'], { cwd: root });
    const many = run(['lint', '.', '-f', 'json', '--jobs', '3', '--verbose'], { cwd: root });
    expect(many.stderr).toMatch(/24 of 24 Dockerfiles linted by 3 worker threads/);
    expect(many.stdout).toBe(one.stdout);
    expect(many.code).toBe(2);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(24);
  });

  const asRoot = process.getuid?.() === 0;
  // The built command must be readable by nobody too: a checkout inside a private (0700) folder is not.
  const nobody = asRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', CLI]).status === 0;
  if (asRoot && !nobody) console.warn(`skipping the unreadable-file test: the user nobody cannot run ${CLI} (a checkout in a private folder, or no runuser)`);
  it.skipIf(!nobody)('an unreadable file (run as the unprivileged user nobody)', () => {
    const root = sandbox({ 'good/Dockerfile': TWO_FINDINGS, 'locked/Dockerfile': TWO_FINDINGS });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'good'), 0o755);
    chmodSync(join(root, 'good/Dockerfile'), 0o644);
    chmodSync(join(root, 'locked/Dockerfile'), 0o000);
    const r = run(['lint', 'good/Dockerfile', 'locked/Dockerfile', '-f', 'json'], { cwd: root, user: 'nobody' });
    expect(r.stderr).toBe('plimsoll: locked/Dockerfile: cannot be read: permission denied (EACCES)\n');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).findings.some((f: { location: { file: string } }) => f.location.file === 'good/Dockerfile')).toBe(true);
  });
});
