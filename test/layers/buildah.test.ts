/**
 * Integration with real tools: buildah builds, skopeo exports in every format, GNU tar is the
 * independent oracle for what each layer holds, and plimsoll must read exactly that.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/layers/index.js';
import type { LayerContents, LayerEvent } from '../../src/layers/types.js';
import { buildahAvailable, buildImage, type BuiltImage } from '../helpers/buildah.js';
import { byPath, entries, readAll } from './helpers.js';

const DEEP = `/long/${'x'.repeat(120)}/${'y'.repeat(60)}`;

const DOCKERFILE = `FROM busybox-base
COPY files/ /app/
RUN mkdir -p /data/sub && echo hello > /data/sub/file && ln /data/sub/file /data/hard && ln -s /data/sub/file /data/soft
RUN chmod 4755 /app/tool && chown 1000:1000 /app/conf.txt
RUN rm /app/remove-me.txt && rm -rf /data/sub
RUN mkdir -p ${DEEP} && echo deep > ${DEEP}/f && mkfifo /data/fifo
CMD ["/bin/sh"]
`;

/** What GNU tar lists in a layer blob, names cleaned the way plimsoll cleans them. */
function gnuTarNames(blob: string, compression: string): string[] {
  const flag = compression === 'zstd' ? ['--zstd'] : compression === 'gzip' ? ['-z'] : [];
  const out = execFileSync('tar', [...flag, '-tf', blob], { maxBuffer: 64 << 20 }).toString();
  return out
    .split('\n')
    .filter(Boolean)
    .map((n) => n.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, ''))
    .filter((n) => n !== '' && n !== '.');
}

/** plimsoll's events turned back into tar names. */
function plimsollNames(events: LayerEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'entry' || e.kind === undefined) {
      if (e.path !== '/') out.push(e.path.slice(1));
    } else if (e.kind === 'whiteout') {
      const i = e.path.lastIndexOf('/');
      out.push(`${e.path.slice(1, i + 1)}.wh.${e.path.slice(i + 1)}`);
    } else if (e.kind === 'opaque') {
      out.push(`${e.path === '/' ? '' : `${e.path.slice(1)}/`}.wh..wh..opq`);
    }
  }
  return out;
}

describe.skipIf(!buildahAvailable)('buildah + skopeo images', () => {
  let img: BuiltImage;
  beforeAll(async () => {
    img = await buildImage({
      name: 'layers-roundtrip',
      dockerfile: DOCKERFILE,
      context: {
        'files/tool': { content: '#!/bin/sh\necho tool\n', mode: 0o755 },
        'files/conf.txt': 'key=value\n',
        'files/remove-me.txt': 'soon gone\n',
      },
    });
  }, 300_000);

  it('reads every OCI layer blob exactly as GNU tar lists it (gzip and zstd)', async () => {
    for (const dir of [img.exports.ociGzip, img.exports.ociZstd]) {
      const image = await openImage(dir);
      const layers = await readAll(dir, { workers: 2 });
      expect(layers.length).toBe(image.layers.length);
      for (const l of layers) {
        const blob = join(dir, 'blobs', 'sha256', l.digest.slice('sha256:'.length));
        expect(plimsollNames(l.events), `layer #${l.layer.index} of ${dir}`).toEqual(gnuTarNames(blob, l.compression));
      }
    }
  });

  it('reads the same layers from docker-archive, oci-archive and both OCI layouts', async () => {
    const read = async (ref: string) => (await readAll(ref, { workers: false })).map((l) => ({ diffId: l.diffId, events: l.events }));
    const reference = await read(img.exports.ociGzip);
    expect(await read(img.exports.dockerArchive)).toEqual(reference);
    expect(await read(img.exports.ociArchive)).toEqual(reference);
    expect(await read(img.exports.ociZstd)).toEqual(reference);
  });

  it('sees what each instruction did, layer by layer', async () => {
    const layers: LayerContents[] = await readAll(img.exports.dockerArchive, { workers: false });
    const image = await openImage(img.exports.dockerArchive);
    expect(image.tags).toEqual([img.name]);
    const find = (path: string) => layers.findIndex((l) => byPath(l).has(path));
    const copy = find('/app/tool');
    expect(copy).toBeGreaterThan(0);
    const mk = layers[copy + 1]!;
    const mkEntries = byPath(mk);
    // The two names of the hardlinked file: whichever comes first in the tar holds the bytes.
    const pair = [mkEntries.get('/data/hard')!, mkEntries.get('/data/sub/file')!];
    const [first, second] = mk.events.indexOf(pair[0]!) < mk.events.indexOf(pair[1]!) ? pair : [pair[1]!, pair[0]!];
    expect(first).toMatchObject({ type: 'file', size: 6 });
    expect(second).toMatchObject({ type: 'hardlink', linkname: first!.path });
    expect(mkEntries.get('/data/soft')).toMatchObject({ type: 'symlink', linkname: '/data/sub/file' });
    const perms = byPath(layers[copy + 2]!);
    expect(perms.get('/app/tool')!.mode).toBe(0o4755);
    expect(perms.get('/app/conf.txt')).toMatchObject({ uid: 1000, gid: 1000 });
    // chmod and chown copy the files up unchanged: same content hash as the COPY layer's.
    expect(perms.get('/app/conf.txt')!.contentHash).toBe(byPath(layers[copy]!).get('/app/conf.txt')!.contentHash);
    const rm = layers[copy + 3]!;
    const whiteouts = rm.events.filter((e) => e.kind === 'whiteout').map((e) => (e as { path: string }).path);
    expect(whiteouts).toEqual(expect.arrayContaining(['/app/remove-me.txt']));
    expect(whiteouts.some((p) => p === '/data/sub' || p.startsWith('/data/sub/'))).toBe(true);
    const deep = byPath(layers[copy + 4]!);
    expect(deep.get(`${DEEP}/f`)).toMatchObject({ type: 'file', size: 5 });
    expect(deep.get('/data/fifo')).toMatchObject({ type: 'fifo' });
    expect(layers.every((l) => l.events.every((e) => e.kind !== 'invalid'))).toBe(true);
    expect(entries(layers[0]!).some((e) => e.path === '/bin/busybox')).toBe(true);
  });

  it('exports blobs as skopeo names them (no stray files written by plimsoll)', () => {
    expect(readdirSync(img.exports.ociGzip).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
  });
});

describe.skipIf(!buildahAvailable)('buildah with the overlay driver', () => {
  it('reads the opaque whiteout overlay writes for rm -rf + mkdir', async () => {
    const img = await buildImage({
      name: 'overlay-opaque',
      storageDriver: 'overlay',
      dockerfile: 'FROM busybox-base\nRUN mkdir -p /srv/www && echo old > /srv/www/a\nRUN rm -rf /srv/www && mkdir /srv/www && echo new > /srv/www/b\n',
    });
    const layers = await readAll(img.exports.ociArchive, { workers: false });
    const last = layers.at(-1)!;
    expect(last.events.some((e) => e.kind === 'opaque' && e.path === '/srv/www')).toBe(true);
    expect(byPath(last).get('/srv/www/b')).toMatchObject({ type: 'file', size: 4 });
  });
});
