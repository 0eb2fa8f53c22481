/**
 * Compose files through `plimsoll lint`: discovery, --compose, the Dockerfiles services build,
 * dockerfile_inline, input errors (exit 2, other files still linted), suppression comments.
 */
import { describe, expect, it } from 'vitest';
import { isComposeName } from '../../src/util/discover.js';
import { json, lines, runCli, sandbox } from '../cli/helpers.js';

const RULES = ['CO001', 'CO004', 'CO008', 'DF001'];
const lint = (argv: string[], cwd: string) => runCli(['lint', ...argv, '-f', 'json'], { cwd, rules: RULES });
const brief = (r: Awaited<ReturnType<typeof lint>>) =>
  json(r).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}${f.suppressed ? ' (suppressed)' : ''}`);

describe('compose files in plimsoll lint', () => {
  it.each(['compose.override.yaml', 'compose.prod.yml', 'docker-compose.override.yml', 'docker-compose.ci.yaml', 'app.compose.yaml'])('%s is a compose file', (name) =>
    expect(isComposeName(name)).toBe(true),
  );
  it.each(['compose.json', 'composer.yaml', 'my-compose.yml', 'docker-compose.yml.bak'])('%s is not', (name) => expect(isComposeName(name)).toBe(false));

  it('lints compose files found in folders, and the Dockerfiles their services build, once', async () => {
    const root = sandbox({
      'compose.yaml': lines('services:', '  web:', '    build: ./web', '  api:', '    build:', '      context: ./api', '      dockerfile: docker/Dockerfile.prod', '  proxy:', '    image: traefik', '    privileged: true'),
      'web/Dockerfile': lines('FROM debian:12.5', 'WORKDIR web'),
      'api/docker/Dockerfile.prod': lines('FROM debian:12.5', 'WORKDIR api'),
    });
    const r = await lint([], root);
    expect(r.code).toBe(1);
    expect(brief(r).sort()).toEqual(['CO001 compose.yaml:10:5', 'CO008 compose.yaml:9:12', 'DF001 api/docker/Dockerfile.prod:2:9', 'DF001 web/Dockerfile:2:9']);
    expect((json(r).targets as string[]).sort()).toEqual(['api/docker/Dockerfile.prod', 'compose.yaml', 'web/Dockerfile']);
  });

  it('looks for .dockerignore at the root of the build context a compose file names', async () => {
    const files = {
      'compose.yaml': lines('services:', '  web:', '    build:', '      context: .', '      dockerfile: docker/Dockerfile'),
      'docker/Dockerfile': lines('FROM debian:12.5', 'COPY . /app'),
    };
    const without = await runCli(['lint', 'compose.yaml', '-f', 'json'], { cwd: sandbox(files), rules: ['DF058'] });
    expect(json(without).findings.map((f) => f.ruleId)).toEqual(['DF058']);
    const withIgnore = await runCli(['lint', 'compose.yaml', '-f', 'json'], { cwd: sandbox({ ...files, '.dockerignore': '.git\n' }), rules: ['DF058'] });
    expect(json(withIgnore).findings).toEqual([]);
  });

  it('lints a built Dockerfile named on the command line only once', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    build: .'), Dockerfile: lines('FROM debian:12.5', 'WORKDIR web') });
    const r = await lint(['Dockerfile', 'compose.yaml'], root);
    expect(brief(r)).toEqual(['DF001 Dockerfile:2:9']);
  });

  it('brings in a compose file\'s Dockerfile even when only the compose file is named', async () => {
    const root = sandbox({ 'deploy/compose.yaml': lines('services:', '  web:', '    build: ../app'), 'app/Dockerfile': lines('FROM debian:12.5', 'WORKDIR web') });
    const r = await lint(['deploy/compose.yaml'], root);
    expect(brief(r)).toEqual(['DF001 app/Dockerfile:2:9']);
  });

  it('respects --exclude for the Dockerfiles a compose file brings', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    build: ./vendor/web'), 'vendor/web/Dockerfile': lines('FROM debian:12.5', 'WORKDIR web') });
    const r = await lint(['compose.yaml', '--exclude', 'vendor/**'], root);
    expect(brief(r)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('skips a build whose Dockerfile is not here (remote context, missing file) without an error', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  a:', '    build: https://github.com/org/repo.git#main', '  b:', '    build: ./missing') });
    const r = await lint([], root);
    expect(json(r).errors).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('lints dockerfile_inline as a Dockerfile, with positions in the compose file', async () => {
    const root = sandbox({
      'compose.yaml': lines('services:', '  web:', '    build:', '      context: .', '      dockerfile_inline: |', '        FROM debian:12.5', '        # plimsoll ignore=DF001 -- fine', '        WORKDIR a', '        WORKDIR b'),
    });
    const r = await lint([], root);
    expect(brief(r)).toEqual(['DF001 compose.yaml:8:17 (suppressed)', 'DF001 compose.yaml:9:17']);
  });

  it('--compose reads a file with another name as compose, and alone when no path is given', async () => {
    const root = sandbox({ 'deploy/stack.cfg': lines('services:', '  web:', '    image: nginx'), Dockerfile: lines('FROM debian:12.5', 'WORKDIR web') });
    const r = await lint(['--compose', 'deploy/stack.cfg'], root);
    expect(brief(r)).toEqual(['CO008 deploy/stack.cfg:3:12']);
    const both = await lint(['.', '--compose', 'deploy/stack.cfg'], root);
    expect(brief(both)).toEqual(expect.arrayContaining(['CO008 deploy/stack.cfg:3:12', 'DF001 Dockerfile:2:9']));
  });

  it('reads a YAML file named on the command line as compose', async () => {
    const root = sandbox({ 'stack.yml': lines('services:', '  web:', '    image: nginx') });
    expect(brief(await lint(['stack.yml'], root))).toEqual(['CO008 stack.yml:3:12']);
  });

  it('--compose on a missing file is an input error', async () => {
    const root = sandbox({});
    const r = await lint(['--compose', 'nope.yml'], root);
    expect(r.code).toBe(2);
    expect(json(r).errors).toEqual([{ source: 'nope.yml', message: 'no such file or directory' }]);
  });

  it('bad YAML is an input error naming file, line and column; the other files are still linted', async () => {
    const root = sandbox({
      'a/compose.yaml': lines('services:', '  web:', '    image: nginx:1', '     ports: [80]'),
      'b/compose.yaml': lines('services:', '  web:', '    image: nginx'),
      'c/compose.yaml': lines('- just', '- a list'),
    });
    const r = await lint([], root);
    expect(r.code).toBe(2);
    expect(json(r).errors).toEqual([
      { source: 'a/compose.yaml', line: 3, column: 12, message: 'is not valid YAML: Nested mappings are not allowed in compact mappings' },
      expect.objectContaining({ source: 'c/compose.yaml', line: 1, column: 1, message: expect.stringContaining('is not a compose file') }),
    ]);
    expect(brief(r)).toEqual(['CO008 b/compose.yaml:3:12']);
  });

  it('a missing extends file is an input error at its line; the service is still linted', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    image: nginx', '    extends:', '      file: base.yml', '      service: base') });
    const r = await lint([], root);
    expect(r.code).toBe(2);
    expect(json(r).errors).toEqual([{ source: 'compose.yaml', line: 5, column: 13, message: 'extends file "base.yml" does not exist' }]);
    expect(brief(r)).toEqual(['CO008 compose.yaml:3:12']);
  });

  it('lints the files a compose file includes, once', async () => {
    const root = sandbox({
      'compose.yaml': lines('include:', '  - db/database.yaml', '  - path: [cache.yml]', 'services:', '  web:', '    image: nginx:1.27'),
      'db/database.yaml': lines('services:', '  db:', '    image: postgres'),
      'cache.yml': lines('services:', '  cache:', '    image: redis', '    privileged: true'),
    });
    const r = await lint(['.', 'cache.yml'], root);
    expect(brief(r).sort()).toEqual(['CO001 cache.yml:4:5', 'CO008 cache.yml:3:12', 'CO008 db/database.yaml:3:12']);
  });

  it('a missing included file is an input error at its line', async () => {
    const root = sandbox({ 'compose.yaml': lines('include:', '  - nowhere.yaml', 'services: {}') });
    const r = await lint([], root);
    expect(r.code).toBe(2);
    expect(json(r).errors).toEqual([{ source: 'compose.yaml', line: 2, column: 5, message: 'included file "nowhere.yaml" does not exist' }]);
  });

  it('interpolates from the .env beside the compose file', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    image: "nginx:${TAG}"'), '.env': 'TAG=latest\n' });
    expect(brief(await lint([], root))).toEqual(['CO008 compose.yaml:3:12']);
  });

  it('suppression comments work, and --no-inline-ignores makes them count', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    image: nginx:1', '    # plimsoll ignore=CO001 -- needs /dev/net/tun', '    privileged: true') });
    const r = await lint([], root);
    expect(brief(r)).toEqual(['CO001 compose.yaml:5:5 (suppressed)']);
    expect(r.code).toBe(0);
    const strict = await lint(['--no-inline-ignores'], root);
    expect(strict.code).toBe(1);
  });

  it('SARIF carries compose findings with their regions', async () => {
    const root = sandbox({ 'compose.yaml': lines('services:', '  web:', '    image: nginx:1', '    privileged: true') });
    const r = await runCli(['lint', '-f', 'sarif'], { cwd: root, rules: RULES });
    const sarif = JSON.parse(r.stdout);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'CO001');
    expect(result.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'compose.yaml' }, region: { startLine: 4, startColumn: 5 } });
  });
});
