import { describe, expect, it } from 'vitest';
import { json, lines, ofRules, runCli, sandbox, TWO_FINDINGS } from './helpers.js';

describe('config through the command line', () => {
  it('a bad .plimsoll.yaml: every problem with file:line:column and key path, exit 2, no report', async () => {
    const root = sandbox({
      Dockerfile: TWO_FINDINGS,
      '.plimsoll.yaml': lines('extends: recommended', 'rules:', '  DF001: off', '  DF999: error', 'failOn: warnings'),
    });
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'plimsoll: .plimsoll.yaml:4:3: rules.DF999: unknown rule; run `plimsoll rules` for the list',
      'plimsoll: .plimsoll.yaml:5:1: failOn: "warnings" is not allowed (did you mean "warning"?); expected one of "error", "warning", "note", "none"',
      '',
    ]);
  });

  it('bad YAML: line and column', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.plimsoll.yaml': 'rules:\n  DF001: [off\n' });
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plimsoll: \.plimsoll\.yaml:\d+:\d+: bad YAML: /);
  });

  it('the config path is shown relative to the working directory', async () => {
    const root = sandbox({ 'svc/Dockerfile': TWO_FINDINGS, '.plimsoll.yaml': 'bogus: 1\n' });
    const r = await runCli(['lint', 'Dockerfile'], { cwd: `${root}/svc` });
    expect(r.stderr).toMatch(/^plimsoll: \.\.\/\.plimsoll\.yaml:1:1: bogus: unknown key/);
  });

  it('a config turns rules off and sets failOn; the exit code follows', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.plimsoll.yaml': 'rules:\n  DF001: off\nfailOn: error\n' });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(ofRules(json(r).findings, 'DF001')).toEqual([]);
    expect(json(r).failOn).toBe('error');
    expect(r.code).toBe(json(r).findings.some((f) => f.level === 'error' && !f.suppressed) ? 1 : 0);
  });

  it('each file gets the config nearest to it', async () => {
    const root = sandbox({
      'a/Dockerfile': TWO_FINDINGS,
      'a/.plimsoll.yaml': 'rules: { DF001: off }\n',
      'b/Dockerfile': TWO_FINDINGS,
    });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(ofRules(json(r).findings, 'DF001').map((f) => f.location.file)).toEqual(['b/Dockerfile']);
  });

  it('failOn is per config: a finding fails the run only if it reaches its own file\'s failOn', async () => {
    const warnOnly = lines('FROM debian:12.5', 'RUN curl -fsSL https://example.com/x | tar -xz');
    const root = sandbox({
      'strict/Dockerfile': warnOnly,
      'lax/Dockerfile': warnOnly,
      'lax/.plimsoll.yaml': 'failOn: error\n',
      '.plimsoll.yaml': 'failOn: warning\n',
    });
    const onlyLax = await runCli(['lint', 'lax', '--rule', 'DF049=off'], { cwd: root });
    const both = await runCli(['lint', '.', '--rule', 'DF049=off'], { cwd: root });
    expect(both.code).toBe(1);
    // `lax` alone fails only if some rule reports an error there.
    const laxFindings = json(await runCli(['lint', 'lax', '-f', 'json'], { cwd: root })).findings;
    expect(onlyLax.code).toBe(laxFindings.some((f) => f.level === 'error' && !f.suppressed) ? 1 : 0);
  });

  it('--config FILE instead of the search', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.plimsoll.yaml': 'rules: { DF001: off }\n', 'ci/plimsoll.yaml': 'rules: { DF001: note }\n' });
    const r = await runCli(['lint', '-f', 'json', '--config', 'ci/plimsoll.yaml'], { cwd: root });
    expect(ofRules(json(r).findings, 'DF001').map((f) => f.level)).toEqual(['note']);
    const missing = await runCli(['lint', '--config', 'ci/nope.yaml'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('plimsoll: ci/nope.yaml: cannot read the config file (no such file)\n');
  });

  it('a .hadolint.yaml is honoured when there is no .plimsoll.yaml, with notes on stderr', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.hadolint.yaml': 'ignored: [DL3000]\nlabel-schema:\n  owner: text\n' });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(ofRules(json(r).findings, 'DF001')).toEqual([]);
    expect(r.stderr).toMatch(/^plimsoll: note: \.hadolint\.yaml:2:1: label-schema is not honoured/);
  });

  it('--ignore, --rule, --preset, --trusted-registry, --fail-on', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const ignored = await runCli(['lint', '-f', 'json', '--ignore', 'DL3000'], { cwd: root });
    expect(ofRules(json(ignored).findings, 'DF001')).toEqual([]);
    const relevelled = await runCli(['lint', '-f', 'json', '--rule', 'DF001=note', '--rule', 'pipe-without-pipefail=off'], { cwd: root });
    expect(ofRules(json(relevelled).findings, 'DF001', 'DF041').map((f) => `${f.ruleId} ${f.level}`)).toEqual(['DF001 note']);
    const strict = await runCli(['lint', '-f', 'json', '--preset', 'strict'], { cwd: root });
    expect(strict.code).toBe(1);
    const trusted = await runCli(['lint', '-f', 'json', '--trusted-registry', 'docker.io', '--trusted-registry', '*.gcr.io'], { cwd: root });
    expect(trusted.code).not.toBe(2);
    const none = await runCli(['lint', '--fail-on', 'none'], { cwd: root });
    expect(none.code).toBe(0);
  });

  it('bad flags: exit 2 with the reason', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    expect(await runCli(['lint', '--rule', 'DF999=off'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('--rule DF999=off: DF999: unknown rule') });
    expect(await runCli(['lint', '--ignore', 'nope'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('--ignore nope: unknown rule') });
    expect(await runCli(['lint', '--preset', 'lenient'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining("'lenient' is invalid") });
    expect(await runCli(['lint', '--fail-on', 'fatal'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining("'fatal' is invalid") });
    expect(await runCli(['lint', '--bogus'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--bogus'") });
    expect(await runCli(['lint', '--jobs', '0'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('expected a whole number, 1 or more') });
  });

  it('the image: section is parsed for plimsoll image, and checked here too', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS, '.plimsoll.yaml': 'image:\n  maxSize: 12 parsecs\n' });
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.plimsoll.yaml:2:3: image.maxSize: expected a number of bytes');
  });
});
