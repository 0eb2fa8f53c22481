import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedImage, writeImage, writeMultiPlatform, zstdEncoder, type Compression, type ImageFormat } from '../../fixtures/generator/index.js';
import { openImage, readLayers } from '../../src/layers/index.js';
import { hostPlatform } from '../../src/layers/platform.js';
import { byPath, entries, kinds, readAll, SAMPLE, tempDir } from './helpers.js';

const FORMATS: ImageFormat[] = ['docker-archive', 'docker-archive-25', 'oci-archive', 'oci'];
const zstdOk = zstdEncoder() !== undefined;
if (!zstdOk) console.warn('zstd fixtures skipped: neither Node 22.15+ zlib zstd nor the zstd command is available (apt-get install zstd)');
const COMPRESSIONS: Compression[] = zstdOk ? ['none', 'gzip', 'zstd'] : ['none', 'gzip'];

function sha(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}

describe.each(FORMATS)('format %s', (format) => {
  it.each(COMPRESSIONS)('reads every layer, in order, with %s layers', async (compression) => {
    const w = await cachedImage(SAMPLE, { format, compression });
    for (const ref of [w.path, w.ref]) {
      const image = await openImage(ref);
      expect(image.source).toBe(format === 'oci' ? 'oci' : format === 'oci-archive' ? 'oci-archive' : 'docker-archive');
      expect(image.layers.map((l) => l.diffId)).toEqual(w.images[0]!.layers.map((l) => l.diffId));
      expect(image.config.config?.User).toBe('app');
      expect(image.configDigest).toBe(w.images[0]!.configDigest);
      await image.close();
    }
    const layers = await readAll(w.path, { workers: false });
    expect(layers.map((l) => l.compression)).toEqual([compression, compression, compression]);
    expect(layers.map((l) => l.diffId)).toEqual(w.images[0]!.layers.map((l) => l.diffId));
    expect(layers.map((l) => l.digest)).toEqual(w.images[0]!.layers.map((l) => l.digest));
    expect(layers.map((l) => l.uncompressedSize)).toEqual(w.images[0]!.layers.map((l) => l.uncompressedSize));

    const base = byPath(layers[0]!);
    expect(base.get('/etc/passwd')).toMatchObject({ type: 'file', size: 26, mode: 0o644, uid: 0, contentHash: sha('root:x:0:0::/root:/bin/sh\n') });
    expect(base.get('/etc/hostname')).toMatchObject({ mode: 0o600, uid: 1000, gid: 1000 });
    expect(base.get('/bin/app')).toMatchObject({ type: 'file', size: 100_000, mode: 0o4755 });
    expect(base.get('/bin/app-link')).toMatchObject({ type: 'hardlink', linkname: '/bin/app', size: 0 });
    expect(base.get('/bin/sh')).toMatchObject({ type: 'symlink', linkname: 'app' });
    expect(base.get('/dev/null')).toMatchObject({ type: 'char', devmajor: 1, devminor: 3 });
    expect(base.get('/dev/sda')).toMatchObject({ type: 'block', devmajor: 8, devminor: 0 });
    expect(base.get('/dev/pipe')).toMatchObject({ type: 'fifo' });
    expect(base.get('/etc')).toMatchObject({ type: 'dir', mode: 0o755 });
    expect(kinds(layers[1]!.events)).toEqual(['opaque:/cache', 'file:/etc/passwd', 'whiteout:/etc/hostname']);
    // Same bytes in layer 0 and layer 1: the same content hash, so a chmod-only copy is recognisable.
    expect(byPath(layers[1]!).get('/etc/passwd')!.contentHash).toBe(base.get('/etc/passwd')!.contentHash);
    expect(entries(layers[2]!)).toHaveLength(1);
  });
});

describe('workers', () => {
  it('deliver the same events as the in-process reader, in layer order, both with transferred chunks and direct reads', async () => {
    const w = await cachedImage(SAMPLE, { format: 'oci-archive', compression: 'gzip' });
    const inProcess = await readAll(w.path, { workers: false });
    const direct = await readAll(w.path, { workers: 2 });
    const transferred = await readAll(w.path, { workers: 2, directRead: false });
    const strip = (ls: typeof inProcess) => ls.map((l) => ({ ...l, layer: l.layer.index }));
    expect(strip(direct)).toEqual(strip(inProcess));
    expect(strip(transferred)).toEqual(strip(inProcess));
  });

  it('take any stream a source gives (registry-style small chunks, no byte range) and read it the same', async () => {
    const { Readable } = await import('node:stream');
    const w = await cachedImage(SAMPLE, { format: 'oci', compression: 'gzip' });
    const image = await openImage(w.path);
    const streamed = {
      ...image,
      layers: image.layers.map((l) => ({
        ...l,
        byteRange: undefined,
        open: async () => {
          const chunks: Buffer[] = [];
          for await (const c of await l.open()) chunks.push(c as Buffer);
          const all = Buffer.concat(chunks);
          // 1,000-byte chunks, each in its own ArrayBuffer slice of a shared one, as HTTP bodies come.
          return Readable.from((function* () {
            for (let i = 0; i < all.length; i += 1000) yield all.subarray(i, i + 1000);
          })());
        },
      })),
    };
    const viaChunks = [];
    for await (const l of readLayers(streamed, { workers: 2 })) viaChunks.push({ ...l, layer: l.layer.index });
    const direct = (await readAll(w.path, { workers: false })).map((l) => ({ ...l, layer: l.layer.index }));
    expect(viaChunks).toEqual(direct);
  });

  it('deliver layers in order even when many layers run at once', async () => {
    const spec = {
      layers: Array.from({ length: 9 }, (_, i) => ({
        entries: [{ path: `layer${i}/file`, content: { size: (9 - i) * 50_000, seed: i } }],
      })),
    };
    const w = await cachedImage(spec, { format: 'oci', compression: 'gzip' });
    const layers = await readAll(w.path, { workers: 3 });
    expect(layers.map((l) => entries(l)[0]!.path)).toEqual(spec.layers.map((_, i) => `/layer${i}/file`));
  });
});

describe('fixture generator', () => {
  it('writes byte-identical archives for the same spec (fixed mtimes, no host data)', async () => {
    const { readFile } = await import('node:fs/promises');
    const dir = await tempDir();
    for (const format of ['docker-archive', 'oci-archive'] as const) {
      const a = await writeImage(SAMPLE, join(dir, `a-${format}.tar`), { format, compression: 'gzip' });
      const b = await writeImage(SAMPLE, join(dir, `b-${format}.tar`), { format, compression: 'gzip' });
      expect(sha(await readFile(a.path))).toBe(sha(await readFile(b.path)));
    }
  });
});

describe('stopping early', () => {
  it.each([false, 2] as const)('a consumer that breaks after the first layer ends the walk cleanly (workers: %s)', async (workers) => {
    const spec = { layers: Array.from({ length: 6 }, (_, i) => ({ entries: [{ path: `f${i}`, content: { size: 400_000, seed: i } }] })) };
    const w = await cachedImage(spec, { format: 'oci-archive', compression: 'gzip' });
    const image = await openImage(w.path);
    const seen: number[] = [];
    for await (const l of readLayers(image, { workers })) {
      seen.push(l.layer.index);
      break;
    }
    expect(seen).toEqual([0]);
    // The same image reads in full afterwards: nothing was left locked or half-done.
    expect(await readAll(w.path, { workers })).toHaveLength(6);
  });
});

describe('layer order', () => {
  it('follows the manifest, not file or blob-name order', async () => {
    // Blob names sort differently from layer order; the manifest is the only authority.
    const spec = { layers: ['zzz', 'aaa', 'mmm'].map((n) => ({ entries: [{ path: n, content: n }] })) };
    for (const format of FORMATS) {
      const w = await cachedImage(spec, { format, compression: 'none' });
      const layers = await readAll(w.path, { workers: false });
      expect(layers.map((l) => entries(l)[0]!.path)).toEqual(['/zzz', '/aaa', '/mmm']);
    }
  });

  it('reads an image that lists the same blob twice (the common empty layer)', async () => {
    const empty = { entries: [] };
    const spec = { layers: [empty, { entries: [{ path: 'x', content: 'x' }] }, empty] };
    for (const format of ['oci', 'oci-archive', 'docker-archive-25'] as const) {
      const w = await cachedImage(spec, { format, compression: 'gzip' });
      const layers = await readAll(w.path, { workers: 2 });
      expect(layers.map((l) => l.events.length)).toEqual([0, 1, 0]);
      expect(layers[0]!.digest).toBe(layers[2]!.digest);
    }
  });

  it('reads a legacy archive whose duplicate layer.tar is a symlink to an earlier one', async () => {
    const same = { entries: [{ path: 'same', content: 'same bytes' }] };
    const spec = { layers: [same, { entries: [{ path: 'other', content: 'x' }] }, same] };
    const w = await cachedImage(spec, { format: 'docker-archive', compression: 'none' });
    const layers = await readAll(w.path, { workers: false });
    expect(layers.map((l) => entries(l)[0]!.path)).toEqual(['/same', '/other', '/same']);
    expect(layers[0]!.diffId).toBe(layers[2]!.diffId);
  });
});

describe('platforms', () => {
  const arm = { ...SAMPLE, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } };
  const amd = { ...SAMPLE, layers: [{ entries: [{ path: 'amd', content: 'amd64' }] }] };
  const s390 = { ...SAMPLE, layers: [{ entries: [{ path: 's390x', content: 's390x' }] }], platform: { os: 'linux', architecture: 's390x' } };

  it('picks --platform from a nested index, and the host platform by default', async () => {
    const w = await cachedImage([amd, arm, s390], { format: 'oci', compression: 'gzip', nested: true });
    const a = await openImage(w.path, { platform: 'linux/arm64' });
    expect(a.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(a.layers).toHaveLength(3);
    const s = await openImage(w.ref, { platform: 'linux/s390x' });
    expect(s.layers).toHaveLength(1);
    const host = hostPlatform();
    if (host.os === 'linux' && ['amd64', 'arm64', 's390x'].includes(host.architecture)) {
      const h = await openImage(w.path);
      expect(h.platform?.architecture).toBe(host.architecture);
    }
  });

  it('names the available platforms when the wanted one is missing', async () => {
    const w = await cachedImage([amd, arm], { format: 'oci-archive', compression: 'gzip', nested: false });
    await expect(openImage(w.path, { platform: 'linux/ppc64le' })).rejects.toThrow(
      /no image for platform linux\/ppc64le; available: linux\/amd64, linux\/arm64\/v8/,
    );
    await expect(openImage(w.path, { platform: 'not a platform' })).rejects.toThrow(/invalid platform/);
  });

  it('needs no platform for an index with exactly one manifest, whatever its platform', async () => {
    const w = await cachedImage([s390], { format: 'oci', compression: 'gzip' });
    const img = await openImage(w.path);
    expect(img.platform?.architecture).toBe('s390x');
  });

  it('skips platforms whose blobs are missing (containerd docker save) and reads the one present', async () => {
    const w = await cachedImage([amd, arm], {
      format: 'docker-archive-25',
      compression: 'gzip',
      omitPlatforms: ['linux/amd64'],
    });
    const img = await openImage(w.path);
    expect(img.platform?.architecture).toBe('arm64');
    expect(img.tags).toEqual(['plimsoll/sample:1']);
    const layers = [];
    for await (const l of readLayers(img, { workers: false })) layers.push(l);
    expect(layers).toHaveLength(3);
    await expect(openImage(w.path, { platform: 'linux/amd64' })).rejects.toThrow(/available: linux\/arm64\/v8/);
  });
});

describe('docker save variants', () => {
  it('reads manifest.json alone when it points at compressed registry blobs (containerd store, no usable index)', async () => {
    const w = await cachedImage(SAMPLE, { format: 'docker-archive-25', compression: 'gzip', omitFiles: ['oci-layout', 'index.json'] });
    const image = await openImage(w.path);
    expect(image.source).toBe('docker-archive');
    expect(image.layers.map((l) => l.digest)).toEqual(w.images[0]!.layers.map((l) => l.digest));
    const layers = await readAll(w.path, { workers: false });
    expect(layers.map((l) => l.compression)).toEqual(['gzip', 'gzip', 'gzip']);
    expect(layers.map((l) => l.diffId)).toEqual(w.images[0]!.layers.map((l) => l.diffId));
  });

  it('falls back to manifest.json when no index entry has its blobs', async () => {
    const w = await cachedImage(SAMPLE, {
      format: 'docker-archive-25',
      compression: 'gzip',
      mutate: { index: (b) => Buffer.from(b.toString().replace(/"digest":"sha256:[0-9a-f]{64}"/, `"digest":"sha256:${'5'.repeat(64)}"`)) },
    });
    const image = await openImage(w.path);
    expect(image.layers).toHaveLength(3);
    expect(image.tags).toEqual(['plimsoll/sample:1']);
  });
});

describe('references', () => {
  it('selects a tag with oci:DIR:TAG and oci-archive:FILE:TAG, and lists tags when it is missing', async () => {
    const w = await cachedImage({ ...SAMPLE, tag: 'example/app:2.1' }, { format: 'oci', compression: 'gzip' });
    const img = await openImage(`oci:${w.path}:2.1`);
    expect(img.tags).toEqual(['docker.io/example/app:2.1']);
    await expect(openImage(`oci:${w.path}:9.9`)).rejects.toThrow(/no image tagged "9.9".*2\.1/);
    const a = await cachedImage({ ...SAMPLE, tag: 'example/app:2.1' }, { format: 'oci-archive', compression: 'gzip' });
    expect((await openImage(`oci-archive:${a.path}:2.1`)).layers).toHaveLength(3);
    const d = await cachedImage({ ...SAMPLE, tag: 'example/app:2.1' }, { format: 'docker-archive', compression: 'none' });
    expect((await openImage(`docker-archive:${d.path}:example/app:2.1`)).tags).toEqual(['example/app:2.1']);
  });

  it('detects the format by content, not by file name', async () => {
    const dir = await tempDir();
    const misleading = join(dir, 'image.oci.tar.gz');
    await writeImage(SAMPLE, misleading, { format: 'docker-archive', compression: 'none' });
    expect((await openImage(misleading)).source).toBe('docker-archive');
  });

  it('refuses a forced prefix that does not fit', async () => {
    const w = await cachedImage(SAMPLE, { format: 'oci', compression: 'gzip' });
    await expect(openImage(`oci-archive:${w.path}`)).rejects.toThrow(/expects a tar file/);
    const a = await cachedImage(SAMPLE, { format: 'oci-archive', compression: 'gzip' });
    await expect(openImage(`oci:${a.path}`)).rejects.toThrow(/expects an OCI image layout folder/);
  });

  it('hands references it does not own to registered sources (registry and daemon plug in here)', async () => {
    const { registerImageSource } = await import('../../src/layers/open.js');
    const w = await cachedImage(SAMPLE, { format: 'oci', compression: 'gzip' });
    registerImageSource({
      name: 'test-fake',
      handles: (ref) => ref.startsWith('fake://'),
      open: async (ref, { platform }) => ({ ...(await openImage(w.path, { platform })), reference: ref, source: 'registry' }),
    });
    const img = await openImage('fake://example/app:1', { platform: 'linux/amd64' });
    expect(img).toMatchObject({ reference: 'fake://example/app:1', source: 'registry' });
    expect(img.layers).toHaveLength(3);
  });

  it('says a missing local path is missing (and is no registry reference)', async () => {
    await expect(openImage('/nonexistent/dir/image.tar')).rejects.toThrow(/no such file or directory/);
    await expect(openImage('docker-archive:/nonexistent/image.tar')).rejects.toThrow(/no such file or directory: \/nonexistent\/image.tar/);
  });
});

describe('multi-platform docker-archive-25 and zstd', () => {
  it.skipIf(!zstdOk)('reads a zstd multi-platform OCI archive', async () => {
    const w = await writeMultiPlatform(
      [SAMPLE, { ...SAMPLE, platform: { os: 'linux', architecture: 'arm64' } }],
      join(await tempDir(), 'multi.tar'),
      { format: 'oci-archive', compression: 'zstd' },
    );
    const layers = await readAll(w.path, { platform: 'linux/arm64', workers: 2 });
    expect(layers.map((l) => l.compression)).toEqual(['zstd', 'zstd', 'zstd']);
  });
});
