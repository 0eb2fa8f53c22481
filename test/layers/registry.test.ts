/**
 * The registry source against the real registry server from Debian's docker-registry
 * (distribution 2.8), started on 127.0.0.1 by the test, with images pushed by skopeo:
 * anonymous over plain HTTP on loopback, basic auth (htpasswd) over TLS with a generated CA,
 * token auth with a token server, a multi-platform index, missing tags and repositories, and
 * the blob cache (counted on the registry's own access log).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type WrittenImage } from '../../fixtures/generator/index.js';
import { main } from '../../src/cli.js';
import { openImage, readLayers } from '../../src/layers/index.js';
import type { RemoteOptions } from '../../src/layers/registry/options.js';
import type { LayerContents } from '../../src/layers/types.js';
import { buildahAvailable, buildImage, type BuiltImage } from '../helpers/buildah.js';
import { outsideIp, push, registryAvailable, removeScratchDirs, type RunningRegistry, scratchDir, startProxy, startRegistry } from '../helpers/registry.js';

afterAll(removeScratchDirs);

const run = promisify(execFile);

function home(): string {
  return scratchDir('plimsoll-reg-home-');
}

/** Options with their own HOME (no docker config) and cache folder. */
function remote(extra: Partial<RemoteOptions> = {}, env: NodeJS.ProcessEnv = {}): RemoteOptions {
  const h = home();
  return { env: { HOME: h, PATH: process.env.PATH, ...env }, cacheDir: join(h, 'cache'), ...extra };
}

async function readRef(ref: string, opts: RemoteOptions, platform?: string) {
  const image = await openImage(ref, { remote: opts, platform });
  try {
    const layers: LayerContents[] = [];
    for await (const l of readLayers(image)) layers.push(l);
    return { image, layers };
  } finally {
    await image.close();
  }
}

async function readLocal(ref: string) {
  const image = await openImage(ref);
  try {
    const layers: LayerContents[] = [];
    for await (const l of readLayers(image)) layers.push(l);
    return { image, layers };
  } finally {
    await image.close();
  }
}

function summary(layers: LayerContents[]) {
  return layers.map((l) => ({ digest: l.digest, diffId: l.diffId, entries: l.entryCount, bytes: l.fileBytes, compression: l.compression }));
}

async function cli(args: string[], env: NodeJS.ProcessEnv, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => Buffer.from(stdin),
    cwd: env.HOME ?? tmpdir(),
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

function blobGets(reg: RunningRegistry, from: number) {
  return reg.requests().slice(from).filter((r) => r.method === 'GET' && r.uri.includes('/blobs/'));
}

/** Three generated images: two share their first two layers (a common base), one is multi-platform. */
const BASE_LAYERS: FixtureImage['layers'] = [
  { createdBy: 'ADD rootfs /', entries: [{ path: 'etc/os-release', content: 'ID=plimsoll\n' }, { path: 'usr/lib/libbig.so', content: { size: 600_000, seed: 1 } }] },
  { createdBy: 'RUN install', entries: [{ path: 'usr/bin/tool', content: { size: 200_000, seed: 2 }, mode: 0o755 }] },
];
const APP_A: FixtureImage = { layers: [...BASE_LAYERS, { createdBy: 'COPY a /app', entries: [{ path: 'app/a.txt', content: { size: 50_000, seed: 3 } }] }], tag: 'plimsoll/a:1' };
const APP_B: FixtureImage = { layers: [...BASE_LAYERS, { createdBy: 'COPY b /app', entries: [{ path: 'app/b.txt', content: { size: 70_000, seed: 4 } }] }], tag: 'plimsoll/b:1' };
const AMD: FixtureImage = { layers: [{ entries: [{ path: 'arch', content: 'amd64\n' }] }], platform: { os: 'linux', architecture: 'amd64' } };
const ARM: FixtureImage = { layers: [{ entries: [{ path: 'arch', content: 'arm64\n' }] }, { entries: [{ path: 'more', content: 'x' }] }], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } };

describe.skipIf(!registryAvailable)('registry: anonymous, plain HTTP on loopback', () => {
  let reg: RunningRegistry;
  let a: WrittenImage;
  let b: WrittenImage;
  let multi: WrittenImage;

  beforeAll(async () => {
    reg = await startRegistry();
    a = await cachedImage(APP_A, { format: 'oci-archive', compression: 'gzip' });
    b = await cachedImage(APP_B, { format: 'oci-archive', compression: 'gzip' });
    multi = await cachedImage([AMD, ARM], { format: 'oci', compression: 'gzip', nested: true });
    await push(`oci-archive:${a.path}`, reg, 'app/a:1');
    await push(`oci-archive:${b.path}`, reg, 'app/b:1');
    await push(`oci:${multi.path}`, reg, 'multi:1', { all: true });
  }, 120_000);
  afterAll(async () => reg?.stop());

  it('reads an image pushed by skopeo: the same layers, diffIds and entries as its oci-archive', async () => {
    const fromRegistry = await readRef(`${reg.host}/app/a:1`, remote());
    const fromArchive = await readLocal(a.ref);
    expect(fromRegistry.image.source).toBe('registry');
    expect(fromRegistry.image.tags).toEqual([`${reg.host}/app/a:1`]);
    expect(fromRegistry.image.configDigest).toBe(fromArchive.image.configDigest);
    expect(fromRegistry.image.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(summary(fromRegistry.layers)).toEqual(summary(fromArchive.layers));
    expect(fromRegistry.layers.map((l) => l.compression)).toEqual(['gzip', 'gzip', 'gzip']);
  });

  it('reads by digest (docker:// too), checking the manifest digest', async () => {
    const first = await readRef(`${reg.host}/app/a:1`, remote({ cache: false }));
    const digest = first.image.manifestDigest!;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const byDigest = await readRef(`docker://${reg.host}/app/a@${digest}`, remote({ cache: false }));
    expect(byDigest.image.manifestDigest).toBe(digest);
    expect(summary(byDigest.layers)).toEqual(summary(first.layers));
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(openImage(`${reg.host}/app/a@${wrong}`, { remote: remote({ cache: false }) })).rejects.toThrow(`manifest ${wrong} not found in ${reg.host}/app/a`);
  });

  it('multi-platform index: --platform picks, the host platform by default, an unknown one lists what there is', async () => {
    const arm = await readRef(`${reg.host}/multi:1`, remote(), 'linux/arm64');
    expect(arm.image.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(arm.image.manifestDigest).toBe(multi.images[1]!.manifestDigest);
    expect(arm.layers).toHaveLength(2);
    const amd = await readRef(`${reg.host}/multi:1`, remote(), 'linux/amd64');
    expect(amd.image.manifestDigest).toBe(multi.images[0]!.manifestDigest);
    expect(amd.layers).toHaveLength(1);
    await expect(openImage(`${reg.host}/multi:1`, { remote: remote(), platform: 'linux/s390x' })).rejects.toThrow(
      'no image for platform linux/s390x; available: linux/amd64, linux/arm64/v8 (choose one with --platform)',
    );
  });

  it('a missing tag says so and lists the tags there; a missing repository says it has none', async () => {
    await expect(openImage(`${reg.host}/app/a:nope`, { remote: remote() })).rejects.toThrow(
      `${reg.host}/app/a:nope: tag "nope" not found in ${reg.host}/app/a (MANIFEST_UNKNOWN); tags there: 1`,
    );
    await expect(openImage(`${reg.host}/nothing/here:1`, { remote: remote() })).rejects.toThrow(
      /tag "1" not found in 127\.0\.0\.1:\d+\/nothing\/here \(MANIFEST_UNKNOWN\); the repository has no tags \(or does not exist\)/,
    );
  });

  it('through the CLI: exit 0/1 on success with the registry in the report, exit 2 naming the reference when the tag is missing', async () => {
    const h = home();
    const env = { HOME: h, XDG_CACHE_HOME: join(h, 'cache'), PATH: process.env.PATH };
    const ok = await cli(['image', `${reg.host}/app/a:1`, '-f', 'json'], env);
    expect([0, 1]).toContain(ok.code);
    const j = JSON.parse(ok.stdout);
    expect(j.image).toMatchObject({ source: 'registry', reference: `${reg.host}/app/a:1`, platform: 'linux/amd64' });
    expect(j.image.layers).toHaveLength(3);
    expect(existsSync(join(h, 'cache', 'plimsoll', 'blobs', 'sha256'))).toBe(true);
    const missing = await cli(['image', `${reg.host}/app/a:nope`, '-f', 'json'], env);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).errors[0]).toMatchObject({ source: `${reg.host}/app/a:nope`, message: expect.stringContaining('tag "nope" not found') });
    expect(missing.stderr).toContain('tag "nope" not found');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('cache: a second run downloads no blob; a second image sharing the base downloads only its own layer; --no-cache downloads again', async () => {
    const opts = remote();
    let mark = reg.requests().length;
    const first = await readRef(`${reg.host}/app/a:1`, opts);
    // Config and three layers.
    expect(blobGets(reg, mark)).toHaveLength(4);
    const cached = readdirSync(join(opts.cacheDir!, 'blobs', 'sha256'));
    for (const l of first.image.layers) expect(cached).toContain(l.digest.slice(7));

    mark = reg.requests().length;
    const second = await readRef(`${reg.host}/app/a:1`, opts);
    expect(blobGets(reg, mark)).toHaveLength(0);
    // Only the version check: the ping and a HEAD of the tag.
    expect(reg.requests().slice(mark).map((r) => `${r.method} ${r.uri}`)).toEqual(['GET /v2/', 'HEAD /v2/app/a/manifests/1']);
    expect(summary(second.layers)).toEqual(summary(first.layers));
    // Cached layers are local files: the reader's workers read them directly.
    expect(second.image.layers.every((l) => l.byteRange?.file.startsWith(opts.cacheDir!))).toBe(true);

    mark = reg.requests().length;
    const other = await readRef(`${reg.host}/app/b:1`, opts);
    const shared = other.image.layers.filter((l) => first.image.layers.some((x) => x.digest === l.digest));
    expect(shared).toHaveLength(2);
    const got = blobGets(reg, mark).map((r) => r.uri.slice(r.uri.lastIndexOf('/') + 1));
    expect(got.sort()).toEqual([other.image.configDigest, other.image.layers[2]!.digest].sort());

    mark = reg.requests().length;
    await readRef(`${reg.host}/app/a:1`, { ...opts, cache: false });
    expect(blobGets(reg, mark)).toHaveLength(4);
  });

  it('a blob that does not match its digest fails naming the layer and never enters the cache', async () => {
    // Damage one layer blob in the registry's storage (distribution serves it as stored).
    const victim = (await readRef(`${reg.host}/app/b:1`, remote({ cache: false }))).image.layers[2]!.digest.slice(7);
    const storage = findBlobData(reg, victim);
    const original = readFileSync(storage);
    const damaged = Buffer.from(original);
    damaged[damaged.length - 10] ^= 0xff;
    writeFileSync(storage, damaged);
    try {
      const opts = remote();
      // The layer's own stream fails on the digest...
      const image = await openImage(`${reg.host}/app/b:1`, { remote: opts });
      const drain = async () => {
        for await (const _ of await image.layers[2]!.open()) void _;
      };
      await expect(drain()).rejects.toThrow(`${reg.host}/app/b:1 (layer #2 sha256:${victim}): blob digest mismatch: expected sha256:${victim}, got sha256:`);
      await image.close();
      // ...the layer walk names the layer (it may meet the damage as bad gzip before the digest)...
      await expect(readRef(`${reg.host}/app/b:1`, opts)).rejects.toThrow(`${reg.host}/app/b:1 (layer #2 sha256:${victim}): `);
      // ...and neither left the blob in the cache.
      expect(existsSync(join(opts.cacheDir!, 'blobs', 'sha256', victim))).toBe(false);
      expect(readdirSync(join(opts.cacheDir!, 'tmp'))).toEqual([]);
    } finally {
      writeFileSync(storage, original);
    }
  });
});

/** Where distribution's filesystem driver keeps a blob's bytes. */
function findBlobData(reg: RunningRegistry, hex: string): string {
  const root = reg.storageDir;
  const p = join(root, 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
  if (!existsSync(p)) throw new Error(`blob ${hex} not in ${root}`);
  return p;
}

describe.skipIf(!registryAvailable)('registry: basic auth (htpasswd) over TLS with a generated CA', () => {
  let reg: RunningRegistry;
  let a: WrittenImage;
  const ref = () => `${reg.host}/private/app:1`;

  beforeAll(async () => {
    reg = await startRegistry({ tls: true, htpasswd: { alice: 's3cret-pw' } });
    a = await cachedImage(APP_A, { format: 'oci-archive', compression: 'gzip' });
    await push(`oci-archive:${a.path}`, reg, 'private/app:1', { creds: 'alice:s3cret-pw' });
  }, 120_000);
  afterAll(async () => reg?.stop());

  function dockerConfig(config: unknown): NodeJS.ProcessEnv {
    const h = home();
    mkdirSync(join(h, '.docker'));
    writeFileSync(join(h, '.docker', 'config.json'), JSON.stringify(config));
    return { HOME: h, PATH: process.env.PATH };
  }

  it('reads with the CA from --registry-ca and credentials from ~/.docker/config.json (auths)', async () => {
    const env = dockerConfig({ auths: { [`https://${reg.host}`]: { auth: Buffer.from('alice:s3cret-pw').toString('base64') } } });
    const r = await readRef(ref(), { env, caFiles: [reg.caFile!], cache: false });
    expect(r.layers).toHaveLength(3);
    expect(r.image.configDigest).toBe(a.images[0]!.configDigest);
  });

  it('--username with --password-stdin through the CLI; the password never shows', async () => {
    const h = home();
    const env = { HOME: h, PATH: process.env.PATH };
    const ok = await cli(['image', ref(), '--registry-ca', reg.caFile!, '--username', 'alice', '--password-stdin', '--no-cache', '-f', 'json'], env, 's3cret-pw\n');
    expect([0, 1]).toContain(ok.code);
    expect(JSON.parse(ok.stdout).image.layers).toHaveLength(3);
    const bad = await cli(['image', ref(), '--registry-ca', reg.caFile!, '--username', 'alice', '--password-stdin', '--no-cache'], env, 'wrong-pw\n');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(`${ref()}: unauthorised`);
    expect(bad.stdout).toContain('Basic realm "plimsoll-test-realm"');
    expect(bad.stdout).toContain('tried: Basic with credentials from --username');
    expect(bad.stdout + bad.stderr).not.toContain('wrong-pw');
    expect(bad.stdout + bad.stderr).not.toContain(Buffer.from('alice:wrong-pw').toString('base64'));
  });

  it('without credentials: unauthorised, naming the realm and the way to log in', async () => {
    await expect(openImage(ref(), { remote: remote({ caFiles: [reg.caFile!] }) })).rejects.toThrow(
      `${ref()}: unauthorised: the registry needs a user and password (Basic realm "plimsoll-test-realm"); tried: no credentials (Basic authentication needs a user and password). Log in (docker login ${reg.host}) or pass --username and --password-stdin`,
    );
  });

  it('without the CA: the certificate is not trusted, and the message says how to trust it', async () => {
    const env = dockerConfig({ auths: { [reg.host]: { username: 'alice', password: 's3cret-pw' } } });
    await expect(openImage(ref(), { remote: { env, cache: false } })).rejects.toThrow(
      new RegExp(`TLS: the certificate of ${reg.host.replace(/\./g, '\\.')} is not trusted \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE.*--registry-ca FILE.*--insecure-registry ${reg.host.replace(/\./g, '\\.')}`),
    );
  });

  it('the CA from ~/.config/containers/certs.d/HOST:PORT/ (as podman reads it), or --insecure-registry, also work', async () => {
    const env = dockerConfig({ auths: { [reg.host]: { username: 'alice', password: 's3cret-pw' } } });
    mkdirSync(join(env.HOME!, '.config', 'containers', 'certs.d', reg.host), { recursive: true });
    writeFileSync(join(env.HOME!, '.config', 'containers', 'certs.d', reg.host, 'ca.crt'), readFileSync(reg.caFile!));
    expect((await readRef(ref(), { env, cache: false })).layers).toHaveLength(3);
    const env2 = dockerConfig({ auths: { [reg.host]: { username: 'alice', password: 's3cret-pw' } } });
    expect((await readRef(ref(), { env: env2, cache: false, insecureRegistries: [reg.host] })).layers).toHaveLength(3);
  });

  it('credentials from a credential helper (credsStore, then credHelpers), which gets the server on stdin', async () => {
    const bin = scratchDir('plimsoll-helper-');
    const seen = join(bin, 'seen');
    writeFileSync(
      join(bin, 'docker-credential-plimsolltest'),
      `#!/bin/sh\n[ "$1" = get ] || exit 3\nread server\necho "$server" >> ${seen}\nif [ "$server" = "${reg.host}" ]; then\n  printf '{"ServerURL":"%s","Username":"alice","Secret":"s3cret-pw"}' "$server"\nelse\n  echo "credentials not found in native keychain"; exit 1\nfi\n`,
    );
    chmodSync(join(bin, 'docker-credential-plimsolltest'), 0o755);
    const path = `${bin}:${process.env.PATH}`;
    const store = { ...dockerConfig({ credsStore: 'plimsolltest', auths: { [reg.host]: {} } }), PATH: path };
    expect((await readRef(ref(), { env: store, caFiles: [reg.caFile!], cache: false })).layers).toHaveLength(3);
    const helpers = { ...dockerConfig({ credHelpers: { [reg.host]: 'plimsolltest' } }), PATH: path };
    expect((await readRef(ref(), { env: helpers, caFiles: [reg.caFile!], cache: false })).layers).toHaveLength(3);
    expect(readFileSync(seen, 'utf8').trim().split('\n')).toEqual([reg.host, reg.host]);
    // A helper that is not installed is named in the message.
    const missing = { ...dockerConfig({ credsStore: 'nosuchhelper' }), PATH: path };
    await expect(openImage(ref(), { remote: { env: missing, caFiles: [reg.caFile!], cache: false } })).rejects.toThrow(
      /unauthorised.*docker-credential-nosuchhelper is not installed or not on PATH \(credsStore in ~\/\.docker\/config\.json\)/,
    );
  });
});

describe.skipIf(!registryAvailable || !outsideIp())('registry: HTTPS through a CONNECT proxy', () => {
  let reg: RunningRegistry;

  beforeAll(async () => {
    reg = await startRegistry({ tls: true, ip: outsideIp()! });
    const a = await cachedImage(APP_A, { format: 'oci-archive', compression: 'gzip' });
    await push(`oci-archive:${a.path}`, reg, 'app:1');
  }, 120_000);
  afterAll(async () => reg?.stop());

  it('tunnels to the registry and verifies the registry\'s certificate end to end', async () => {
    const proxy = await startProxy();
    try {
      const r = await readRef(`${reg.host}/app:1`, remote({ caFiles: [reg.caFile!], cache: false }, { HTTPS_PROXY: proxy.url }));
      expect(r.layers).toHaveLength(3);
      expect(new Set(proxy.log.map((l) => l.line))).toEqual(new Set([`CONNECT ${reg.host}`]));
      // Through the tunnel, an untrusted certificate is still refused.
      await expect(openImage(`${reg.host}/app:1`, { remote: remote({ cache: false }, { HTTPS_PROXY: proxy.url }) })).rejects.toThrow(/TLS: the certificate of .* is not trusted/);
    } finally {
      await proxy.close();
    }
  });
});

describe.skipIf(!registryAvailable)('registry: token auth (distribution token spec)', () => {
  let reg: RunningRegistry;

  beforeAll(async () => {
    reg = await startRegistry({ token: { users: { bob: 'token-pw' }, anonymousPull: ['public/'] } });
    const a = await cachedImage(APP_A, { format: 'oci-archive', compression: 'gzip' });
    await push(`oci-archive:${a.path}`, reg, 'public/app:1', { creds: 'bob:token-pw' });
    await push(`oci-archive:${a.path}`, reg, 'private/app:1', { creds: 'bob:token-pw' });
  }, 120_000);
  afterAll(async () => reg?.stop());

  it('an anonymous token for a public repository, scoped to pull', async () => {
    const mark = reg.tokenRequests().length;
    const r = await readRef(`${reg.host}/public/app:1`, remote({ cache: false }));
    expect(r.layers).toHaveLength(3);
    const t = reg.tokenRequests().slice(mark);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ user: undefined, granted: ['repository:public/app:pull'] });
    expect(t[0]!.url).toContain('service=plimsoll-test-registry');
  });

  it('a private repository: a token for the user from the docker config; without one, unauthorised naming the realm', async () => {
    const h = home();
    mkdirSync(join(h, '.docker'));
    writeFileSync(join(h, '.docker', 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('bob:token-pw').toString('base64') } } }));
    const mark = reg.tokenRequests().length;
    const r = await readRef(`${reg.host}/private/app:1`, { env: { HOME: h }, cache: false });
    expect(r.layers).toHaveLength(3);
    expect(reg.tokenRequests().slice(mark)[0]).toMatchObject({ user: 'bob', authenticated: true, granted: ['repository:private/app:pull'] });
    expect(reg.tokenRequests().slice(mark)[0]!.url).toContain('account=bob');

    await expect(openImage(`${reg.host}/private/app:1`, { remote: remote({ cache: false }) })).rejects.toThrow(
      `unauthorised: authentication required (UNAUTHORIZED) (Bearer realm "${reg.realm}", service "plimsoll-test-registry"); tried: anonymous token from ${reg.realm}.`,
    );
  });

  it('an identity token (OAuth2 refresh token) from the docker config', async () => {
    const h = home();
    mkdirSync(join(h, '.docker'));
    writeFileSync(join(h, '.docker', 'config.json'), JSON.stringify({ auths: { [reg.host]: { identitytoken: 'refresh-bob' } } }));
    const mark = reg.tokenRequests().length;
    expect((await readRef(`${reg.host}/private/app:1`, { env: { HOME: h }, cache: false })).layers).toHaveLength(3);
    expect(reg.tokenRequests().slice(mark)[0]).toMatchObject({ method: 'POST', user: 'bob', granted: ['repository:private/app:pull'] });
  });

  it('wrong credentials: the token service refuses them, and the message says where they came from', async () => {
    const h = home();
    mkdirSync(join(h, '.docker'));
    writeFileSync(join(h, '.docker', 'config.json'), JSON.stringify({ auths: { [reg.host]: { username: 'bob', password: 'nope' } } }));
    await expect(openImage(`${reg.host}/private/app:1`, { remote: { env: { HOME: h }, cache: false } })).rejects.toThrow(
      'unauthorised: the token service refused the credentials from ~/.docker/config.json (auths) (401)',
    );
  });
});

describe.skipIf(!registryAvailable || !buildahAvailable)('registry: an image built by buildah', () => {
  let reg: RunningRegistry;
  let img: BuiltImage;

  beforeAll(async () => {
    reg = await startRegistry();
    img = await buildImage({
      name: 'registry-source',
      dockerfile: 'FROM busybox-base\nCOPY app/ /app/\nRUN chmod 755 /app/run.sh && echo built > /app/built\nRUN rm /app/tmp.txt\nUSER 1000\n',
      context: { 'app/run.sh': '#!/bin/sh\necho run\n', 'app/tmp.txt': 'temporary\n' },
    });
    // The zstd export first and under another host name: skopeo would otherwise push the gzip blobs it knows.
    await push(`oci:${img.exports.ociZstd}:latest`, reg, 'built/zstd:1', { host: reg.host.replace('127.0.0.1', 'localhost') });
    await push(`oci-archive:${img.exports.ociArchive}`, reg, 'built/app:1');
  }, 300_000);
  afterAll(async () => reg?.stop());

  it('a multi-platform list made with buildah manifest create/add and pushed with manifest push --all', async () => {
    const storage = ['--storage-driver', 'vfs', '--root', '/var/lib/containers/storage', '--runroot', '/run/containers/storage'];
    const built = await Promise.all(
      [
        ['amd64', ['--arch', 'amd64']],
        ['arm64', ['--arch', 'arm64', '--variant', 'v8']],
      ].map(([arch, args]) =>
        buildImage({ name: `registry-${arch}`, dockerfile: 'FROM scratch\nCOPY arch /arch\n', context: { arch: `${arch}\n` }, extraArgs: args as string[], layers: false }),
      ),
    );
    const list = `localhost/plimsoll-test-list:${process.pid}-${Date.now()}`;
    await run('buildah', [...storage, 'manifest', 'create', list]);
    try {
      for (const b of built) await run('buildah', [...storage, 'manifest', 'add', list, b.name]);
      await run('buildah', [...storage, 'manifest', 'push', '--all', '--tls-verify=false', list, `docker://${reg.host}/built/multi:1`]);
    } finally {
      await run('buildah', [...storage, 'manifest', 'rm', list]).catch(() => undefined);
    }
    const arm = await readRef(`${reg.host}/built/multi:1`, remote(), 'linux/arm64/v8');
    expect(arm.image.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(arm.layers[0]!.events.some((e) => e.kind === 'entry' && e.path === '/arch')).toBe(true);
    const amd = await readRef(`${reg.host}/built/multi:1`, remote(), 'linux/amd64');
    expect(amd.image.platform).toMatchObject({ os: 'linux', architecture: 'amd64' });
    expect(amd.image.manifestDigest).not.toBe(arm.image.manifestDigest);
    await expect(openImage(`${reg.host}/built/multi:1`, { remote: remote(), platform: 'linux/ppc64le' })).rejects.toThrow(
      /no image for platform linux\/ppc64le; available: (linux\/amd64, linux\/arm64\/v8|linux\/arm64\/v8, linux\/amd64) \(choose one with --platform\)/,
    );
  });

  it('reads the same filesystem as the oci-archive export, gzip and zstd', async () => {
    const local = await readLocal(`oci-archive:${img.exports.ociArchive}`);
    const gz = await readRef(`${reg.host}/built/app:1`, remote());
    expect(summary(gz.layers)).toEqual(summary(local.layers));
    expect(gz.image.config.config?.User).toBe('1000');
    const zst = await readRef(`${reg.host}/built/zstd:1`, remote());
    expect(zst.layers.map((l) => l.diffId)).toEqual(local.layers.map((l) => l.diffId));
    expect(zst.layers.map((l) => l.entryCount)).toEqual(local.layers.map((l) => l.entryCount));
    expect(zst.layers.map((l) => l.compression)).toEqual(local.layers.map(() => 'zstd'));
  });
});
