/**
 * The engine source reads `GET /images/ID/get` as one stream, walking layers as they arrive:
 * archives in the orders podman and Docker send them, symlinked layers, members that never
 * come, streams cut short, contents handed over once, probes, limits, and nothing on disk.
 * A fake engine on a unix socket serves archives built from the fixture generator.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type ImageFormat, type WriteOptions } from '../../fixtures/generator/index.js';
import { main } from '../../src/cli.js';
import { analyseImage } from '../../src/layers/analysis.js';
import { openImage, readLayers, type OpenImageOptions } from '../../src/layers/index.js';
import { classify } from '../../src/layers/sources/daemon-archive.js';
import type { Image, LayerContents } from '../../src/layers/types.js';
import { PRIVATE_KEY } from '../rules/tokens.js';
import { removeScratchDirs, scratchDir } from '../helpers/registry.js';

afterAll(removeScratchDirs);

const TINY_PROBE = fileURLToPath(new URL('./probes/tiny-probe.ts', import.meta.url));

const IMAGE: FixtureImage = {
  tag: 'plimsoll/stream-test:1',
  config: { User: 'app' },
  layers: [
    { createdBy: 'ADD rootfs /', entries: [{ path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }, { path: 'bin/app', content: { size: 300_000, seed: 5 }, mode: 0o755 }] },
    { createdBy: 'RUN rm', entries: [{ path: 'etc/passwd', type: 'whiteout' }, { path: 'data/big', content: { size: 500_000, seed: 6 } }, { path: 'root/.ssh/id_ed25519', content: PRIVATE_KEY, mode: 0o600 }] },
    { createdBy: 'COPY x', entries: [{ path: 'data/x', content: 'x\n' }] },
  ],
};

/** Layers 0 and 2 are the same tar: legacy archives link the second to the first. */
const DUPLICATED: FixtureImage = {
  tag: 'plimsoll/stream-dup:1',
  layers: [
    { createdBy: 'COPY a', entries: [{ path: 'a/file', content: { size: 20_000, seed: 1 } }, { path: 'a/two', content: 'two\n' }] },
    { createdBy: 'COPY b', entries: [{ path: 'b/file', content: 'b\n' }] },
    { createdBy: 'COPY a', entries: [{ path: 'a/file', content: { size: 20_000, seed: 1 } }, { path: 'a/two', content: 'two\n' }] },
  ],
};

interface Entry {
  header: tar.Header;
  data: Buffer;
}

async function entriesOf(file: string): Promise<Entry[]> {
  const out: Entry[] = [];
  const extract = tar.extract();
  const done = (async () => {
    for await (const e of extract) {
      const chunks: Buffer[] = [];
      for await (const c of e) chunks.push(c as Buffer);
      out.push({ header: e.header, data: Buffer.concat(chunks) });
    }
  })();
  extract.end(readFileSync(file));
  await done;
  return out;
}

async function pack(entries: Entry[]): Promise<Buffer> {
  const p = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const c of p) chunks.push(c as Buffer);
  })();
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => p.entry({ ...e.header, size: e.data.length }, e.data, (err) => (err ? reject(err) : resolve())));
  }
  p.finalize();
  await collected;
  return Buffer.concat(chunks);
}

const isLayerBlob = (e: Entry) => e.header.type === 'file' && e.data.length >= 512 && e.data.toString('latin1', 257, 262) === 'ustar';

/** podman 4.3's order: every layer first (here in reverse, so arrival order cannot pass for layer order), then the config, then the rest, manifest.json last. */
function podmanOrder(entries: Entry[]): Entry[] {
  const layers = entries.filter(isLayerBlob).reverse();
  const config = entries.filter((e) => /^[0-9a-f]{64}\.json$/.test(e.header.name));
  const manifest = entries.filter((e) => e.header.name === 'manifest.json' || e.header.name === 'repositories');
  const rest = entries.filter((e) => !layers.includes(e) && !config.includes(e) && !manifest.includes(e));
  return [...layers, ...config, ...rest, ...manifest];
}

/** Docker's order: members by path (the config lands among the layers), then index.json, manifest.json, oci-layout, repositories. */
function dockerOrder(entries: Entry[]): Entry[] {
  const last = ['index.json', 'manifest.json', 'oci-layout', 'repositories'];
  const body = entries.filter((e) => !last.includes(e.header.name)).sort((a, b) => (a.header.name < b.header.name ? -1 : 1));
  return [...body, ...last.flatMap((n) => entries.filter((e) => e.header.name === n))];
}

interface FakeEngine {
  sock: string;
  /** Request paths, in order. */
  paths: string[];
  close(): Promise<void>;
}

/** A Docker-compatible engine serving one archive; `cut` ends the body early, cleanly (`end`) or by dropping the connection (`abort`). */
async function fakeEngine(serve: Buffer | (() => Buffer), inspect: Record<string, unknown>, cut?: { at: number; how: 'end' | 'abort' }): Promise<FakeEngine> {
  const dir = scratchDir('plimsoll-fake-engine-');
  const sock = join(dir, 'docker.sock');
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url?.endsWith('/json')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(inspect));
    } else if (req.url?.endsWith('/get')) {
      const archive = typeof serve === 'function' ? serve() : serve;
      if (!cut) {
        res.writeHead(200, { 'content-type': 'application/x-tar' });
        res.end(archive);
      } else if (cut.how === 'end') {
        res.writeHead(200, { 'content-type': 'application/x-tar' });
        res.end(archive.subarray(0, cut.at));
      } else {
        res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': String(archive.length) });
        res.write(archive.subarray(0, cut.at), () => res.socket?.destroy());
      }
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(sock, () => r()));
  return { sock, paths, close: () => new Promise((r) => server.close(() => r())) };
}

async function written(image: FixtureImage, format: ImageFormat, opts: Partial<WriteOptions> = {}) {
  const w = await cachedImage(image, { format, ...opts });
  return { w, entries: await entriesOf(w.path) };
}

function inspectOf(configDigest: string) {
  return { Id: configDigest, RepoTags: ['app:1'], Size: 1_000_000, Os: 'linux', Architecture: 'amd64' };
}

async function all(image: Image, options: Parameters<typeof readLayers>[1] = {}): Promise<LayerContents[]> {
  const out: LayerContents[] = [];
  for await (const l of readLayers(image, options)) out.push(l);
  return out;
}

function summary(layers: LayerContents[]) {
  return layers.map((l) => ({ diffId: l.diffId, digest: l.digest, entries: l.entryCount, bytes: l.fileBytes, events: l.events.length }));
}

async function local(path: string): Promise<LayerContents[]> {
  const image = await openImage(path);
  try {
    return await all(image);
  } finally {
    await image.close();
  }
}

async function withEngine<T>(archive: Buffer | (() => Buffer), configDigest: string, fn: (e: FakeEngine, open: (o?: OpenImageOptions) => Promise<Image>) => Promise<T>, cut?: { at: number; how: 'end' | 'abort' }): Promise<T> {
  const engine = await fakeEngine(archive, inspectOf(configDigest), cut);
  try {
    return await fn(engine, (o = {}) => openImage('docker-daemon:app:1', { ...o, remote: { env: { DOCKER_HOST: `unix://${engine.sock}` } } }));
  } finally {
    await engine.close();
  }
}

describe('engine source: the archive is streamed (fake engine)', () => {
  it.each([
    ['podman 4.3 (every layer, then the config, then manifest.json)', 'docker-archive', podmanOrder],
    ['Docker ≤ 24 (the config among the layers, manifest.json last)', 'docker-archive', dockerOrder],
    ['Docker 25+ (blobs by digest, the config among the layers, index.json and manifest.json last)', 'docker-archive-25', dockerOrder],
  ] as const)('reads the order of %s: layers in manifest order, as read from the archive file, in one request', async (_name, format, order) => {
    const { w, entries } = await written(IMAGE, format);
    const expected = await local(w.path);
    const archive = await pack(order(entries));
    await withEngine(archive, w.images[0]!.configDigest, async (engine, open) => {
      const image = await open();
      expect(image).toMatchObject({ source: 'docker-daemon', configDigest: w.images[0]!.configDigest, tags: ['app:1'] });
      expect(image.layers.map((l) => l.diffId)).toEqual(w.images[0]!.layers.map((l) => l.diffId));
      expect(image.layers.map((l) => l.digest)).toEqual(w.images[0]!.layers.map((l) => l.digest));
      expect(image.layers.every((l) => l.preread)).toBe(true);
      const layers = await all(image);
      expect(summary(layers)).toEqual(summary(expected));
      expect(layers.map((l) => l.layer.index)).toEqual([0, 1, 2]);
      // The layers were read from the one export: readLayers asked the engine for nothing.
      expect(engine.paths).toEqual(['/images/app:1/json', `/images/${w.images[0]!.configDigest}/get`]);
      await image.close();
    });
  });

  it('a symlinked layer.tar is the layer it points to: both layers get its full contents', async () => {
    const { w, entries } = await written(DUPLICATED, 'docker-archive');
    expect(entries.filter((e) => e.header.type === 'symlink')).toHaveLength(1);
    const file = await openImage(w.path);
    const expected = await analyseImage(file);
    await file.close();
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (engine, open) => {
      const image = await open();
      expect(image.layers[0]!.diffId).toBe(image.layers[2]!.diffId);
      const a = await analyseImage(image);
      expect(a.layers[2]!.entries).toBe(a.layers[0]!.entries);
      expect(a.layers[2]!.entries).toBeGreaterThan(0);
      expect(a.layers.map((l) => [l.entries, l.size, l.diff])).toEqual(expected.layers.map((l) => [l.entries, l.size, l.diff]));
      expect(a.wasteItems).toEqual(expected.wasteItems);
      expect(engine.paths.filter((p) => p.endsWith('/get'))).toHaveLength(1);
      await image.close();
    });
  });

  it('a layer named in manifest.json that the engine never sends: exit 2 naming the layer and the engine', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    const missing = entries.filter(isLayerBlob)[1]!;
    await withEngine(await pack(podmanOrder(entries.filter((e) => e !== missing))), w.images[0]!.configDigest, async (engine, open) => {
      await expect(open()).rejects.toThrow(
        `docker-daemon:app:1 (layer #1 ${w.images[0]!.layers[1]!.diffId}, ${missing.header.name}): layer ${missing.header.name} is named in the manifest but the engine at unix://${engine.sock} did not send it`,
      );
    });
  });

  it('the same for a Docker 25+ blob', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive-25');
    const digest = w.images[0]!.layers[2]!.digest;
    const name = `blobs/sha256/${digest.slice(7)}`;
    await withEngine(await pack(dockerOrder(entries.filter((e) => e.header.name !== name))), w.images[0]!.configDigest, async (engine, open) => {
      await expect(open()).rejects.toThrow(`(layer #2 ${digest}, ${name}): layer ${name} is named in the manifest but the engine at unix://${engine.sock} did not send it`);
    });
  });

  it.each([
    ['inside a layer, the connection dropped', 'abort', 0.4],
    ['inside a layer, the body ended', 'end', 0.4],
    ['between members (no end-of-archive marker)', 'end', -1],
  ] as const)('a stream cut short %s: exit 2 saying the archive ended early', async (_name, how, where) => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    const ordered = podmanOrder(entries);
    const archive = await pack(ordered);
    // -1: right after the first member (header and padded content).
    const at = where < 0 ? 512 + Math.ceil(ordered[0]!.data.length / 512) * 512 : Math.floor(archive.length * where);
    await withEngine(
      archive,
      w.images[0]!.configDigest,
      async (engine, open) => {
        const err = await open().then(
          () => undefined,
          (e: Error) => e,
        );
        expect(err?.message).toMatch(new RegExp(`^docker-daemon:app:1: the archive of ${w.images[0]!.configDigest} from the engine at unix://${engine.sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ended early \\(.+\\)`));
        if (where < 0) expect(err?.message).toContain('(no end-of-archive marker)');
      },
      { at, how },
    );
  });

  it('a multi-platform Docker 25+ archive: the platform asked for, among the platforms whose blobs were sent', async () => {
    const arm: FixtureImage = { ...IMAGE, platform: { os: 'linux', architecture: 'arm64' }, layers: [{ entries: [{ path: 'arm', content: 'arm64\n' }] }] };
    const both = await cachedImage([IMAGE, arm], { format: 'docker-archive-25' });
    const [amd64, arm64] = both.images;
    const entries = await entriesOf(both.path);
    const engine = await fakeEngine(await pack(dockerOrder(entries)), { Id: arm64!.configDigest, Os: 'linux', Architecture: 'arm64' });
    try {
      const image = await openImage('docker-daemon:app:1', { platform: 'linux/arm64', remote: { env: { DOCKER_HOST: `unix://${engine.sock}` } } });
      expect(image).toMatchObject({ configDigest: arm64!.configDigest, manifestDigest: arm64!.manifestDigest, platform: { os: 'linux', architecture: 'arm64' } });
      expect(summary(await all(image)).map((l) => l.diffId)).toEqual(arm64!.layers.map((l) => l.diffId));
    } finally {
      await engine.close();
    }
    // containerd's exporter leaves out the platforms not pulled: the one sent is the one read.
    const onlyAmd = await cachedImage([IMAGE, arm], { format: 'docker-archive-25', omitPlatforms: ['linux/arm64'] });
    const sent = await pack(dockerOrder(await entriesOf(onlyAmd.path)));
    await withEngine(sent, amd64!.configDigest, async (_engine, open) => {
      const image = await open();
      expect(image.configDigest).toBe(amd64!.configDigest);
      expect(image.layers.map((l) => l.diffId)).toEqual(amd64!.layers.map((l) => l.diffId));
    });
    const noPlatform = await fakeEngine(sent, { Id: amd64!.configDigest });
    try {
      await expect(openImage('docker-daemon:app:1', { platform: 'linux/arm64', remote: { env: { DOCKER_HOST: `unix://${noPlatform.sock}` } } })).rejects.toThrow(
        'no image for platform linux/arm64; available: linux/amd64 (choose one with --platform)',
      );
    } finally {
      await noPlatform.close();
    }
  });

  it('a layer whose diffId is not the config\'s: exit 2 naming the layer', async () => {
    const wrong = `sha256:${'e'.repeat(64)}`;
    const mutate = { config: (b: Buffer) => Buffer.from(b.toString().replace(/"diff_ids":\["sha256:[0-9a-f]{64}"/, `"diff_ids":["${wrong}"`)) };
    const { w, entries } = await written(IMAGE, 'docker-archive', { mutate });
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (_engine, open) => {
      await expect(open()).rejects.toThrow(
        `docker-daemon:app:1 (layer #0 ${w.images[0]!.layers[0]!.digest}): diffId mismatch: the config says ${wrong}, the uncompressed tar hashes to ${w.images[0]!.layers[0]!.diffId}`,
      );
    });
  });

  it('a corrupt layer: exit 2 naming the layer and what is wrong with it', async () => {
    const gzipped: FixtureImage = { ...IMAGE, layers: IMAGE.layers.map((l, i) => (i === 1 ? { ...l, compression: 'gzip' as const } : l)) };
    const { w, entries } = await written(gzipped, 'docker-archive');
    // The gzip layer (a kaniko-style `<digest>.tar.gz`) cut to its first 2000 bytes.
    const broken = entries.map((e) => (e.header.name.endsWith('.tar.gz') ? { ...e, data: e.data.subarray(0, 2000) } : e));
    expect(broken).not.toEqual(entries);
    await withEngine(await pack(podmanOrder(broken)), w.images[0]!.configDigest, async (_engine, open) => {
      await expect(open()).rejects.toThrow(/^docker-daemon:app:1 \(layer #1 sha256:[0-9a-f]{64}\): .*truncated/);
    });
  });

  it('a layer over the layer limit: exit 2 naming it', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive-25');
    await withEngine(await pack(dockerOrder(entries)), w.images[0]!.configDigest, async (_engine, open) => {
      await expect(open({ read: { maxLayerBytes: 100_000 } })).rejects.toThrow(
        /\(layer #0 sha256:[0-9a-f]{64}\): uncompressed layer exceeds the limit of 100000 bytes/,
      );
    });
  });

  it('a JSON document over 16 MiB is refused when it is needed, not buffered', async () => {
    const mutate = { config: (b: Buffer) => Buffer.from(b.toString().replace('"config":{', `"config":{"Labels":{"big":"${'x'.repeat(17 * 1024 * 1024)}"},`)) };
    const { w, entries } = await written(IMAGE, 'docker-archive', { mutate });
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (_engine, open) => {
      await expect(open()).rejects.toThrow(/\(\w{64}\.json\): image config is a 1\d{7}-byte JSON document, over the 16777216-byte limit$/);
    });
  });

  it('members are told apart by their first bytes', () => {
    const tarHead = Buffer.alloc(512);
    tarHead.write('ustar', 257, 'latin1');
    expect(classify(tarHead)).toBe('blob');
    expect(classify(Buffer.alloc(1024))).toBe('blob'); // an empty tar: two zero blocks
    expect(classify(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('blob');
    expect(classify(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe('blob');
    expect(classify(Buffer.from('\n  {"a":1}'))).toBe('json');
    expect(classify(Buffer.from('[{"Config":"x"}]'))).toBe('json');
    expect(classify(Buffer.from('1.0'))).toBe('other'); // legacy VERSION
    expect(classify(Buffer.alloc(0))).toBe('other');
  });

  it('a link that leaves the archive is refused', async () => {
    const { w, entries } = await written(DUPLICATED, 'docker-archive');
    const evil = entries.map((e) => (e.header.type === 'symlink' ? { ...e, header: { ...e.header, linkname: '../../../etc/passwd' } } : e));
    await withEngine(await pack(evil), w.images[0]!.configDigest, async (_engine, open) => {
      await expect(open()).rejects.toThrow('link to "../../../etc/passwd" leaves the archive (refused)');
    });
  });

  it('content probes run while the stream is read, when given at open', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (engine, open) => {
      const image = await open({ read: { probes: [TINY_PROBE] } });
      const layers = await all(image, { probes: [TINY_PROBE] });
      const hits = layers.flatMap((l) => l.events.flatMap((e) => (e.kind === 'entry' && e.probeHits ? e.probeHits.map((h) => `${l.layer.index} ${e.path} ${h.code}`) : [])));
      expect(hits).toEqual(['1 /root/.ssh/id_ed25519 private-key']);
      expect(engine.paths.filter((p) => p.endsWith('/get'))).toHaveLength(1);
      await image.close();
    });
  });

  it('contents are handed over once; another reading (or other probes) asks the engine again', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive-25');
    await withEngine(await pack(dockerOrder(entries)), w.images[0]!.configDigest, async (engine, open) => {
      const image = await open();
      const first = summary(await all(image));
      const again = summary(await all(image));
      expect(again).toEqual(first);
      // One more export per layer read again.
      expect(engine.paths.filter((p) => p.endsWith('/get'))).toHaveLength(1 + 3);
      const image2 = await open();
      const probed = await all(image2, { probes: [TINY_PROBE] });
      expect(summary(probed)).toEqual(first);
      expect(probed[1]!.events.some((e) => e.kind === 'entry' && e.probeHits?.length)).toBe(true);
      await image.close();
      await image2.close();
    });
  });

  it('a layer read again is checked against its digest', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    let archive = await pack(podmanOrder(entries));
    await withEngine(() => archive, w.images[0]!.configDigest, async (_engine, open) => {
      const image = await open();
      await all(image);
      // The engine now sends another layer's bytes under the first one's name.
      const blobs = entries.filter(isLayerBlob);
      archive = await pack(podmanOrder(entries.map((e) => (e === blobs[0] ? { ...e, data: blobs[2]!.data } : e))));
      const drain = async () => {
        for await (const _ of await image.layers[0]!.open()) void _;
      };
      await expect(drain()).rejects.toThrow(/\(layer #0 sha256:[0-9a-f]{64}\): blob is \d+ bytes but its descriptor says \d+/);
      await image.close();
    });
  });

  it('nothing is written to disk: a missing TMPDIR does not matter, an empty one stays empty', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    const empty = scratchDir('plimsoll-tmp-');
    const saved = process.env.TMPDIR;
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (engine, _open) => {
      try {
        for (const tmp of [join(empty, 'missing'), empty]) {
          process.env.TMPDIR = tmp;
          expect(tmpdir()).toBe(tmp);
          const image = await openImage('docker-daemon:app:1', { remote: { env: { DOCKER_HOST: `unix://${engine.sock}`, TMPDIR: tmp } } });
          expect(summary(await all(image))).toEqual(summary(await local(w.path)));
          await image.close();
        }
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
      }
      expect(existsSync(join(empty, 'missing'))).toBe(false);
      expect(readdirSync(empty)).toEqual([]);
    });
  });

  it('plimsoll image on the engine reports what it reports for the archive file, private key included', async () => {
    const { w, entries } = await written(IMAGE, 'docker-archive');
    const run = async (ref: string, env: NodeJS.ProcessEnv) => {
      let stdout = '';
      const code = await main(['image', ref, '-f', 'json'], {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        readStdin: async () => Buffer.alloc(0),
        cwd: tmpdir(),
        env: { HOME: tmpdir(), ...env },
        stdoutIsTTY: false,
        stderrIsTTY: false,
      });
      return { code, json: JSON.parse(stdout) as { findings: Array<{ ruleId: string; message: string }>; image: { layers: unknown[] } } };
    };
    const fromFile = await run(w.path, {});
    await withEngine(await pack(podmanOrder(entries)), w.images[0]!.configDigest, async (engine) => {
      const fromEngine = await run('docker-daemon:app:1', { DOCKER_HOST: `unix://${engine.sock}` });
      expect(fromEngine.code).toBe(fromFile.code);
      const brief = (r: typeof fromFile) => r.json.findings.map((f) => `${f.ruleId} ${f.message}`).sort();
      expect(brief(fromEngine)).toEqual(brief(fromFile));
      expect(brief(fromEngine).some((f) => f.startsWith('FS003'))).toBe(true);
      expect(fromEngine.json.image.layers).toEqual(fromFile.json.image.layers);
      expect(engine.paths.filter((p) => p.endsWith('/get'))).toHaveLength(1);
    });
  });
});
