import { describe, expect, it } from 'vitest';
import { discoverTargets, isComposeName, isDockerfileName } from '../../src/util/discover.js';
import { CLEAN, json, runCli, sandbox, TWO_FINDINGS } from './helpers.js';

describe('Dockerfile names', () => {
  it.each(['Dockerfile', 'dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.dev', 'Dockerfile.prod.j2', 'web.containerfile', 'Containerfile.alpine'])(
    '%s is a Dockerfile',
    (name) => expect(isDockerfileName(name)).toBe(true),
  );
  it.each(['Dockerfile.dockerignore', '.dockerignore', 'README.md', 'dockerfiles', 'Makefile', 'docker-compose.yml'])('%s is not', (name) =>
    expect(isDockerfileName(name)).toBe(false),
  );
  it.each(['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.prod.yaml', 'web.compose.yml'])('%s is a compose file', (name) =>
    expect(isComposeName(name)).toBe(true),
  );
});

describe('discovery', () => {
  const tree = {
    'Dockerfile': CLEAN,
    'services/api/Dockerfile': CLEAN,
    'services/api/Dockerfile.dev': CLEAN,
    'services/web/web.Dockerfile': CLEAN,
    'services/web/Containerfile': CLEAN,
    'services/web/build.containerfile': CLEAN,
    'services/web/Dockerfile.dockerignore': 'node_modules\n',
    'node_modules/pkg/Dockerfile': CLEAN,
    'test/fixtures/Dockerfile': CLEAN,
    'docs/README.md': '# docs\n',
    'compose.yaml': 'services: {}\n',
  };

  it('finds every Dockerfile name under a folder, recursively, in a stable order, and skips node_modules and .git', async () => {
    const root = sandbox({ ...tree, '.git/Dockerfile': CLEAN });
    const { targets, errors } = await discoverTargets([], { cwd: root, exclude: [], compose: true });
    expect(errors).toEqual([]);
    expect(targets.map((t) => `${t.kind} ${t.path}`)).toEqual([
      'dockerfile Dockerfile',
      'compose compose.yaml',
      'dockerfile services/api/Dockerfile',
      'dockerfile services/api/Dockerfile.dev',
      'dockerfile services/web/Containerfile',
      'dockerfile services/web/build.containerfile',
      'dockerfile services/web/web.Dockerfile',
      'dockerfile test/fixtures/Dockerfile',
    ]);
  });

  it('--exclude skips files and folders (globs relative to the working directory, or base names)', async () => {
    const root = sandbox(tree);
    const { targets } = await discoverTargets(['.'], { cwd: root, exclude: ['test/**', '*.dev', 'services/web'], compose: false });
    expect(targets.map((t) => t.path)).toEqual(['Dockerfile', 'services/api/Dockerfile']);
  });

  it('a file named on the command line is linted whatever its name', async () => {
    const root = sandbox({ 'build/app.df': CLEAN, 'docs/README.md': '# x\n' });
    const { targets } = await discoverTargets(['build/app.df'], { cwd: root, exclude: [], compose: true });
    expect(targets).toMatchObject([{ kind: 'dockerfile', path: 'build/app.df', explicit: true }]);
  });

  it('the same file named twice is linted once', async () => {
    const root = sandbox({ Dockerfile: CLEAN });
    const { targets } = await discoverTargets(['Dockerfile', './Dockerfile', '.'], { cwd: root, exclude: [], compose: true });
    expect(targets.map((t) => t.path)).toEqual(['Dockerfile']);
  });

  it('a missing path and a folder with no Dockerfile are errors; the rest is still found', async () => {
    const root = sandbox({ Dockerfile: CLEAN, 'docs/README.md': '# x\n' });
    const { targets, errors } = await discoverTargets(['nope/Dockerfile', 'docs', 'Dockerfile'], { cwd: root, exclude: [], compose: true });
    expect(targets.map((t) => t.path)).toEqual(['Dockerfile']);
    expect(errors).toEqual([
      { source: 'nope/Dockerfile', message: 'no such file or directory' },
      { source: 'docs', message: 'holds no Dockerfile, Containerfile or compose file' },
    ]);
  });

  it('a folder whose Dockerfiles are all excluded is skipped, not an error', async () => {
    const root = sandbox({ 'vendor/Dockerfile': CLEAN });
    const r = await discoverTargets(['vendor'], { cwd: root, exclude: ['vendor/**'], compose: true });
    expect(r.errors).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });
});

describe('plimsoll lint: what gets linted', () => {
  it('no argument lints the current folder', async () => {
    const root = sandbox({ 'Dockerfile': TWO_FINDINGS, 'sub/Containerfile': TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(json(r).targets).toEqual(['Dockerfile', 'sub/Containerfile']);
    expect(r.code).toBe(1);
  });

  it('`-` reads standard input and reports it as -', async () => {
    const root = sandbox({});
    const r = await runCli(['lint', '-', '-f', 'json'], { cwd: root, stdin: TWO_FINDINGS });
    const report = json(r);
    expect(report.targets).toEqual(['-']);
    expect(report.findings.filter((f) => f.ruleId === 'DF001').map((f) => [f.location.file, f.location.range.start.line])).toEqual([['-', 2]]);
    expect(r.code).toBe(1);
  });

  it('standard input with a UTF-8 byte order mark and CRLF line ends', async () => {
    const root = sandbox({});
    const r = await runCli(['lint', '-', '-f', 'json'], { cwd: root, stdin: Buffer.from(`\ufeff${TWO_FINDINGS.replace(/\n/g, '\r\n')}`) });
    expect(json(r).errors).toEqual([]);
    expect(json(r).findings.filter((f) => f.ruleId === 'DF001').map((f) => f.location.range.start)).toEqual([{ line: 2, column: 9 }]);
  });

  it('--exclude on the command line also skips a file named explicitly, with a note', async () => {
    const root = sandbox({ 'a/Dockerfile': TWO_FINDINGS, 'b/Dockerfile': CLEAN });
    const r = await runCli(['lint', 'a/Dockerfile', 'b/Dockerfile', '--exclude', 'a/**', '-f', 'json'], { cwd: root });
    expect(json(r).targets).toEqual(['b/Dockerfile']);
    expect(r.stderr).toContain('a/Dockerfile: skipped: matches --exclude');
    expect(r.code).toBe(0);
  });

  it("config ignorePaths are relative to the config file's folder and skip folders without entering them", async () => {
    const root = sandbox({
      '.plimsoll.yaml': 'ignorePaths: ["vendor/**", "**/*.generated.Dockerfile"]\n',
      'Dockerfile': CLEAN,
      'vendor/lib/Dockerfile': TWO_FINDINGS,
      'svc/x.generated.Dockerfile': TWO_FINDINGS,
      'svc/Dockerfile': CLEAN,
    });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(json(r).targets).toEqual(['Dockerfile', 'svc/Dockerfile']);
    expect(r.code).toBe(0);
    // From a subfolder, the globs still count from the config's folder.
    const sub = await runCli(['lint', '-f', 'json', '../vendor', '.'], { cwd: `${root}/svc` });
    expect(json(sub).targets).toEqual(['Dockerfile']);
  });
});
