import { describe, expect, it } from 'vitest';
import co001 from '../../../src/rules/compose/CO001-privileged.js';
import co002 from '../../../src/rules/compose/CO002-dangerous-capability.js';
import { presetView } from '../../../src/rules/config-view.js';
import { lintComposeModel } from '../../../src/rules/compose/run.js';
import type { ComposeRule } from '../../../src/rules/compose/types.js';
import { composeModel, yaml } from './harness.js';

function lint(text: string, rules: ComposeRule[] = [co001, co002], files?: Record<string, string>) {
  return lintComposeModel(composeModel(text, { files }), rules, presetView());
}

describe('compose rule runner', () => {
  it('keeps fingerprints when unrelated lines move', () => {
    const a = lint(yaml('services:', '  web:', '    privileged: true', '    cap_add: [SYS_ADMIN]'));
    const b = lint(yaml('# a comment', 'services:', '  db:', '    image: postgres:16', '  web:', '    image: nginx:1', '    cap_add: [SYS_ADMIN]', '    privileged: true'));
    expect(a.findings.map((f) => f.fingerprint).sort()).toEqual(b.findings.map((f) => f.fingerprint).sort());
  });

  it('gives each service its own fingerprint, even for one anchor', () => {
    const r = lint(yaml('x-p: &p', '  privileged: true', 'services:', '  a:', '    <<: *p', '  b:', '    <<: *p'));
    expect(r.findings).toHaveLength(2);
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('gives two capabilities on one line their own fingerprints', () => {
    const r = lint(yaml('services:', '  web:', '    cap_add: [SYS_ADMIN, SYS_MODULE]'), [co002]);
    expect(new Set(r.findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('puts the service in facts and the level from the config', () => {
    const r = lintComposeModel(composeModel(yaml('services:', '  web:', '    privileged: true')), [co001], presetView({ levels: { CO001: 'warning' } }));
    expect(r.findings[0]).toMatchObject({ ruleId: 'CO001', ruleName: 'privileged', level: 'warning', tags: ['security'], facts: { service: 'web' } });
  });

  it('skips rules that are off', () => {
    const r = lintComposeModel(composeModel(yaml('services:', '  web:', '    privileged: true')), [co001], presetView({ levels: { CO001: 'off' } }));
    expect(r.findings).toEqual([]);
  });

  it('keeps suppressed findings, marked, with the justification', () => {
    const r = lint(yaml('services:', '  web:', '    # plimsoll ignore=CO001 -- loads the WireGuard module', '    privileged: true'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].suppressed).toEqual({ kind: 'inline', justification: 'loads the WireGuard module' });
  });

  it('honours suppressions in an extended file, and above the extends key', () => {
    const base = yaml('services:', '  caps:', '    # plimsoll ignore=CO002 -- reviewed', '    cap_add: [SYS_ADMIN]', '  priv:', '    privileged: true');
    const r = lint(
      yaml('services:', '  one:', '    extends: {file: base.yml, service: caps}', '  two:', '    # plimsoll ignore=CO001', '    extends: {file: base.yml, service: priv}'),
      [co001, co002],
      { 'base.yml': base },
    );
    expect(r.findings.map((f) => [f.ruleId, f.location.kind === 'file' && f.location.range.start.line, f.location.kind === 'file' && f.location.file, f.suppressed?.kind])).toEqual([
      ['CO002', 4, 'base.yml', 'inline'],
      ['CO001', 6, 'base.yml', 'inline'],
    ]);
  });

  it('does not let a comment above the first service cover the others', () => {
    const r = lint(yaml('services:', '  # plimsoll ignore=CO001', '  a:', '    privileged: true', '  b:', '    privileged: true'), [co001]);
    expect(r.findings.map((f) => [f.message.includes('"a"'), !!f.suppressed])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('reports a rule that throws as an internal error, and runs the others', () => {
    const broken: ComposeRule = { meta: { ...co001.meta, id: 'CO999', name: 'broken' }, check: () => { throw new Error('boom'); } };
    const r = lint(yaml('services:', '  web:', '    privileged: true'), [broken, co001]);
    expect(r.internalErrors).toEqual([expect.objectContaining({ source: 'compose.yaml', message: expect.stringContaining('internal error in rule CO999') })]);
    expect(r.findings).toHaveLength(1);
  });
});
