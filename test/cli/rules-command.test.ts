import { describe, expect, it } from 'vitest';
import { presetLevel } from '../../src/rules/config-view.js';
import { allRuleMetas } from '../../src/rules/registry.js';
import { runCli, sandbox } from './helpers.js';

describe('plimsoll rules', () => {
  it('lists every rule with level, aliases and tags', async () => {
    const r = await runCli(['rules'], { cwd: sandbox({}) });
    expect(r.code).toBe(0);
    for (const m of allRuleMetas()) expect(r.stdout).toContain(m.id);
    expect(r.stdout).toMatch(/│ id\s+│ name\s+│ level\s+│ aliases\s+│ tags\s+│ description/);
    expect(r.stdout).toMatch(/DF001 │ workdir-relative\s+│ error\s+│ DL3000/);
    expect(r.stdout).toContain(`${allRuleMetas().length} rules in the recommended preset`);
  });

  it('-f json: every rule with its level and documentation link', async () => {
    const r = await runCli(['rules', '-f', 'json'], { cwd: sandbox({}) });
    const rules = JSON.parse(r.stdout) as { id: string; level: string; helpUri: string; aliases: string[]; tags: string[] }[];
    expect(rules.map((x) => x.id)).toEqual(allRuleMetas().map((m) => m.id));
    expect(rules.find((x) => x.id === 'DF001')).toMatchObject({ level: 'error', aliases: ['DL3000'], helpUri: expect.stringMatching(/rules-docs\/DF001-workdir-relative\.md$/) });
  });

  it('--preset strict shows the strict levels', async () => {
    const r = await runCli(['rules', '--preset', 'strict', '-f', 'json'], { cwd: sandbox({}) });
    const rules = JSON.parse(r.stdout) as { id: string; level: string }[];
    for (const m of allRuleMetas()) expect(rules.find((x) => x.id === m.id)?.level).toBe(presetLevel(m, 'strict'));
    expect((await runCli(['rules', '--preset', 'strict'], { cwd: sandbox({}) })).stdout).toContain('in the strict preset');
  });

  it('--config shows the levels after a config file', async () => {
    const root = sandbox({ 'p.yaml': 'rules: { DF001: off }\n' });
    const rules = JSON.parse((await runCli(['rules', '--config', 'p.yaml', '-f', 'json'], { cwd: root })).stdout) as { id: string; level: string }[];
    expect(rules.find((x) => x.id === 'DF001')?.level).toBe('off');
  });

  it('ID, name or alias prints the documentation page', async () => {
    for (const key of ['DF001', 'workdir-relative', 'DL3000', 'dl3000']) {
      const r = await runCli(['rules', key], { cwd: sandbox({}) });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^# DF001 workdir-relative/);
      expect(r.stdout).toContain('## Suppress');
    }
  });

  it('an unknown rule: exit 2 with a suggestion', async () => {
    const r = await runCli(['rules', 'workdir-relativ'], { cwd: sandbox({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('plimsoll: rules workdir-relativ: unknown rule (did you mean "workdir-relative"?); run `plimsoll rules` for the list\n');
  });

  it('a bad format: exit 2', async () => {
    expect((await runCli(['rules', '-f', 'sarif'], { cwd: sandbox({}) })).code).toBe(2);
  });
});

describe('--help', () => {
  it.each([['lint'], ['rules']])('plimsoll %s --help shows examples', async (cmd) => {
    const r = await runCli([cmd, '--help'], { cwd: sandbox({}) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`plimsoll ${cmd}`);
  });

  it('every command has examples in its help', async () => {
    const top = await runCli(['--help'], { cwd: sandbox({}) });
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b.*$/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toContain('lint');
    for (const c of commands) {
      const r = await runCli([c, '--help'], { cwd: sandbox({}) });
      expect(r.stdout, `plimsoll ${c} --help`).toContain('Examples:');
    }
  });

  it('lint --help lists every option of the brief', async () => {
    const r = await runCli(['lint', '--help'], { cwd: sandbox({}) });
    for (const o of ['--format', '--output', '--config', '--fail-on', '--exclude', '--no-inline-ignores', '--ignore', '--rule', '--preset', '--trusted-registry']) {
      expect(r.stdout).toContain(o);
    }
  });
});
