/**
 * What plimsoll says besides its report: progress only on a terminal and never in CI,
 * `--quiet` (errors only; the table keeps only what fails the run), `--verbose` (what was read,
 * timings), and examples in every help.
 */
import { describe, expect, it } from 'vitest';
import { cachedImage } from '../../fixtures/generator/index.js';
import { demoImage } from '../report/html-fixture.js';
import { runCli, sandbox } from './helpers.js';

const CLEAN = 'FROM debian:12.5\nUSER app\nCMD ["app"]\n';
const BAD = 'FROM debian:latest\nWORKDIR app\nUSER app\nCMD ["app"]\n';

describe('progress', async () => {
  const image = await cachedImage(demoImage, { format: 'oci-archive' });

  it('shows layers, bytes and entries on a terminal, and clears its line', async () => {
    const cwd = sandbox({});
    const r = await runCli(['image', image.ref, '--no-dive-ci'], { cwd, tty: true, env: { CI: '' } });
    expect(r.stderr).toMatch(/\r\x1b\[Kplimsoll: layer 1\/4 · [\d.]+ (B|KiB|MiB) uncompressed of [\d.]+ (B|KiB|MiB) stored · [\d,]+ entries/);
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('says nothing in CI, in a pipe, or with --quiet', async () => {
    const cwd = sandbox({});
    for (const [argv, tty, env] of [
      [['image', image.ref, '--no-dive-ci'], true, { CI: 'true' }],
      [['image', image.ref, '--no-dive-ci'], false, {}],
      [['--quiet', 'image', image.ref, '--no-dive-ci'], true, { CI: '' }],
    ] as const) {
      const r = await runCli([...argv], { cwd, tty, env: { ...env } });
      expect(r.stderr).toBe('');
    }
  });
});

describe('--quiet', () => {
  it('a clean run prints nothing at all', async () => {
    const cwd = sandbox({ Dockerfile: CLEAN });
    const r = await runCli(['lint', '--quiet'], { cwd });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('the table keeps only the findings that fail the run; notes are not said', async () => {
    const cwd = sandbox({ Dockerfile: BAD, '.plimsoll.yaml': 'failOn: error\n' });
    // --ignore SC2086 makes a note: plimsoll does not run ShellCheck
    const loud = await runCli(['lint', '--ignore', 'SC2086'], { cwd, rules: 'all' });
    const quiet = await runCli(['lint', '-q', '--ignore', 'SC2086'], { cwd, rules: 'all' });
    expect(loud.code).toBe(quiet.code);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toMatch(/DF001/);
    expect(loud.stderr).toMatch(/note:/);
    expect(quiet.stderr).toBe('');
    // warnings below failOn: error are in the full table only
    const lines = (s: string) => s.split('\n').filter((l) => /\b(warning|note)\b/.test(l) && /\d+:\d+/.test(l));
    expect(lines(loud.stdout).length).toBeGreaterThan(0);
    expect(lines(quiet.stdout)).toEqual([]);
  });

  it('machine formats are whole with --quiet', async () => {
    const cwd = sandbox({ Dockerfile: BAD });
    const loud = await runCli(['lint', '-f', 'json'], { cwd });
    const quiet = await runCli(['lint', '--quiet', '-f', 'json'], { cwd });
    expect(JSON.parse(quiet.stdout).findings).toEqual(JSON.parse(loud.stdout).findings);
  });
});

describe('--verbose', async () => {
  const image = await cachedImage(demoImage, { format: 'oci-archive' });

  it('lint: each file read, with its findings and time, then a total', async () => {
    const cwd = sandbox({ 'a/Dockerfile': BAD, 'b/Dockerfile': CLEAN });
    const r = await runCli(['lint', '--verbose', '-f', 'json'], { cwd });
    expect(r.stderr).toMatch(/^plimsoll: a\/Dockerfile: dockerfile, \d+ findings \([\d.]+ ms\)$/m);
    expect(r.stderr).toMatch(/^plimsoll: b\/Dockerfile: dockerfile, 0 findings \([\d.]+ ms\)$/m);
    expect(r.stderr).toMatch(/^plimsoll: linted 2 files: \d+ findings, 0 input errors$/m);
    JSON.parse(r.stdout);
  });

  it('image: the image opened, each layer read, the totals', async () => {
    const cwd = sandbox({});
    const r = await runCli(['--verbose', 'image', image.ref, '--no-dive-ci', '-f', 'json'], { cwd });
    expect(r.stderr).toMatch(/^plimsoll: opened oci-archive:.*: oci-archive, 4 layers, [\d.]+ KiB stored \(\d+ ms\)$/m);
    expect(r.stderr.match(/^plimsoll: layer \d\/3 [0-9a-f]{12}: /gm)).toHaveLength(4);
    expect(r.stderr).toMatch(/^plimsoll: analysed 11 files, /m);
    expect(r.stderr).toMatch(/^plimsoll: \d+ findings, 0 input errors \(/m);
  });

  it('--quiet wins over --verbose', async () => {
    const cwd = sandbox({ Dockerfile: CLEAN });
    const r = await runCli(['lint', '--verbose', '--quiet'], { cwd });
    expect(r.stderr).toBe('');
  });
});

describe('help', () => {
  it.each([[[]], [['lint']], [['image']], [['rules']]])('plimsoll %s --help shows examples', async (argv) => {
    const cwd = sandbox({});
    const r = await runCli([...argv, '--help'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n {2}plimsoll /);
  });

  it('names html among the formats', async () => {
    const r = await runCli(['image', '--help'], { cwd: sandbox({}) });
    expect(r.stdout).toMatch(/junit or\s+html/);
  });
});
