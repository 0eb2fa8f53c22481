/**
 * Hostile and broken images: each must end in a clear PlimsollInputError naming the file and
 * layer, or an invalid-entry report, and never a crash, a hang, or a file written.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cachedImage, tar, writeImage, zstdEncoder, type FixtureImage } from '../../fixtures/generator/index.js';
import { openImage, readLayers } from '../../src/layers/index.js';
import { PlimsollInputError } from '../../src/rules/finding.js';
import { entries, readAll, tempDir } from './helpers.js';

const { entryHeader, headerBlock, padding, endOfArchive } = tar;

async function inputError(p: Promise<unknown>): Promise<PlimsollInputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PlimsollInputError);
    return e as PlimsollInputError;
  }
  throw new Error('expected an input error');
}

/** Reads the image; returns the error. */
async function readError(ref: string, opts: Parameters<typeof readAll>[1] = {}): Promise<PlimsollInputError> {
  return inputError(readAll(ref, opts));
}

const base = { entries: [{ path: 'ok', content: 'fine' }] };

describe('hostile entries', () => {
  it('refuse names with .. and keep absolute names inside the root', async () => {
    const w = await cachedImage({ layers: [{ entries: [{ path: '../../etc/evil', content: 'x' }, { path: 'a/../../b', content: 'y' }, { path: '/etc/abs', content: 'z' }] }] }, { format: 'oci', compression: 'gzip' });
    const [l] = await readAll(w.path, { workers: false });
    expect(l!.events).toEqual([
      expect.objectContaining({ kind: 'invalid', reason: 'dot-dot', name: '../../etc/evil', kept: false }),
      expect.objectContaining({ kind: 'invalid', reason: 'dot-dot', name: 'a/../../b', kept: false }),
      expect.objectContaining({ kind: 'entry', path: '/etc/abs' }),
    ]);
  });

  it('refuse hardlinks out of the root; keep symlinks that climb above / but flag them', async () => {
    const w = await cachedImage(
      {
        layers: [
          {
            entries: [
              { path: 'etc/link', type: 'symlink', target: '../../../../etc/shadow' },
              { path: 'usr/lib/ok', type: 'symlink', target: '../../lib/ok' },
              { path: 'abs', type: 'symlink', target: '/etc/passwd' },
              { path: 'hl', type: 'hardlink', target: '../../etc/shadow' },
              { path: 'dot', type: 'symlink', target: '.' },
              { path: '.', type: 'symlink', target: '/' },
            ],
          },
        ],
      },
      { format: 'oci-archive', compression: 'none' },
    );
    const [l] = await readAll(w.path, { workers: false });
    const summary = l!.events.map((e) => (e.kind === 'invalid' ? `invalid:${e.reason}:${e.kept}` : `${e.kind}:${'path' in e ? e.path : ''}`));
    expect(summary).toEqual([
      'invalid:symlink-escapes-root:true',
      'entry:/etc/link',
      'entry:/usr/lib/ok',
      'entry:/abs',
      'invalid:hardlink-escapes:false',
      'entry:/dot',
      'invalid:root-not-directory:false',
    ]);
  });

  it('deliver a hardlink to a lower-layer file with a notice, for the union tree to decide', async () => {
    const w = await cachedImage(
      { layers: [{ entries: [{ path: 'bin/busybox', content: 'bb' }] }, { entries: [{ path: 'bin/sh', type: 'hardlink', target: 'bin/busybox' }] }] },
      { format: 'oci', compression: 'gzip' },
    );
    const [, top] = await readAll(w.path, { workers: false });
    expect(top!.events).toEqual([
      expect.objectContaining({ kind: 'notice', code: 'hardlink-to-lower-layer', path: '/bin/sh', linkname: '/bin/busybox' }),
      expect.objectContaining({ kind: 'entry', type: 'hardlink', path: '/bin/sh', linkname: '/bin/busybox' }),
    ]);
  });

  it('report a bare .wh. and keep the folder', async () => {
    const w = await cachedImage({ layers: [base, { entries: [{ path: 'etc/.wh.', content: '' }] }] }, { format: 'oci', compression: 'gzip' });
    const [, top] = await readAll(w.path, { workers: false });
    expect(top!.events).toEqual([expect.objectContaining({ kind: 'invalid', reason: 'bare-whiteout', path: '/etc/.wh.' })]);
  });
});

describe('broken blobs', () => {
  const spec: FixtureImage = { layers: [base, { entries: [{ path: 'second', content: { size: 50_000, seed: 3 } }] }] };

  it.each([false, 2] as const)('a digest mismatch names the layer and both digests (workers: %s)', async (workers) => {
    const bad = 'sha256:' + '1'.repeat(64);
    const w = await cachedImage({ layers: [base, { ...spec.layers[1]!, digestOverride: bad }] }, { format: 'oci', compression: 'gzip' });
    const e = await readError(w.path, { workers });
    expect(e.detail.source).toBe(w.path);
    expect(e.detail.layer).toBe(`#1 ${bad}`);
    expect(e.message).toMatch(new RegExp(`blob digest mismatch: expected ${bad}, got sha256:[0-9a-f]{64}`));
  });

  it.each([false, 2] as const)('a diffId mismatch names the layer and both digests (workers: %s)', async (workers) => {
    const bad = 'sha256:' + '2'.repeat(64);
    const w = await cachedImage({ layers: [base, { ...spec.layers[1]!, diffIdOverride: bad }] }, { format: 'oci-archive', compression: 'gzip' });
    const e = await readError(w.path, { workers });
    expect(e.detail.layer).toMatch(/^#1 sha256:/);
    expect(e.message).toMatch(new RegExp(`diffId mismatch: the config says ${bad}, the uncompressed tar hashes to sha256:[0-9a-f]{64}`));
  });

  it.each(['none', 'gzip'] as const)('a truncated %s blob is a truncated-blob error naming the layer', async (compression) => {
    const w = await cachedImage({ layers: [base, { ...spec.layers[1]!, truncateBlobTo: 3000 }] }, { format: 'oci', compression });
    const e = await readError(w.path, { workers: false });
    expect(e.detail.layer).toMatch(/^#1 sha256:/);
    expect(e.message).toMatch(/truncated/);
  });

  it('Layer.open() verifies by default: the stream fails on a digest mismatch, naming the layer', async () => {
    const bad = 'sha256:' + '6'.repeat(64);
    const w = await cachedImage({ layers: [base, { ...spec.layers[1]!, digestOverride: bad }] }, { format: 'oci-archive', compression: 'gzip' });
    const image = await openImage(w.path);
    expect(image.layers[1]!.byteRange).toMatchObject({ file: w.path });
    const drain = async (verify?: boolean) => {
      let n = 0;
      for await (const c of await image.layers[1]!.open(verify === undefined ? undefined : { verify })) n += (c as Buffer).length;
      return n;
    };
    await expect(drain()).rejects.toThrow(new RegExp(`layer #1 ${bad}\\): blob digest mismatch`));
    expect(await drain(false)).toBe(image.layers[1]!.size);
  });

  it('a missing layer blob is an error when the image is opened', async () => {
    const w = await cachedImage({ layers: [base, { ...spec.layers[1]!, omitBlob: true }] }, { format: 'oci-archive', compression: 'gzip' });
    const e = await inputError(openImage(w.path));
    expect(e.detail.layer).toMatch(/^#1 sha256:/);
    expect(e.message).toMatch(/layer blob is missing/);
  });

  it('a tar header claiming 9 GiB in a small blob is a truncated-blob error, not a hang or an allocation', async () => {
    const raw = Buffer.concat([headerBlock({ name: 'huge', typeflag: '0', size: 9 * 1024 ** 3 }), Buffer.alloc(100, 0x41)]);
    for (const compression of ['none', 'gzip'] as const) {
      const w = await cachedImage({ layers: [{ entries: [{ path: '', type: 'raw', bytes: raw }], omitEnd: true }] }, { format: 'oci', compression });
      const e = await readError(w.path, { workers: false });
      expect(e.message).toMatch(/ends inside entry "huge", which claims 9663676416 bytes/);
      expect(e.detail.layer).toMatch(/^#0 /);
    }
  });

  it('a gzip bomb stops at the per-layer limit, in the worker and in-process', async () => {
    const bomb: FixtureImage = { layers: [base, { entries: [{ path: 'zeros', content: { size: 256 * 1024 * 1024, fill: 0 } }] }] };
    const w = await cachedImage(bomb, { format: 'oci-archive', compression: 'gzip', gzipLevel: 1 });
    expect(w.images[0]!.layers[1]!.size).toBeLessThan(2 * 1024 * 1024);
    for (const workers of [false, 1] as const) {
      const e = await readError(w.path, { workers, maxLayerBytes: 16 * 1024 * 1024 });
      expect(e.detail.layer).toMatch(/^#1 sha256:/);
      expect(e.message).toMatch(/uncompressed layer exceeds the limit of 16777216 bytes/);
    }
    const e = await readError(w.path, { workers: false, maxImageBytes: 32 * 1024 * 1024 });
    expect(e.message).toMatch(/uncompressed image exceeds the limit of 33554432 bytes/);
  });

  it.skipIf(!zstdEncoder())('a zstd bomb stops at the limit too', async () => {
    const bomb: FixtureImage = { layers: [{ entries: [{ path: 'zeros', content: { size: 128 * 1024 * 1024, fill: 0 } }] }] };
    const w = await cachedImage(bomb, { format: 'oci', compression: 'zstd' });
    const e = await readError(w.path, { workers: 1, maxLayerBytes: 8 * 1024 * 1024 });
    expect(e.message).toMatch(/exceeds the limit/);
  });

  it('a corrupt gzip stream is a clear error', async () => {
    const dir = await tempDir();
    const w = await writeImage(spec, join(dir, 'img'), { format: 'oci', compression: 'gzip' });
    const blob = join(w.path, 'blobs', 'sha256', w.images[0]!.layers[1]!.digest.slice(7));
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(blob);
    bytes.fill(0x55, 20, 200);
    await writeFile(blob, bytes);
    const e = await readError(w.path, { workers: false });
    expect(e.detail.layer).toMatch(/^#1 /);
    expect(e.message).toMatch(/corrupt gzip data|digest mismatch/);
  });
});

describe('broken documents', () => {
  const spec: FixtureImage = { layers: [base] };
  const garble = () => Buffer.from('{"schemaVersion": 2, "manifests": [');

  it.each([
    ['index', /index\.json.*not valid JSON/],
    ['manifest', /manifest sha256:[0-9a-f]+ is not valid JSON/],
    ['config', /image config is not valid JSON/],
  ] as const)('corrupt %s JSON is an error naming the document', async (doc, re) => {
    const w = await cachedImage(spec, { format: 'oci-archive', compression: 'gzip', mutate: { [doc]: garble } });
    const e = await inputError(openImage(w.path));
    expect(e.detail.source).toBe(w.path);
    expect(e.message).toMatch(re);
  });

  it('corrupt manifest.json in a legacy docker archive', async () => {
    const w = await cachedImage(spec, { format: 'docker-archive', compression: 'none', mutate: { dockerManifest: garble } });
    expect((await inputError(openImage(w.path))).message).toMatch(/manifest\.json.*not valid JSON/);
  });

  it('a config whose diff_ids do not match the layer count', async () => {
    const w = await cachedImage(spec, {
      format: 'oci',
      compression: 'gzip',
      mutate: { config: (b) => Buffer.from(b.toString().replace('"diff_ids":[', '"diff_ids":["sha256:' + '3'.repeat(64) + '",')) },
    });
    expect((await inputError(openImage(w.path))).message).toMatch(/lists 2 diff_ids but the manifest has 1 layers/);
  });

  it('a config with an unknown rootfs.type', async () => {
    const w = await cachedImage(spec, { format: 'oci', compression: 'gzip', mutate: { config: (b) => Buffer.from(b.toString().replace('"type":"layers"', '"type":"squashfs"')) } });
    expect((await inputError(openImage(w.path))).message).toMatch(/rootfs.type is "squashfs", expected "layers"/);
  });
});

describe('not images', () => {
  it.each([
    ['plain text', Buffer.from('hello, this is not an image\n'.repeat(100)), /not an image: neither a tar archive/],
    ['an empty file', Buffer.alloc(0), /too small to be a tar archive/],
    ['a gzip file', gzipSync(Buffer.alloc(4096)), /gzip-compressed; decompress it first/],
    ['a tar of something else', Buffer.concat([entryHeader({ name: 'README', typeflag: '0', size: 2 }), Buffer.from('hi'), padding(2), endOfArchive()]), /neither manifest.json .* nor index.json/],
  ])('%s is refused clearly', async (_name, bytes, re) => {
    const dir = await tempDir();
    const f = join(dir, 'x.tar');
    await writeFile(f, bytes);
    const e = await inputError(openImage(f));
    expect(e.detail.source).toBe(f);
    expect(e.message).toMatch(re);
  });

  it('a folder that is not a layout is refused', async () => {
    const dir = await tempDir();
    expect((await inputError(openImage(dir))).message).toMatch(/folder is not an image/);
  });

  it('a layer.tar symlink leaving the archive is refused', async () => {
    const dir = await tempDir();
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: ['sha256:' + '4'.repeat(64)] } });
    const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: ['x:1'], Layers: ['abc/layer.tar'] }]);
    const member = (name: string, data: string) => Buffer.concat([entryHeader({ name, typeflag: '0', size: Buffer.byteLength(data) }), Buffer.from(data), padding(Buffer.byteLength(data))]);
    const f = join(dir, 'escape.tar');
    await writeFile(
      f,
      Buffer.concat([
        member('c.json', config),
        member('manifest.json', manifest),
        entryHeader({ name: 'abc/layer.tar', typeflag: '2', linkname: '../../../../etc/passwd' }),
        endOfArchive(),
      ]),
    );
    const e = await inputError(openImage(f));
    expect(e.message).toMatch(/leaves the archive/);
  });
});

describe('never writes files', () => {
  it('reading hostile images leaves the image folder and the working folder unchanged', async () => {
    const dir = await tempDir();
    const w = await writeImage(
      { layers: [{ entries: [{ path: '../../escape', content: 'x' }, { path: 'l', type: 'symlink', target: '/etc/passwd' }, { path: 'l/through', content: 'y' }, { path: 'dev/null', type: 'char' }] }] },
      join(dir, 'img.tar'),
      { format: 'docker-archive' },
    );
    const before = [await readdir(dir), await readdir(process.cwd())];
    const image = await openImage(w.path);
    const seen = [];
    for await (const l of readLayers(image, { workers: 1 })) seen.push(...entries(l).map((e) => e.path));
    expect(seen).toEqual(['/l', '/l/through', '/dev/null']);
    expect([await readdir(dir), await readdir(process.cwd())]).toEqual(before);
  });
});
