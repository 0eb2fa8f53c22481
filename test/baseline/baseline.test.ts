/**
 * Baselines: reading plimsoll's own JSON and SARIF reports (and refusing anything else), and
 * `--baseline` on lint and image: findings already in the baseline are `unchanged` and never fail
 * the run, whatever lines moved; new ones are marked and fail it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, parseBaseline, readBaseline } from '../../src/baseline/index.js';
import { PlimsollInputError, type Finding } from '../../src/rules/finding.js';
import { lines, runCli, sandbox } from '../cli/helpers.js';
import { shared } from '../helpers/shared.js';

function inputError(fn: () => unknown): { message: string; line?: number; column?: number; source: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlimsollInputError);
    return (err as PlimsollInputError).detail;
  }
  throw new Error('expected a PlimsollInputError');
}

const JSON_REPORT = JSON.stringify({
  schemaVersion: '1.0',
  tool: { name: 'plimsoll', version: '0.1.0' },
  command: 'lint',
  findings: [
    { ruleId: 'DF001', fingerprint: 'aaa', location: { kind: 'file', file: 'Dockerfile', range: {} } },
    { ruleId: 'DF041', fingerprint: 'bbb' },
  ],
});

const SARIF_REPORT = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'plimsoll', rules: [] } },
      automationDetails: { id: 'plimsoll/image/local/app.tar/' },
      results: [{ ruleId: 'SZ001', partialFingerprints: { 'plimsoll/v1': 'ccc', primaryLocationLineHash: 'x:1' } }],
    },
  ],
});

describe('reading a baseline', () => {
  it('reads a JSON report: rule ids and fingerprints', () => {
    const b = parseBaseline(JSON_REPORT, 'base.json');
    expect(b.format).toBe('json');
    expect(b.findings).toBe(2);
    expect(b.command).toBe('lint');
    expect([...b.keys]).toEqual(['DF001\u0000aaa', 'DF041\u0000bbb']);
  });

  it('reads a SARIF log: partialFingerprints["plimsoll/v1"], the command from automationDetails', () => {
    const b = parseBaseline(SARIF_REPORT, 'base.sarif');
    expect(b.format).toBe('sarif');
    expect([...b.keys]).toEqual(['SZ001\u0000ccc']);
    expect(b.command).toBe('image');
  });

  it('takes a byte-order mark and an empty findings list', () => {
    expect(parseBaseline(`\ufeff${JSON.stringify({ schemaVersion: '1.0', tool: { name: 'plimsoll' }, findings: [] })}`, 'b.json').findings).toBe(0);
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    ['YAML', 'findings:\n  - DF001\n', /not JSON/],
    ['a JSON array', '[]', /expected a JSON object/],
    ['some other JSON', '{"a":1}', /neither a plimsoll JSON report .* nor a SARIF log/],
    ['a newer JSON report', JSON.stringify({ schemaVersion: '2.0', findings: [] }), /schemaVersion "2.0"; this plimsoll reads 1.x/],
    ['a JSON report of another tool', JSON.stringify({ schemaVersion: '1.0', tool: { name: 'hadolint' }, findings: [] }), /of hadolint, not of plimsoll/],
    ['findings without fingerprints', JSON.stringify({ schemaVersion: '1.0', findings: [{ ruleId: 'DF001' }] }), /findings\[0\] has no ruleId and fingerprint/],
    ['SARIF of another tool', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'hadolint' } }, results: [] }] }), /runs\[0\] is from "hadolint", not plimsoll/],
    ['SARIF 2.0', JSON.stringify({ version: '2.0.0', runs: [] }), /SARIF version "2.0.0"; expected 2.1.0/],
    [
      'SARIF results without our fingerprint',
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'plimsoll' } }, results: [{ ruleId: 'DF001', partialFingerprints: { primaryLocationLineHash: 'x' } }] }] }),
      /results\[0\] has no ruleId and partialFingerprints\["plimsoll\/v1"\]/,
    ],
  ])('refuses %s, naming the file', (_name, text, message) => {
    const e = inputError(() => parseBaseline(text, 'old/report.json'));
    expect(e.source).toBe('old/report.json');
    expect(e.message).toMatch(/^baseline: /);
    expect(e.message).toMatch(message);
  });

  it('says on which line broken JSON breaks', () => {
    const e = inputError(() => parseBaseline('{\n  "schemaVersion": "1.0",\n  "findings": [,]\n}\n', 'b.json'));
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThan(1);
  });

  it('a missing file or a folder is an input error naming it', async () => {
    const root = sandbox({ 'dir/x': '' });
    await expect(readBaseline('nope.json', root)).rejects.toMatchObject({ detail: { source: 'nope.json', message: 'baseline: no such file' } });
    await expect(readBaseline('dir', root)).rejects.toMatchObject({ detail: { source: 'dir', message: expect.stringMatching(/folder/) } });
  });

  it('marks findings new or unchanged by rule and fingerprint, never by line', () => {
    const f = (ruleId: string, fingerprint: string, line: number, suppressed = false): Finding => ({
      ruleId,
      ruleName: 'x',
      aliases: [],
      level: 'error',
      tags: [],
      messageId: 'm',
      message: 'm',
      location: { kind: 'file', file: 'Dockerfile', range: { start: { line, column: 1 }, end: { line, column: 2 } } },
      fingerprint,
      suppressed: suppressed ? { kind: 'inline' } : undefined,
    });
    const findings = [f('DF001', 'aaa', 40), f('DF041', 'aaa', 2), f('DF041', 'bbb', 7), f('DF009', 'zzz', 1, true)];
    const counts = applyBaseline(findings, parseBaseline(JSON_REPORT, 'b.json'));
    expect(findings.map((x) => x.baselineState)).toEqual(['unchanged', 'new', 'unchanged', 'new']);
    expect(counts).toEqual({ new: 1, unchanged: 2 });
  });
});

const BEFORE = lines('FROM debian:12.5', 'WORKDIR app', 'RUN curl -fsSL https://example.com/x | tar -xz');
/** The same two problems, moved (new lines above, order swapped), and one new problem. */
const AFTER_MOVED = lines('FROM debian:12.5', '', '# build steps', 'RUN curl -fsSL https://example.com/x | tar -xz', 'WORKDIR app');
const AFTER_NEW = lines('FROM debian:12.5', '', '# build steps', 'RUN curl -fsSL https://example.com/x | tar -xz', 'WORKDIR app', 'WORKDIR logs');

describe.each(['json', 'sarif'] as const)('plimsoll lint --baseline (a %s report)', (format) => {
  async function baselineFor(root: string): Promise<string> {
    const r = await runCli(['lint', 'Dockerfile', '-f', format, '-o', `base.${format}`], { cwd: root });
    expect(r.code).toBe(1);
    return `base.${format}`;
  }

  it('lines moved, nothing new: every finding is unchanged and the run passes', async () => {
    const root = sandbox({ Dockerfile: BEFORE });
    const base = await baselineFor(root);
    writeFileSync(join(root, 'Dockerfile'), AFTER_MOVED);
    const r = await runCli(['lint', 'Dockerfile', '--baseline', base, '-f', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.baseline).toEqual({ file: base });
    expect(report.findings.map((f: Finding) => [f.ruleId, f.location.kind === 'file' && f.location.range.start.line, f.baselineState])).toEqual([
      ['DF041', 4, 'unchanged'],
      ['DF001', 5, 'unchanged'],
    ]);
    expect(report.summary).toMatchObject({ active: 0, new: 0, unchanged: 2 });
  });

  it('one new problem: only it fails the run, and every report marks it', async () => {
    const root = sandbox({ Dockerfile: BEFORE });
    const base = await baselineFor(root);
    writeFileSync(join(root, 'Dockerfile'), AFTER_NEW);
    const json = await runCli(['lint', 'Dockerfile', '--baseline', base, '-f', 'json'], { cwd: root });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    const active = report.findings.filter((f: Finding) => f.baselineState === 'new');
    expect(active.map((f: Finding) => [f.ruleId, f.location.kind === 'file' && f.location.range.start.line])).toEqual([['DF001', 6]]);
    expect(report.summary).toMatchObject({ active: 1, new: 1, unchanged: 2 });

    const table = await runCli(['lint', 'Dockerfile', '--baseline', base], { cwd: root });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/6:9 +error .*DF001 workdir-relative \(new\)/);
    expect(table.stdout).toMatch(/5:9 +error .*DF001 workdir-relative \(in baseline\)/);
    expect(table.stdout).toContain('1 new since the baseline');

    const sarif = await runCli(['lint', 'Dockerfile', '--baseline', base, '-f', 'sarif'], { cwd: root });
    const results = JSON.parse(sarif.stdout).runs[0].results;
    expect(results.map((r: { ruleId: string; baselineState: string }) => `${r.ruleId} ${r.baselineState}`).sort()).toEqual(['DF001 new', 'DF001 unchanged', 'DF041 unchanged']);

    const md = await runCli(['lint', 'Dockerfile', '--baseline', base, '-f', 'markdown'], { cwd: root });
    expect(md.stdout).toContain('new since baseline');
    expect(md.stdout).toContain('🆕');
    expect(md.stdout).toContain('2 findings already in the baseline');
  });

  it('the baseline may come from the same command with another format than the report', async () => {
    const root = sandbox({ Dockerfile: BEFORE });
    const base = await baselineFor(root);
    const r = await runCli(['lint', 'Dockerfile', '--baseline', base, '-f', format === 'json' ? 'sarif' : 'json'], { cwd: root });
    expect(r.code).toBe(0);
  });
});

describe('plimsoll lint --baseline: bad baselines', () => {
  it('exits 2 naming the file (and line) without linting', async () => {
    const root = sandbox({ Dockerfile: BEFORE, 'bad.json': '{\n  "findings": [\n' });
    const r = await runCli(['lint', 'Dockerfile', '--baseline', 'bad.json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plimsoll: bad\.json:3:\d+: baseline: not JSON/);
    expect(r.stdout).toBe('');
    const missing = await runCli(['lint', 'Dockerfile', '--baseline', 'none.sarif'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('plimsoll: none.sarif: baseline: no such file\n');
  });

  it('a hadolint JSON report is not a baseline', async () => {
    const root = sandbox({ Dockerfile: BEFORE, 'hadolint.json': '[{"code":"DL3000","line":2}]' });
    const r = await runCli(['lint', 'Dockerfile', '--baseline', 'hadolint.json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hadolint.json: baseline: expected a JSON object');
  });
});

const DEMO = shared('images', 'buildah', 'waste-demo.docker.tar');
const haveDemo = existsSync(DEMO);
if (!haveDemo) console.warn(`skipping plimsoll image --baseline tests: ${DEMO} is missing`);

describe.skipIf(!haveDemo)('plimsoll image --baseline', () => {
  it('the same image against its own report: every finding unchanged, exit 0; SARIF says so', async () => {
    const root = sandbox({});
    const first = await runCli(['image', DEMO, '-f', 'sarif', '-o', 'image.sarif'], { cwd: root });
    expect(first.code).toBe(1);
    const again = await runCli(['image', DEMO, '--baseline', 'image.sarif', '-f', 'json'], { cwd: root });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.findings.length).toBeGreaterThan(3);
    expect(report.findings.every((f: Finding) => f.baselineState === 'unchanged')).toBe(true);
    expect(report.summary.new).toBe(0);
  });

  it('a baseline from before a rule was turned on: that rule\'s findings are new', async () => {
    const root = sandbox({});
    const first = await runCli(['image', DEMO, '-f', 'json', '-o', 'image.json', '--ignore', 'SZ001'], { cwd: root });
    expect(JSON.parse(readFileSync(join(root, 'image.json'), 'utf8')).findings.some((f: Finding) => f.ruleId === 'SZ001')).toBe(false);
    expect(first.code).toBe(1);
    const again = await runCli(['image', DEMO, '--baseline', 'image.json', '-f', 'json'], { cwd: root });
    expect(again.code).toBe(1);
    const fresh = JSON.parse(again.stdout).findings.filter((f: Finding) => f.baselineState === 'new');
    expect(fresh.length).toBeGreaterThan(0);
    expect(new Set(fresh.map((f: Finding) => f.ruleId))).toEqual(new Set(['SZ001']));
  });
});
