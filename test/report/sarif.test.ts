import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { automationId, buildSarif, pascalCase } from '../../src/report/sarif.js';
import { cleanInput, finding, makeFixture } from './fixture.js';

const ROOT = join(import.meta.dirname, '..', '..');

function run(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
}

describe('SARIF: log, run and tool', () => {
  const { input, root } = makeFixture();
  const log = buildSarif(input);
  const r = run(log);

  it('has the schema, version and one run', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
  });

  it('describes the tool with every rule plimsoll knows, not only those that fired', () => {
    const d = r.tool.driver;
    expect(d.name).toBe('plimsoll');
    expect(d.version).toBe('0.1.0');
    expect(d.semanticVersion).toBe('0.1.0');
    expect(d.informationUri).toBe('https://github.com/plimsoll-dev/plimsoll');
    expect(d.rules!.map((x) => x.id)).toEqual(input.rules.map((x) => x.id));
    for (const rule of d.rules!) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.shortDescription!.text.length).toBeGreaterThan(0);
      expect(rule.shortDescription!.text.length).toBeLessThanOrEqual(1024);
      expect(rule.fullDescription!.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help!.text).toContain(rule.helpUri!);
      expect(rule.help!.markdown).toContain(`(${rule.helpUri})`);
      expect(rule.properties!.tags!.length).toBeLessThanOrEqual(20);
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties!.precision);
    }
  });

  it('reads help.markdown from the rule page in rules-docs', () => {
    const df001 = r.tool.driver.rules!.find((x) => x.id === 'DF001')!;
    expect(df001.name).toBe('WorkdirRelative');
    expect(df001.help!.markdown).toContain('## What it checks');
    expect(df001.helpUri).toBe('https://github.com/plimsoll-dev/plimsoll/blob/main/rules-docs/DF001-workdir-relative.md');
  });

  it('gives security rules a security tag and a string security-severity, keeping `security` when tags are cut', () => {
    const im = r.tool.driver.rules!.find((x) => x.id === 'IM901')!;
    expect(im.properties!['security-severity']).toBe('9.1');
    expect(im.properties!.tags).toContain('security');
    const fs = r.tool.driver.rules!.find((x) => x.id === 'FS901')!;
    expect(fs.properties!.tags).toHaveLength(20);
    expect(fs.properties!.tags![0]).toBe('security');
    expect(fs.properties!['security-severity']).toBe('7.5');
    const df001 = r.tool.driver.rules!.find((x) => x.id === 'DF001')!;
    expect(df001.properties!['security-severity']).toBeUndefined();
    expect(df001.properties!['problem.severity']).toBe('error');
  });

  it('marks opt-in rules enabled: false with the level they take when turned on', () => {
    const off = r.tool.driver.rules!.find((x) => x.id === 'SZ901')!;
    expect(off.defaultConfiguration).toEqual({ enabled: false, level: 'note' });
    const on = r.tool.driver.rules!.find((x) => x.id === 'DF001')!;
    expect(on.defaultConfiguration).toEqual({ level: 'error' });
  });

  it('anchors paths at the repository root, with UTF-16 columns and a stable lint category', () => {
    expect(r.originalUriBaseIds!['%SRCROOT%'].uri).toBe(`file://${root}/`);
    expect(r.columnKind).toBe('utf16CodeUnits');
    expect(r.automationDetails!.id).toBe('plimsoll/lint/');
  });

  it('reports input errors as failed execution with notifications that point at the file and line', () => {
    const inv = r.invocations![0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.exitCode).toBe(2);
    expect(inv.workingDirectory!.uri).toBe(`file://${root}/`);
    const notes = inv.toolExecutionNotifications!;
    expect(notes).toHaveLength(3);
    expect(notes[0].level).toBe('error');
    expect(notes[0].message.text).toContain('app/Dockerfile:4:2: unknown instruction');
    expect(notes[0].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%' });
    expect(notes[0].locations![0].physicalLocation!.region).toEqual({ startLine: 4, startColumn: 2 });
    expect(notes[1].message.text).toContain('layer sha256:cd, /usr/lib/x.so');
    expect(notes[1].properties).toEqual({ layer: 'sha256:cd', path: '/usr/lib/x.so' });
  });

  it('succeeds without errors, and carries the commit when the CI environment names it', () => {
    const clean = run(buildSarif(cleanInput(root), { env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc123', GITHUB_REF: 'refs/pull/1/merge' } }));
    expect(clean.invocations![0].executionSuccessful).toBe(true);
    expect(clean.invocations![0].toolExecutionNotifications).toBeUndefined();
    expect(clean.results).toEqual([]);
    expect(clean.versionControlProvenance).toEqual([
      { repositoryUri: 'https://github.com/o/r', revisionId: 'abc123', branch: 'refs/pull/1/merge', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
  });
});

describe('SARIF: results', () => {
  const { input } = makeFixture();
  const r = run(buildSarif(input));
  const results = r.results!;

  it('has one result per finding, pointing at its rule', () => {
    expect(results).toHaveLength(input.findings.length);
    for (const res of results) expect(r.tool.driver.rules![res.ruleIndex!].id).toBe(res.ruleId);
  });

  it('gives file findings a repository-relative location with the exact region', () => {
    const res = results[0];
    expect(res.level).toBe('error');
    expect(res.message.text).toBe('WORKDIR "app" is relative; use an absolute path such as "/app".\nFix: WORKDIR /app');
    expect(res.locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 12 },
    });
    expect(res.partialFingerprints).toEqual({ 'plimsoll/v1': input.findings[0].fingerprint });
    expect(res.baselineState).toBe('new');
  });

  it('keeps hostile message text as text (JSON escapes it)', () => {
    expect(results[1].message.text).toMatch(/^Bad \| pipe <script>/);
    expect(results[1].baselineState).toBe('unchanged');
  });

  it('marks suppressed findings: inSource for comments, external for config', () => {
    expect(results[3].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'the base image sets WORKDIR on purpose' }]);
    expect(results[4].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'suppressed (config)' }]);
    expect(results[0].suppressions).toBeUndefined();
  });

  it('files a registry image finding under a stable stand-in path without tag and without a URI scheme', () => {
    const res = results[5];
    const loc = res.locations![0].physicalLocation!;
    expect(loc.artifactLocation).toEqual({ uri: '.plimsoll/images/docker.io/library/nginx', uriBaseId: '%SRCROOT%' });
    expect(loc.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(res.message.text).toBe('The image runs as root. In image nginx:1.25, config config.User.');
    expect(res.properties).toMatchObject({ image: 'nginx:1.25', configKey: 'config.User' });
    // upload-sarif cannot hash a file that does not exist: we give code scanning our identity.
    expect(res.partialFingerprints!.primaryLocationLineHash).toBe(`${input.findings[5].fingerprint}:1`);
  });

  it('files a local archive finding under the archive path, with layer and path in message and properties', () => {
    const res = results[6];
    expect(res.locations![0].physicalLocation!.artifactLocation!.uri).toBe('images/app.tar');
    expect(res.message.text).toContain('In image images/app.tar, layer 2 (sha256:abababababab, RUN /bin/sh -c apt-get install -y openssh-client # buildkit), path /root/.ssh/id_rsa.');
    expect(res.properties).toMatchObject({ image: 'images/app.tar', path: '/root/.ssh/id_rsa', layer: { index: 2 }, facts: { bytes: 1679 } });
  });

  it('puts an image finding with a Dockerfile line on that line', () => {
    const res = results[7];
    expect(res.locations![0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 17 },
    });
    expect(res.locations![0].message!.text).toContain('path /etc/shadow');
    expect(res.partialFingerprints!.primaryLocationLineHash).toBeUndefined();
  });

  it('caps results at the limit, keeping the most severe, and says so', () => {
    const { input: big } = makeFixture();
    big.findings = Array.from({ length: 30 }, (_, i) =>
      finding({ ruleId: 'DF001', level: i % 3 === 0 ? 'error' : 'note', location: { kind: 'file', file: 'app/Dockerfile', range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } } } }),
    );
    const capped = run(buildSarif(big, { maxResults: 10 }));
    expect(capped.results).toHaveLength(10);
    expect(capped.results!.every((x) => x.level === 'error')).toBe(true);
    const note = capped.invocations![0].toolExecutionNotifications!.find((n) => n.descriptor?.id === 'plimsoll/results-capped');
    expect(note?.message.text).toContain('20 of 30 results were left out');
  });
});

describe('SARIF: paths', () => {
  it('makes paths relative to the repository root when plimsoll runs in a subfolder', () => {
    const { input, root } = makeFixture();
    const sub = { ...input, workingDirectory: join(root, 'app'), errors: [], findings: [finding({ ruleId: 'DF001', location: { kind: 'file', file: 'Dockerfile', range: { start: { line: 2, column: 9 }, end: { line: 2, column: 12 } } } })] };
    const r = run(buildSarif(sub));
    expect(r.results![0].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'app/Dockerfile', uriBaseId: '%SRCROOT%' });
    expect(r.originalUriBaseIds!['%SRCROOT%'].uri).toBe(`file://${root}/`);
    expect(r.invocations![0].workingDirectory!.uri).toBe(`file://${root}/app/`);
  });

  it('percent-encodes paths, and uses an absolute file URI outside the repository', () => {
    const { input, root } = makeFixture();
    const odd = { ...input, errors: [], findings: [
      finding({ ruleId: 'DF001', location: { kind: 'file', file: 'my app/Dockerfile#1', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } }),
      finding({ ruleId: 'DF001', location: { kind: 'file', file: '/opt/elsewhere/Dockerfile', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } }),
    ] };
    const [a, b] = run(buildSarif(odd)).results!;
    expect(a.locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'my%20app/Dockerfile%231', uriBaseId: '%SRCROOT%' });
    expect(b.locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'file:///opt/elsewhere/Dockerfile' });
    expect(root).not.toBe('/');
  });

  it('keeps regions valid even for a bad range', () => {
    const { input } = makeFixture();
    const bad = { ...input, errors: [], findings: [finding({ ruleId: 'DF001', location: { kind: 'file', file: 'app/Dockerfile', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } } }), finding({ ruleId: 'DF001', location: { kind: 'file', file: 'app/Dockerfile', range: { start: { line: 5, column: 9 }, end: { line: 5, column: 3 } } } })] };
    const [a, b] = run(buildSarif(bad)).results!;
    expect(a.locations![0].physicalLocation!.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(b.locations![0].physicalLocation!.region).toEqual({ startLine: 5, startColumn: 9, endLine: 5, endColumn: 9 });
  });

  it('gives help.text as plain text, keeping code lines whole', () => {
    const { input } = makeFixture();
    const df001 = run(buildSarif(input)).tool.driver.rules!.find((x) => x.id === 'DF001')!;
    expect(df001.help!.text).not.toContain('```');
    expect(df001.help!.text).not.toMatch(/^## /m);
    expect(df001.help!.text).toContain('    # plimsoll ignore=DF001');
  });
});

describe('SARIF: categories and names', () => {
  it('gives image runs a category per repository, without tag or digest', () => {
    const { input } = makeFixture();
    expect(automationId({ ...input, command: 'image', targets: ['nginx:1.25'] })).toBe('plimsoll/image/docker.io/library/nginx/');
    expect(automationId({ ...input, command: 'image', targets: ['ghcr.io/org/app@sha256:' + 'a'.repeat(64)] })).toBe('plimsoll/image/ghcr.io/org/app/');
    expect(automationId({ ...input, command: 'image', targets: ['localhost:5000/app:1'] })).toBe('plimsoll/image/localhost_5000/app/');
    expect(automationId({ ...input, command: 'image', targets: ['images/app.tar'] })).toBe('plimsoll/image/local/images/app.tar/');
    expect(automationId({ ...input, command: 'image', targets: ['docker-archive:images/app.tar'] })).toBe('plimsoll/image/local/images/app.tar/');
  });

  it('makes PascalCase names from kebab names', () => {
    expect(pascalCase('apt-get-unpinned')).toBe('AptGetUnpinned');
    expect(pascalCase('workdir-relative')).toBe('WorkdirRelative');
  });
});

describe('SARIF: fingerprints through the CLI', () => {
  it('keep partialFingerprints when unrelated lines are inserted above', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'plimsoll-fp-')));
    mkdirSync(join(dir, '.git'));
    const body = 'FROM debian:12\nWORKDIR app\nRUN curl -fsSL https://example.com/x | sh\n';
    const lint = async () => {
      let out = '';
      const code = await main(['lint', 'Dockerfile', '-f', 'sarif'], {
        stdout: (t) => (out += t),
        stderr: () => {},
        readStdin: async () => Buffer.alloc(0),
        cwd: dir,
        env: { HOME: dir },
        stdoutIsTTY: false,
        stderrIsTTY: false,
      });
      expect(code).toBe(1);
      return run(JSON.parse(out) as Sarif.Log).results!;
    };
    writeFileSync(join(dir, 'Dockerfile'), body);
    const before = await lint();
    // Comments and a blank line above FROM, and an unrelated LABEL between FROM and the findings.
    writeFileSync(join(dir, 'Dockerfile'), `# syntax notes\n# more notes\n\n${body}`.replace('FROM debian:12\n', 'FROM debian:12\nLABEL org.opencontainers.image.title=x\n'));
    const after = await lint();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const key = (x: Sarif.Result) => `${x.ruleId} ${x.partialFingerprints!['plimsoll/v1']}`;
    const lines = (rs: Sarif.Result[]) => rs.map((x) => x.locations![0].physicalLocation!.region!.startLine);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(lines(after)).not.toEqual(lines(before));
  });
});

const multitool = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
const haveValidator = process.platform === 'linux' && existsSync(multitool);
if (!haveValidator) console.warn(`SARIF validator tests skipped: ${multitool} is missing (npm install the devDependency @microsoft/sarif-multitool)`);

describe.skipIf(!haveValidator)("SARIF: Microsoft's validator with GitHub's rules", () => {
  it('finds no error and no warning on SARIF with every kind of location, suppression, baseline state and input error', () => {
    const { input, root } = makeFixture();
    const file = join(root, 'all.sarif');
    writeFileSync(file, `${JSON.stringify(buildSarif(input, { env: { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc123' } }), null, 2)}\n`);
    const res = spawnSync(join(ROOT, 'scripts', 'validate-sarif.sh'), [file], { encoding: 'utf8' });
    const summary = res.stdout.trim().split('\n').at(-1) ?? '';
    expect(res.stdout).toContain('matches the SARIF 2.1.0 schema');
    expect(summary, res.stdout + res.stderr).toMatch(/: 0 errors, 0 warnings, \d+ notes$/);
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });

  it('fails a file the schema rejects (the multitool alone says nothing about it)', () => {
    const { root } = makeFixture();
    const file = join(root, 'bad.sarif');
    const bad = buildSarif(cleanInput(root));
    (bad.runs[0] as unknown as { results: unknown[] }).results = [{ ruleId: 'DF001', level: 'bogus', message: { text: 'x' } }];
    writeFileSync(file, JSON.stringify(bad));
    const res = spawnSync(join(ROOT, 'scripts', 'validate-sarif.sh'), [file], { encoding: 'utf8' });
    expect(res.stdout).toContain('error SCHEMA /runs/0/results/0/level');
    expect(res.status).toBe(1);
  });
});

const sarifSchema = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
if (!existsSync(sarifSchema)) console.warn(`SARIF schema test skipped: ${sarifSchema} is missing (npm install the devDependency @microsoft/sarif-multitool)`);

describe.skipIf(!existsSync(sarifSchema))('SARIF: the JSON schema (ajv)', () => {
  it('accepts the fixture', () => {
    const { input, root } = makeFixture();
    const file = join(root, 'all.sarif');
    writeFileSync(file, JSON.stringify(buildSarif(input)));
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'sarif-schema-check.mjs'), file], { encoding: 'utf8' });
    expect(out).toContain('matches the SARIF 2.1.0 schema');
    expect(readFileSync(file, 'utf8')).not.toContain('docker://');
  });
});
