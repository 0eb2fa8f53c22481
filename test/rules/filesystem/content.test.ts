/**
 * The content probe's logic on bytes: which files are credential files, what is allowed, what
 * is found in them, and that hits carry masked values only.
 */
import { describe, expect, it } from 'vitest';
import { credentialHits, inspectContent, isBinary } from '../../../src/rules/filesystem/content.js';
import { BUILTIN_ALLOW_PATHS, credentialKindOf, pathFilter } from '../../../src/rules/filesystem/paths.js';
import probe from '../../../src/rules/filesystem/probe.js';
import { GITHUB_PAT, NPM_TOKEN, RANDOM_PASSWORD, RSA_KEY } from '../tokens.js';

const bytes = (s: string) => Buffer.from(s);

describe('credential files by name', () => {
  it.each([
    ['/app/.env', 'env'],
    ['/app/.env.production', 'env'],
    ['/srv/prod.env', 'env'],
    ['/root/.npmrc', 'npmrc'],
    ['/usr/local/etc/npmrc', 'npmrc'],
    ['/home/app/.yarnrc.yml', 'yarnrc'],
    ['/root/.pypirc', 'pypirc'],
    ['/etc/pip.conf', 'pip'],
    ['/root/.docker/config.json', 'docker-config'],
    ['/kaniko/.docker/config.json', 'docker-config'],
    ['/root/.aws/credentials', 'aws'],
    ['/root/.git-credentials', 'git-credentials'],
    ['/app/.git/config', 'git-config'],
    ['/root/.netrc', 'netrc'],
    ['/root/.kube/config', 'kubeconfig'],
    ['/etc/kubernetes/admin.conf', 'kubeconfig'],
    ['/deploy/prod.kubeconfig', 'kubeconfig'],
    ['/root/.pgpass', 'pgpass'],
    ['/etc/mysql/debian.cnf', 'mysql'],
    ['/root/.cargo/credentials.toml', 'cargo'],
    ['/root/.config/gh/hosts.yml', 'gh'],
    ['/root/.vault-token', 'vault-token'],
  ])('%s is %s', (path, kind) => expect(credentialKindOf(path)).toBe(kind));

  it.each(['/app/.env.example', '/app/.env.sample', '/app/.env.template', '/app/.envrc', '/app/environment.ts', '/etc/npmrc.d/x', '/app/config.json', '/srv/debian.cnf'])('%s is not one', (path) =>
    expect(credentialKindOf(path)).toBeUndefined(),
  );
});

describe('the built-in allow list', () => {
  const filter = pathFilter();
  it.each(['/usr/share/doc/x/key.pem', '/usr/lib/python3/dist-packages/a.py', '/app/node_modules/x/y.js', '/app/vendor/x.php', '/app/tests/k.pem', '/app/Test/k.pem', '/src/foo_test.go', '/app/a.test.js', '/app/examples/k', '/app/README.md', '/usr/local/lib/python3.12/site-packages/x', '/app/config/locales/en.yml'])(
    'allows %s',
    (path) => expect(filter.allowed(path)).toBe(true),
  );
  it.each(['/app/.env', '/root/.ssh/id_rsa', '/etc/ssl/private/server.key', '/app/latest/config.js', '/opt/contest/x', '/app/src/server.js', '/usr/local/bin/deploy.sh'])('does not allow %s', (path) =>
    expect(filter.allowed(path)).toBe(false),
  );
  it('extends with globs and can be turned off', () => {
    expect(pathFilter(['/opt/keys/**']).allowed('/opt/keys/a.pem')).toBe(true);
    expect(pathFilter([], false).allowed('/usr/share/doc/x')).toBe(false);
    expect(BUILTIN_ALLOW_PATHS.length).toBeGreaterThan(20);
  });
});

describe('the probe', () => {
  it('wants text-sized files outside the allow list, and the account files always', () => {
    const e = (path: string, size = 100, type: 'file' | 'dir' = 'file') => ({ path, size, type, mode: 0o644, uid: 0, gid: 0 });
    expect(probe.wants(e('/app/config.yml'))).toBe(true);
    expect(probe.wants(e('/root/.npmrc'))).toBe(true);
    expect(probe.wants(e('/etc/shadow'))).toBe(true);
    expect(probe.wants(e('/usr/share/doc/x'))).toBe(false);
    expect(probe.wants(e('/app/logo.png'))).toBe(false);
    expect(probe.wants(e('/usr/lib/x86_64-linux-gnu/libc.so.6'))).toBe(false);
    expect(probe.wants(e('/app/big.json', 2 * 1024 * 1024))).toBe(false);
    expect(probe.wants(e('/app/empty', 0))).toBe(false);
    expect(probe.wants(e('/app', 0, 'dir'))).toBe(false);
  });
});

describe('inspectContent', () => {
  it('tells binary from text by a NUL byte', () => {
    expect(isBinary(Buffer.from([0x7f, 0x45, 0, 1]))).toBe(true);
    expect(isBinary(bytes('plain text\n'))).toBe(false);
  });

  it('private keys and other secrets in ordinary files, with lines', () => {
    const hits = inspectContent('/srv/app/bundle.txt', bytes(`first\n${RSA_KEY}token: ${GITHUB_PAT}\n`));
    expect(hits.map((h) => [h.code, h.line, h.data.detector])).toEqual([
      ['private-key', 2, 'private-key'],
      ['secret', 6, 'github-pat'],
    ]);
  });

  it('assignments only in configuration files', () => {
    expect(inspectContent('/app/app.properties', bytes(`db.password=${RANDOM_PASSWORD}\n`)).map((h) => h.data.name)).toEqual(['db.password']);
    expect(inspectContent('/app/app.js', bytes(`db.password="${RANDOM_PASSWORD}"\n`))).toEqual([]);
  });

  it('credential files: each value judged with its key', () => {
    const env = credentialHits('env', `export API_TOKEN=${RANDOM_PASSWORD}x9\nDEBUG=1\nDB_PASSWORD=\nNAME=app\n`);
    expect(env.map((h) => [h.line, h.data.name, h.data.kind])).toEqual([[1, 'API_TOKEN', 'env']]);
    expect(credentialHits('npmrc', `//r/:_authToken=${NPM_TOKEN}\n`)).toHaveLength(1);
    expect(credentialHits('npmrc', '//r/:_authToken=${NPM_TOKEN}\n')).toEqual([]);
    expect(credentialHits('netrc', `machine a login b password ${RANDOM_PASSWORD}\n`).map((h) => h.data.name)).toEqual(['password']);
    expect(credentialHits('pgpass', `h:5432:db:app:${RANDOM_PASSWORD}\nh:5432:db:app:*\n`).map((h) => h.data.name)).toEqual(['app']);
    const vault = `hvs.${'CAESIJ3kq8Zm2Lx7Vb4Np8Rm3Hs6Wd1Fc5Gy0Tj9Kq2Uo7E'.repeat(2)}`;
    expect(credentialHits('vault-token', `${vault}\n`).map((h) => h.data.detector)).toEqual(['vault-token']);
    expect(credentialHits('pypirc', '[pypi]\nusername = __token__\npassword = changeme\n')).toEqual([]);
  });

  it('empty passwords in the account files', () => {
    const hits = inspectContent('/etc/shadow', bytes('root:::0:::::\nbin:*:1::::::\nsvc:!::0:::::\n'));
    expect(hits.map((h) => [h.code, h.data.name, h.line])).toEqual([['empty-password', 'root', 1]]);
  });

  it('hits are plain data with masked values only', () => {
    const hits = inspectContent('/app/deploy.sh', bytes(`curl -u x:${GITHUB_PAT} https://api.github.com\n`));
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits)).not.toContain(GITHUB_PAT);
    expect(structuredClone(hits)).toEqual(hits);
  });
});
