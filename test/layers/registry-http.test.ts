/**
 * The registry client's behaviour where a real registry cannot be made to misbehave on demand:
 * a small fake registry in the test process serves a generated image, and each case bends one
 * answer — 5xx and 429 (retries with backoff, Retry-After), dropped connections (resumed with
 * Range), redirects to blob storage (no credentials sent there), expired tokens, schema 1,
 * OCI artifacts, denied and not-a-registry answers, lying digests.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cachedImage, type WrittenImage } from '../../fixtures/generator/index.js';
import { openImage, readLayers } from '../../src/layers/index.js';
import { retryAfterSeconds } from '../../src/layers/registry/http.js';
import { noProxyMatches, proxyFor } from '../../src/layers/registry/proxy.js';
import { outsideIp, removeScratchDirs, scratchDir, startProxy } from '../helpers/registry.js';
import type { RemoteOptions, RequestRecord } from '../../src/layers/registry/options.js';
import type { LayerContents } from '../../src/layers/types.js';

afterAll(removeScratchDirs);

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** Returns true when it answered the request itself. */
type Hook = (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen[]) => boolean | Promise<boolean>;

interface Fake {
  host: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: Fake[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** A registry serving one image (from an OCI layout folder) as `repo/app:1`. */
async function fakeRegistry(layout: string, hook?: Hook, ip = '127.0.0.1'): Promise<Fake> {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
  const manifestDigest = index.manifests[0]!.digest;
  const blob = (d: string) => readFileSync(join(layout, 'blobs', 'sha256', d.slice('sha256:'.length)));
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    if (hook && (await hook(req, res, seen))) return;
    if (path === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    const m = /^\/v2\/repo\/app\/(manifests|blobs)\/(.+)$/.exec(path);
    if (!m) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
      return;
    }
    if (m[1] === 'manifests') {
      if (m[2] !== '1' && m[2] !== manifestDigest) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
        return;
      }
      const body = blob(manifestDigest);
      res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'docker-content-digest': manifestDigest, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    let body: Buffer;
    try {
      body = blob(m[2]!);
    } catch {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      res.writeHead(206, { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'content-length': body.length - start });
      res.end(body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  return listen(server, seen, ip);
}

async function listen(server: http.Server, seen: Seen[], ip = '127.0.0.1'): Promise<Fake> {
  const port = await new Promise<number>((resolve) => server.listen(0, ip, () => resolve((server.address() as AddressInfo).port)));
  const fake: Fake = {
    host: `${ip}:${port}`,
    seen,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  servers.push(fake);
  return fake;
}

function opts(extra: Partial<RemoteOptions> = {}): RemoteOptions & { records: RequestRecord[] } {
  const home = scratchDir('plimsoll-fake-');
  const records: RequestRecord[] = [];
  return { env: { HOME: home }, cache: false, retry: { baseDelayMs: 1, maxDelayMs: 5 }, onRequest: (r) => records.push(r), records, ...extra };
}

async function readAllLayers(ref: string, o: RemoteOptions) {
  const image = await openImage(ref, { remote: o });
  try {
    const layers: LayerContents[] = [];
    for await (const l of readLayers(image, { workers: false })) layers.push(l);
    return { image, layers };
  } finally {
    await image.close();
  }
}

const isBlob = (s: Seen) => s.method === 'GET' && s.path.includes('/blobs/');

describe('registry client against a fake registry', () => {
  let img: WrittenImage;
  let bigLayer: string;

  beforeAll(async () => {
    img = await cachedImage(
      {
        layers: [
          { entries: [{ path: 'etc/hostname', content: 'fake\n' }] },
          { entries: [{ path: 'data/big.bin', content: { size: 3_000_000, seed: 11 } }] },
        ],
      },
      { format: 'oci', compression: 'none' },
    );
    bigLayer = img.images[0]!.layers[1]!.digest;
  });

  it('sends every manifest media type in Accept, over plain HTTP on loopback after HTTPS failed', async () => {
    const f = await fakeRegistry(img.path);
    const o = opts();
    const r = await readAllLayers(`${f.host}/repo/app:1`, o);
    expect(r.layers).toHaveLength(2);
    const get = f.seen.find((s) => s.path === '/v2/repo/app/manifests/1')!;
    expect(String(get.headers.accept).split(/,\s*/).sort()).toEqual(
      [
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.oci.image.manifest.v1+json',
      ].sort(),
    );
    expect(o.records[0]).toMatchObject({ method: 'GET', url: `https://${f.host}/v2/` });
    expect(o.records[0]!.error).toBeDefined();
    expect(o.records[1]).toMatchObject({ method: 'GET', url: `http://${f.host}/v2/`, status: 200 });
  });

  it('retries 503 with backoff until it succeeds', async () => {
    let failures = 2;
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1' && failures > 0) {
        failures--;
        res.writeHead(503);
        res.end();
        return true;
      }
      return false;
    });
    const r = await readAllLayers(`${f.host}/repo/app:1`, opts());
    expect(r.layers).toHaveLength(2);
    expect(f.seen.filter((s) => s.path === '/v2/repo/app/manifests/1')).toHaveLength(3);
  });

  it('gives up on a lasting 500 after the configured tries, saying so', async () => {
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'storage backend down' }] }));
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts({ retry: { attempts: 3, baseDelayMs: 1 } }) })).rejects.toThrow(
      `${f.host}/repo/app:1: ${f.host} answered 500 after 3 tries for manifest 1 (UNKNOWN: storage backend down)`,
    );
    expect(f.seen.filter((s) => s.path === '/v2/repo/app/manifests/1')).toHaveLength(3);
  });

  it('never retries a 404: one request, and the message says which blob of which layer', async () => {
    const missing = bigLayer;
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === `/v2/repo/app/blobs/${missing}`) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] }));
        return true;
      }
      return false;
    });
    await expect(readAllLayers(`${f.host}/repo/app:1`, opts())).rejects.toThrow(
      `${f.host}/repo/app:1 (layer #1 ${missing}): blob ${missing} not found (BLOB_UNKNOWN: blob unknown to registry)`,
    );
    expect(f.seen.filter((s) => s.path === `/v2/repo/app/blobs/${missing}`)).toHaveLength(1);
  });

  it('429: waits for a short Retry-After and goes on; a long one fails at once with the time', async () => {
    let limited = 1;
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1' && limited > 0) {
        limited--;
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
        return true;
      }
      return false;
    });
    expect((await readAllLayers(`${f.host}/repo/app:1`, opts())).layers).toHaveLength(2);
    expect(f.seen.filter((s) => s.path === '/v2/repo/app/manifests/1')).toHaveLength(2);

    const g = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(429, { 'retry-after': '3600', 'ratelimit-remaining': '0;w=21600', 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit' }] }));
        return true;
      }
      return false;
    });
    await expect(openImage(`${g.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(
      `${g.host}/repo/app:1: rate limited by ${g.host} (TOOMANYREQUESTS: You have reached your pull rate limit); retry after 3600 s (ratelimit-remaining: 0;w=21600)`,
    );
    expect(g.seen.filter((s) => s.path === '/v2/repo/app/manifests/1')).toHaveLength(1);
  });

  it('a connection dropped in the middle of a blob is resumed with a Range request', async () => {
    let dropped = false;
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === `/v2/repo/app/blobs/${bigLayer}` && !dropped && !req.headers.range) {
        dropped = true;
        const body = readFileSync(join(img.path, 'blobs', 'sha256', bigLayer.slice(7)));
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 1_000_000), () => setTimeout(() => res.socket?.destroy(), 20));
        return true;
      }
      return false;
    });
    const o = opts();
    const r = await readAllLayers(`${f.host}/repo/app:1`, o);
    expect(r.layers[1]!.digest).toBe(bigLayer);
    const gets = f.seen.filter((s) => s.path === `/v2/repo/app/blobs/${bigLayer}`);
    expect(gets).toHaveLength(2);
    expect(gets[1]!.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(gets[1]!.headers.range!)![0])).toBeGreaterThan(0);
  });

  it('a resumed download from a registry that ignores Range skips what it already had', async () => {
    let dropped = false;
    const body = readFileSync(join(img.path, 'blobs', 'sha256', bigLayer.slice(7)));
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === `/v2/repo/app/blobs/${bigLayer}`) {
        res.writeHead(200, { 'content-length': body.length });
        if (!dropped) {
          dropped = true;
          res.write(body.subarray(0, 700_000), () => setTimeout(() => res.socket?.destroy(), 20));
        } else res.end(body);
        return true;
      }
      return false;
    });
    const r = await readAllLayers(`${f.host}/repo/app:1`, opts());
    expect(r.layers[1]!.digest).toBe(bigLayer);
    expect(f.seen.filter((s) => isBlob(s) && s.path.endsWith(bigLayer))).toHaveLength(2);
  });

  it('follows a redirect to blob storage on another origin without sending the credentials there', async () => {
    const storageSeen: Seen[] = [];
    const storage = await listen(
      http.createServer((req, res) => {
        storageSeen.push({ method: req.method ?? 'GET', path: req.url ?? '', headers: req.headers });
        const d = (req.url ?? '').slice(1);
        res.writeHead(200);
        res.end(readFileSync(join(img.path, 'blobs', 'sha256', d.slice(7))));
      }),
      storageSeen,
    );
    const expected = `Basic ${Buffer.from('carol:pw').toString('base64')}`;
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' });
        res.end();
        return true;
      }
      const m = /^\/v2\/repo\/app\/blobs\/(sha256:[0-9a-f]+)$/.exec(req.url ?? '');
      if (m) {
        res.writeHead(307, { location: `http://${storage.host}/${m[1]}` });
        res.end();
        return true;
      }
      return false;
    });
    const r = await readAllLayers(`${f.host}/repo/app:1`, opts({ username: 'carol', password: 'pw' }));
    expect(r.layers).toHaveLength(2);
    expect(storageSeen.length).toBe(3); // config and two layers
    expect(storageSeen.every((s) => s.headers.authorization === undefined)).toBe(true);
    expect(f.seen.filter((s) => s.path.startsWith('/v2/repo')).every((s) => s.headers.authorization === expected)).toBe(true);
  });

  it('an expired token is renewed once, and the download goes on', async () => {
    let issued = 0;
    let valid = '';
    let host = '';
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url?.startsWith('/token')) {
        valid = `tok-${++issued}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: valid }));
        return true;
      }
      if (req.headers.authorization !== `Bearer ${valid}` || !valid) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:repo/app:pull"` });
        res.end();
        return true;
      }
      // The first token expires after the manifest.
      if (req.url === '/v2/repo/app/manifests/1' && issued === 1) valid = 'expired';
      return false;
    });
    host = f.host;
    const r = await readAllLayers(`${f.host}/repo/app:1`, opts());
    expect(r.layers).toHaveLength(2);
    const tokens = f.seen.filter((s) => s.path.startsWith('/token'));
    expect(tokens).toHaveLength(2);
    expect(tokens[0]!.path).toContain('scope=repository%3Arepo%2Fapp%3Apull');
    expect(tokens[0]!.path).toContain('service=fake');
  });

  it('an index: attestation manifests are never offered or picked', async () => {
    const real = img.images[0]!.manifestDigest;
    const size = readFileSync(join(img.path, 'blobs', 'sha256', real.slice(7))).length;
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: MANIFEST_TYPE, digest: real, size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { mediaType: MANIFEST_TYPE, digest: `sha256:${'c'.repeat(64)}`, size: 100, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      ],
    });
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
        res.end(req.method === 'HEAD' ? undefined : index);
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts(), platform: 'linux/amd64' })).rejects.toThrow('no image for platform linux/amd64; available: linux/arm64/v8 (choose one with --platform)');
    const image = await openImage(`${f.host}/repo/app:1`, { remote: opts(), platform: 'linux/arm64' });
    expect(image.manifestDigest).toBe(real);
    expect(image.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    await image.close();
    expect(f.seen.some((s) => s.path.includes('c'.repeat(64)))).toBe(false);
  });

  it('refuses a schema 1 manifest, saying how to convert it', async () => {
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' });
        res.end(JSON.stringify({ schemaVersion: 1, name: 'repo/app', tag: '1', fsLayers: [], history: [] }));
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(/Docker schema 1 manifest .*skopeo copy --format v2s2/);
  });

  it('refuses an OCI artifact (a Helm chart), naming its config type', async () => {
    const config = Buffer.from('{}');
    const { createHash } = await import('node:crypto');
    const cd = `sha256:${createHash('sha256').update(config).digest('hex')}`;
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: cd, size: 2 },
      layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: cd, size: 2 }],
    });
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE });
        res.end(manifest);
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(
      `not a container image: the manifest's config is "application/vnd.cncf.helm.config.v1+json"`,
    );
  });

  it('a manifest whose bytes do not hash to the digest the registry states is refused', async () => {
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'docker-content-digest': `sha256:${'a'.repeat(64)}` });
        res.end(readFileSync(join(img.path, 'blobs', 'sha256', img.images[0]!.manifestDigest.slice(7))));
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(
      `manifest digest mismatch: the registry says sha256:${'a'.repeat(64)}, the bytes hash to ${img.images[0]!.manifestDigest}`,
    );
  });

  it('403 is denied, naming the repository; a server without /v2/ is not a registry', async () => {
    const f = await fakeRegistry(img.path, (req, res) => {
      if (req.url === '/v2/repo/app/manifests/1') {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
        return true;
      }
      return false;
    });
    await expect(openImage(`${f.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(
      `denied: ${f.host} refused access to repo/app (DENIED: requested access to the resource is denied)`,
    );
    const web = await listen(
      http.createServer((_req, res) => {
        res.writeHead(404);
        res.end('not found');
      }),
      [],
    );
    await expect(openImage(`${web.host}/repo/app:1`, { remote: opts() })).rejects.toThrow(`${web.host} is not an OCI distribution registry (GET /v2/ answered 404)`);
  });

  it('a refused connection is reported at once, naming the host', async () => {
    const f = await fakeRegistry(img.path);
    const host = f.host;
    await f.close();
    servers.length = 0;
    await expect(openImage(`${host}/repo/app:1`, { remote: opts() })).rejects.toThrow(`connection refused by ${host}: is a registry listening there?`);
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 1, 0)).toUTCString(), Date.UTC(2030, 0, 1, 0, 0, 0))).toBe(60);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });
});

describe('proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)', () => {
  const ip = outsideIp();
  if (!ip) console.warn('proxy tests through a live proxy skipped: this machine has no non-loopback IPv4 address (loopback is never proxied)');

  it('NO_PROXY rules as Go reads them; loopback never goes through a proxy', () => {
    expect(noProxyMatches('*', 'a.io', '443')).toBe(true);
    expect(noProxyMatches('example.com', 'reg.example.com', '443')).toBe(true);
    expect(noProxyMatches('.example.com', 'example.com', '443')).toBe(false);
    expect(noProxyMatches('example.com', 'badexample.com', '443')).toBe(false);
    expect(noProxyMatches('reg.io:5000', 'reg.io', '5000')).toBe(true);
    expect(noProxyMatches('reg.io:5000', 'reg.io', '443')).toBe(false);
    expect(noProxyMatches('10.0.0.0/8, 192.168.1.5', '10.1.2.3', '443')).toBe(true);
    expect(noProxyMatches('10.0.0.0/8, 192.168.1.5', '192.168.1.5', '80')).toBe(true);
    expect(noProxyMatches('10.0.0.0/8', '11.0.0.1', '443')).toBe(false);
    const env = { HTTPS_PROXY: 'http://u:p%40ss@proxy:3128', http_proxy: 'proxy:8080', NO_PROXY: 'internal.io' };
    expect(proxyFor(new URL('https://ghcr.io/v2/'), env)).toMatchObject({ authorization: `Basic ${Buffer.from('u:p@ss').toString('base64')}` });
    expect(proxyFor(new URL('https://ghcr.io/v2/'), env)!.url.host).toBe('proxy:3128');
    expect(proxyFor(new URL('http://plain.io/v2/'), env)!.url.host).toBe('proxy:8080');
    expect(proxyFor(new URL('https://x.internal.io/v2/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:5000/v2/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://localhost/v2/'), env)).toBeUndefined();
  });

  it.skipIf(!ip)('an insecure registry through the proxy: the CONNECT tunnel for HTTPS, then plain HTTP in absolute form, with proxy credentials', async () => {
    const img = await cachedImage({ layers: [{ entries: [{ path: 'x', content: 'through the proxy' }] }] }, { format: 'oci', compression: 'gzip' });
    const f = await fakeRegistry(img.path, undefined, ip);
    const proxy = await startProxy({ user: 'pu', password: 'pp' });
    try {
      const withCreds = proxy.url.replace('http://', 'http://pu:pp@');
      const o = opts({ insecureRegistries: [f.host], env: { HOME: tmpdir(), HTTPS_PROXY: withCreds, HTTP_PROXY: withCreds } });
      const r = await readAllLayers(`${f.host}/repo/app:1`, o);
      expect(r.layers).toHaveLength(1);
      const lines = proxy.log.map((l) => l.line);
      expect(lines[0]).toBe(`CONNECT ${f.host}`);
      expect(lines).toContain(`GET http://${f.host}/v2/`);
      expect(lines.filter((l) => l.includes('/blobs/'))).toHaveLength(2);
      expect(proxy.log.every((l) => l.user === 'pu')).toBe(true);
      // The same with NO_PROXY naming the registry: the proxy sees nothing more.
      const before = proxy.log.length;
      await readAllLayers(`${f.host}/repo/app:1`, opts({ insecureRegistries: [f.host], env: { HOME: tmpdir(), HTTPS_PROXY: withCreds, HTTP_PROXY: withCreds, NO_PROXY: ip } }));
      expect(proxy.log.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it.skipIf(!ip)('a proxy refusing the tunnel (407) is reported as the proxy\'s doing, without its password', async () => {
    const img = await cachedImage({ layers: [{ entries: [{ path: 'x', content: 'through the proxy' }] }] }, { format: 'oci', compression: 'gzip' });
    const f = await fakeRegistry(img.path, undefined, ip);
    const proxy = await startProxy({ user: 'pu', password: 'right' });
    try {
      const bad = proxy.url.replace('http://', 'http://pu:wrong-secret@');
      const err = await openImage(`${f.host}/repo/app:1`, { remote: opts({ env: { HOME: tmpdir(), HTTPS_PROXY: bad } }) }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toContain(
        `${f.host}/repo/app:1: proxy ${proxy.url} refused the tunnel to ${f.host} (407 Proxy Authentication Required); check HTTPS_PROXY/HTTP_PROXY, or add ${ip} to NO_PROXY`,
      );
      expect(err?.message).not.toContain('wrong-secret');
    } finally {
      await proxy.close();
    }
  });
});
