/**
 * A rule that throws is a bug in plimsoll: the run says so (exit 2) without a stack trace unless
 * --debug, and still lints the other files with the other rules.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/rules/registry.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/rules/registry.js')>();
  const df001 = real.dockerfileRules.find((r) => r.meta.id === 'DF001')!;
  const broken = {
    meta: { ...df001.meta, id: 'DF998', name: 'always-throws', aliases: [] },
    check: (df: { path: string }) => {
      if (df.path.includes('boom')) throw new TypeError('cannot read properties of undefined');
    },
  };
  return { ...real, dockerfileRules: [...real.dockerfileRules, broken] };
});

const { json, runCli, sandbox, TWO_FINDINGS } = await import('./helpers.js');

describe('internal errors', () => {
  it('are reported by rule and file, exit 2, and never hide the other findings', async () => {
    const root = sandbox({ 'boom/Dockerfile': TWO_FINDINGS, 'ok/Dockerfile': TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root, rules: 'all' });
    expect(r.code).toBe(2);
    const report = json(r);
    expect(report.errors).toEqual([
      { source: 'boom/Dockerfile', message: 'internal error in rule DF998 (always-throws): TypeError: cannot read properties of undefined (run with --debug for the stack trace)' },
    ]);
    expect(new Set(report.findings.filter((f) => f.ruleId === 'DF001').map((f) => f.location.file))).toEqual(new Set(['boom/Dockerfile', 'ok/Dockerfile']));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--debug keeps the stack trace', async () => {
    const root = sandbox({ 'boom/Dockerfile': TWO_FINDINGS });
    const r = await runCli(['--debug', 'lint', '-f', 'json'], { cwd: root, rules: 'all' });
    expect(json(r).errors[0].message).toMatch(/\n\s+at /);
  });
});
