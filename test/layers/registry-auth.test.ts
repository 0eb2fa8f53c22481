/**
 * WWW-Authenticate parsing, where credentials come from (Docker's config, credential helpers,
 * podman's auth files, the command line), and the blob cache's rules (verified before visible,
 * nothing left from a broken stream, least recently used evicted past the bound).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChallenges } from '../../src/layers/registry/auth.js';
import { BlobCache, defaultCacheDir, parseCacheSize } from '../../src/layers/registry/cache.js';
import { findCredentials, normaliseServer } from '../../src/layers/registry/credentials.js';
import { removeScratchDirs, scratchDir } from '../helpers/registry.js';

afterAll(removeScratchDirs);

function home(files: Record<string, unknown> = {}): string {
  const h = scratchDir('plimsoll-creds-');
  for (const [rel, json] of Object.entries(files)) {
    mkdirSync(join(h, rel, '..'), { recursive: true });
    writeFileSync(join(h, rel), typeof json === 'string' ? json : JSON.stringify(json));
  }
  return h;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('parseChallenges', () => {
  it('reads Docker Hub\'s Bearer challenge', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted values, and reads several challenges', () => {
    expect(parseChallenges('Bearer realm="https://x/token",scope="repository:a:pull,push",error="insufficient_scope", Basic realm="say \\"hi\\""')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://x/token', scope: 'repository:a:pull,push', error: 'insufficient_scope' } },
      { scheme: 'basic', params: { realm: 'say "hi"' } },
    ]);
    expect(parseChallenges(['Basic realm=plain', 'Negotiate'])).toEqual([
      { scheme: 'basic', params: { realm: 'plain' } },
      { scheme: 'negotiate', params: {} },
    ]);
    expect(parseChallenges(undefined)).toEqual([]);
  });
});

describe('findCredentials', () => {
  it('auths: base64 auth or username/password, keys written any way Docker writes them', async () => {
    const h = home({
      '.docker/config.json': {
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:hubpw') },
          'https://reg.example.com:5000/v2/': { username: 'u', password: 'p' },
          'ghcr.io': { auth: b64('gh:token:with:colons') },
        },
      },
    });
    const env = { HOME: h };
    expect((await findCredentials('docker.io', env)).credential).toEqual({ username: 'hub', password: 'hubpw', from: '~/.docker/config.json (auths)' });
    expect((await findCredentials('reg.example.com:5000', env)).credential).toMatchObject({ username: 'u', password: 'p' });
    expect((await findCredentials('ghcr.io', env)).credential).toMatchObject({ username: 'gh', password: 'token:with:colons' });
    expect((await findCredentials('quay.io', env)).credential).toBeUndefined();
  });

  it('$DOCKER_CONFIG, identity and registry tokens', async () => {
    const h = home({ 'alt/config.json': { auths: { 'a.io': { identitytoken: 'refresh' }, 'b.io': { registrytoken: 'bearer' } } } });
    const env = { HOME: '/nonexistent', DOCKER_CONFIG: join(h, 'alt') };
    expect((await findCredentials('a.io', env)).credential).toMatchObject({ identityToken: 'refresh', from: `${join(h, 'alt')}/config.json (auths)` });
    expect((await findCredentials('b.io', env)).credential).toMatchObject({ registryToken: 'bearer' });
  });

  it('--username wins over every file', async () => {
    const h = home({ '.docker/config.json': { auths: { 'a.io': { auth: b64('file:pw') } } } });
    expect((await findCredentials('a.io', { HOME: h }, { username: 'cli', password: 'x' })).credential).toEqual({ username: 'cli', password: 'x', from: '--username' });
  });

  it('podman\'s auth files, with per-repository keys, and $REGISTRY_AUTH_FILE', async () => {
    const h = home({
      '.config/containers/auth.json': { auths: { 'quay.io': { auth: b64('any:1') }, 'quay.io/team': { auth: b64('team:2') }, 'quay.io/team/app': { auth: b64('app:3') } } },
      'custom.json': { auths: { 'quay.io': { auth: b64('custom:4') } } },
    });
    expect((await findCredentials('quay.io', { HOME: h }, undefined, 'team/app')).credential).toMatchObject({ username: 'app', from: '~/.config/containers/auth.json' });
    expect((await findCredentials('quay.io', { HOME: h }, undefined, 'team/other')).credential).toMatchObject({ username: 'team' });
    expect((await findCredentials('quay.io', { HOME: h }, undefined, 'elsewhere/x')).credential).toMatchObject({ username: 'any' });
    expect((await findCredentials('quay.io', { HOME: h, REGISTRY_AUTH_FILE: join(h, 'custom.json') }, undefined, 'team/app')).credential).toMatchObject({ username: 'custom' });
  });

  it('credential helpers: credHelpers for the host first, then credsStore; Docker Hub asked as https://index.docker.io/v1/', async () => {
    const bin = scratchDir('plimsoll-helpers-');
    const log = join(bin, 'log');
    for (const name of ['one', 'two']) {
      writeFileSync(
        join(bin, `docker-credential-${name}`),
        `#!/bin/sh\nread s\necho "${name} $1 $s" >> ${log}\ncase "$s" in\n  *nothing*) echo "credentials not found in native keychain"; exit 1;;\n  *token*) printf '{"Username":"<token>","Secret":"idtok"}';;\n  *) printf '{"Username":"${name}-user","Secret":"${name}-secret"}';;\nesac\n`,
      );
      chmodSync(join(bin, `docker-credential-${name}`), 0o755);
    }
    const h = home({ '.docker/config.json': { credsStore: 'one', credHelpers: { 'special.io': 'two' } } });
    const env = { HOME: h, PATH: `${bin}:/usr/bin:/bin` };
    expect((await findCredentials('docker.io', env)).credential).toEqual({ username: 'one-user', password: 'one-secret', from: 'docker-credential-one (credsStore in ~/.docker/config.json)' });
    expect((await findCredentials('special.io', env)).credential).toMatchObject({ username: 'two-user', from: 'docker-credential-two (credHelpers in ~/.docker/config.json)' });
    expect((await findCredentials('token.io', env)).credential).toMatchObject({ identityToken: 'idtok' });
    const none = await findCredentials('nothing.io', env);
    expect(none).toEqual({ credential: undefined, problems: [] });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['one get https://index.docker.io/v1/', 'two get special.io', 'one get token.io', 'one get nothing.io']);
  });

  it('a helper that is missing or fails is a problem to report, not a crash', async () => {
    const h = home({ '.docker/config.json': { credsStore: 'absent', auths: { 'x.io': {} } } });
    const r = await findCredentials('x.io', { HOME: h, PATH: '/nonexistent' });
    expect(r.credential).toBeUndefined();
    expect(r.problems).toEqual(['docker-credential-absent is not installed or not on PATH (credsStore in ~/.docker/config.json)']);
  });

  it('a broken config file is reported and skipped', async () => {
    const h = home({ '.docker/config.json': '{not json' });
    expect((await findCredentials('x.io', { HOME: h })).problems).toEqual(['~/.docker/config.json is not valid JSON (ignored)']);
  });

  it('normaliseServer', () => {
    expect(['https://index.docker.io/v1/', 'registry-1.docker.io', 'HTTPS://Reg.Example.com:5000/v2/', 'ghcr.io'].map(normaliseServer)).toEqual([
      'docker.io',
      'docker.io',
      'reg.example.com:5000',
      'ghcr.io',
    ]);
  });
});

describe('blob cache', () => {
  const bytes = Buffer.from('layer bytes '.repeat(1000));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

  it('a streamed blob becomes visible only after it matched its digest', async () => {
    const cache = new BlobCache(scratchDir('plimsoll-cache-'));
    await pipeline(Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]), cache.tee(digest, bytes.length, true, () => 'x'), async function* (s) {
      for await (const _ of s) void _;
    });
    expect(await cache.lookup(digest, bytes.length)).toBe(join(cache.blobs, digest.slice(7)));
    expect(readdirSync(join(cache.root, 'tmp'))).toEqual([]);
  });

  it('a mismatch or a stream ended early leaves nothing; with verify the stream fails', async () => {
    const cache = new BlobCache(scratchDir('plimsoll-cache-'));
    const bad = Buffer.from(bytes);
    bad[3] = 0;
    await expect(
      pipeline(Readable.from([bad]), cache.tee(digest, bytes.length, true, () => 'img (layer #0)'), async function* (s) {
        for await (const _ of s) void _;
      }),
    ).rejects.toThrow(`img (layer #0): blob digest mismatch: expected ${digest}, got sha256:`);
    await pipeline(Readable.from([bad]), cache.tee(digest, bytes.length, false, () => 'x'), async function* (s) {
      for await (const _ of s) void _;
    });
    const tee = cache.tee(digest, bytes.length, true, () => 'x');
    tee.write(bytes.subarray(0, 100));
    tee.destroy();
    await new Promise((r) => tee.once('close', r));
    await new Promise((r) => setTimeout(r, 20));
    expect(await cache.lookup(digest)).toBeUndefined();
    expect(readdirSync(join(cache.root, 'tmp'))).toEqual([]);
  });

  it('small blobs are checked on the way in and out; a damaged one is dropped', async () => {
    const cache = new BlobCache(scratchDir('plimsoll-cache-'));
    await cache.writeBytes(digest, Buffer.from('not it'));
    expect(await cache.readBytes(digest, 1 << 20)).toBeUndefined();
    await cache.writeBytes(digest, bytes);
    expect((await cache.readBytes(digest, 1 << 20))?.equals(bytes)).toBe(true);
    writeFileSync(cache.path(digest), 'damaged');
    expect(await cache.readBytes(digest, 1 << 20)).toBeUndefined();
    expect(existsSync(cache.path(digest))).toBe(false);
  });

  it('past its bound, the least recently used blobs go until it is under 90 %', async () => {
    const cache = new BlobCache(scratchDir('plimsoll-cache-'), 2500);
    const blobs = [0, 1, 2].map((i) => Buffer.alloc(1000, i));
    const ds = blobs.map((b) => `sha256:${createHash('sha256').update(b).digest('hex')}`);
    for (let i = 0; i < 3; i++) {
      await cache.writeBytes(ds[i]!, blobs[i]!);
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(cache.path(ds[i]!), t, t);
    }
    // Using the oldest makes it the most recent.
    await cache.lookup(ds[0]!);
    await cache.prune();
    expect([0, 1, 2].map((i) => existsSync(cache.path(ds[i]!)))).toEqual([true, false, true]);
    expect(statSync(cache.path(ds[0]!)).size).toBe(1000);
  });

  it('folder and bound from the environment', () => {
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/plimsoll');
    expect(defaultCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/plimsoll');
    expect(defaultCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: 'relative' })).toBe('/home/u/.cache/plimsoll');
    expect(defaultCacheDir({ PLIMSOLL_CACHE_DIR: '/c', XDG_CACHE_HOME: '/xdg' })).toBe('/c');
    expect(['20GB', '5GiB', '1.5G', '123', 'lots'].map(parseCacheSize)).toEqual([20e9, 5 * 1024 ** 3, 1.5e9, 123, undefined]);
  });
});
