import { describe, expect, it } from 'vitest';
import { json, lines, ofRules, runCli, sandbox } from './helpers.js';

/** Lints one Dockerfile and returns the DF001/DF049 findings as `line rule [suppression kind]`. */
async function lint(text: string, args: string[] = [], files: Record<string, string> = {}) {
  const root = sandbox({ Dockerfile: text, ...files });
  const r = await runCli(['lint', 'Dockerfile', '-f', 'json', ...args], { cwd: root });
  const findings = ofRules(json(r).findings, 'DF001', 'DF049');
  return {
    r,
    findings,
    shown: findings.map((f) => `${f.location.range.start.line} ${f.ruleId}${f.suppressed ? ` [${f.suppressed.kind}]` : ''}`),
  };
}

describe('suppression comments, end to end', () => {
  it('# plimsoll ignore=ID -- reason suppresses the next instruction only, keeps the finding, and records the reason', async () => {
    const { r, findings, shown } = await lint(lines('FROM debian:12', '# plimsoll ignore=DF001 -- the base image sets it', 'WORKDIR app', 'WORKDIR other'));
    expect(shown).toEqual(['3 DF001 [inline]', '4 DF001']);
    expect(findings[0].suppressed?.justification).toBe('the base image sets it');
    expect(r.code).toBe(1);
  });

  it('a suppressed finding does not fail the run', async () => {
    const { r, shown } = await lint(lines('FROM debian:12', '# plimsoll ignore=DF001', 'WORKDIR app'));
    expect(shown).toEqual(['3 DF001 [inline]']);
    expect(r.code).toBe(0);
  });

  it.each([['workdir-relative'], ['DL3000'], ['df001'], ['DF041, DF001']])('the rule may be named %s', async (key) => {
    const { shown } = await lint(lines('FROM debian:12', `# plimsoll ignore=${key}`, 'WORKDIR app'));
    expect(shown).toEqual(['3 DF001 [inline]']);
  });

  it('global: the whole file, wherever the comment is (line 1 included)', async () => {
    expect((await lint(lines('# plimsoll global ignore=DF001', 'FROM debian:12', 'WORKDIR a', 'FROM debian:12', 'WORKDIR b'))).shown).toEqual([
      '3 DF001 [file]',
      '5 DF001 [file]',
    ]);
    expect((await lint(lines('FROM debian:12', 'WORKDIR a', '# plimsoll global ignore=DF001'))).shown).toEqual(['2 DF001 [file]']);
  });

  it('stage: the stage whose FROM comes next, not the others', async () => {
    const { shown } = await lint(lines('FROM debian:12 AS build', 'WORKDIR a', '# plimsoll stage ignore=DF001 -- scratch stage', 'FROM debian:12', 'WORKDIR b', 'WORKDIR c'));
    expect(shown).toEqual(['2 DF001', '5 DF001 [stage]', '6 DF001 [stage]']);
  });

  it("hadolint's pragmas work through the aliases, at the top of the file too", async () => {
    expect((await lint(lines('FROM debian:12', '# hadolint ignore=DL3000', 'WORKDIR app'))).shown).toEqual(['3 DF001 [inline]']);
    expect((await lint(lines('# hadolint global ignore=DL3000', 'FROM debian:12', 'WORKDIR app'))).shown).toEqual(['3 DF001 [file]']);
    expect((await lint(lines('FROM debian:12 AS a', '# hadolint stage ignore=DL3000', 'FROM debian:12', 'WORKDIR app'))).shown).toEqual(['4 DF001 [stage]']);
  });

  it('ShellCheck codes in a hadolint pragma are accepted quietly beside DL codes', async () => {
    const { shown, r } = await lint(lines('FROM debian:12', '# hadolint ignore=SC2086,DL3000', 'WORKDIR app'));
    expect(shown).toEqual(['3 DF001 [inline]']);
    expect(r.stderr).toBe('');
  });

  it('an unknown rule in a suppression is a DF049 note pointing at the word, and the known keys still apply', async () => {
    const { shown, findings, r } = await lint(lines('FROM debian:12', '# plimsoll ignore=DF0O1, DF001', 'WORKDIR app'));
    expect(shown).toEqual(['2 DF049', '3 DF001 [inline]']);
    expect(findings[0].location.range.start.column).toBe(19);
    expect(findings[0].level).toBe('note');
    expect(r.code).toBe(0);
  });

  it('--no-inline-ignores: suppression comments are not honoured', async () => {
    const { shown, r } = await lint(lines('FROM debian:12', '# plimsoll ignore=DF001', 'WORKDIR app'), ['--no-inline-ignores']);
    expect(shown).toEqual(['3 DF001']);
    expect(r.code).toBe(1);
  });

  it('inlineIgnores: false in .plimsoll.yaml does the same', async () => {
    const { shown } = await lint(lines('FROM debian:12', '# plimsoll ignore=DF001', 'WORKDIR app'), [], { '.plimsoll.yaml': 'inlineIgnores: false\n' });
    expect(shown).toEqual(['3 DF001']);
  });

  it('disable-ignore-pragma: true in a .hadolint.yaml does the same', async () => {
    const { shown } = await lint(lines('FROM debian:12', '# hadolint ignore=DL3000', 'WORKDIR app'), [], { '.hadolint.yaml': 'disable-ignore-pragma: true\n' });
    expect(shown).toEqual(['3 DF001']);
  });

  it('the table counts suppressed findings', async () => {
    const root = sandbox({ Dockerfile: lines('FROM debian:12', '# plimsoll ignore=DF001', 'WORKDIR app') });
    const r = await runCli(['lint', '--rule', 'DF049=off'], { cwd: root });
    expect(r.stdout).toMatch(/1 suppressed/);
  });
});
