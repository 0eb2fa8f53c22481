/**
 * The real archives in ../shared/images (built by docker, kaniko, buildah/skopeo): every one
 * opens, every layer verifies (digest and diffId), and the entries come out as those tools wrote them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byPath, entries, readAll } from './helpers.js';
import { openImage } from '../../src/layers/index.js';
import { shared } from '../helpers/shared.js';

const ROOT = shared('images');
const present = existsSync(join(ROOT, 'dive', 'test-docker-image.tar'));
if (!present) console.warn(`real-image tests skipped: ${ROOT} is missing`);

describe.skipIf(!present)('dive fixtures', () => {
  const dive = (f: string) => join(ROOT, 'dive', f);

  it.each(['test-docker-image.tar', 'test-kaniko-image.tar'])('%s: 14 layers, all verified', async (f) => {
    const image = await openImage(dive(f));
    expect(image.source).toBe('docker-archive');
    expect(image.layers).toHaveLength(14);
    const layers = await readAll(dive(f), { workers: 2 });
    expect(layers).toHaveLength(14);
    expect(layers.map((l) => l.diffId)).toEqual(image.config.rootfs.diff_ids);
    expect(layers[0]!.compression).toBe(f.includes('kaniko') ? 'gzip' : 'none');
    const all = layers.flatMap((l) => entries(l).map((e) => e.path));
    expect(all).toContain('/bin/busybox');
    // The Dockerfile removes /root/example/somefile3.txt and then the whole /root/example folder.
    const whiteouts = layers.flatMap((l) => l.events.filter((e) => e.kind === 'whiteout').map((e) => (e as { path: string }).path));
    expect(whiteouts).toEqual(['/root/example/somefile3.txt', '/root/example']);
  });

  it.each(['uncompressed', 'gzip', 'zstd', 'estargz'])('test-oci-%s-image.tar: one layer holding README.md of 11,189 bytes', async (kind) => {
    const layers = await readAll(dive(`test-oci-${kind}-image.tar`), { workers: false });
    expect(layers).toHaveLength(1);
    expect(layers[0]!.compression).toBe(kind === 'uncompressed' ? 'none' : kind === 'estargz' ? 'gzip' : kind);
    const readme = byPath(layers[0]!).get('/README.md');
    expect(readme).toMatchObject({ type: 'file', size: 11189 });
    expect(readme!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the estargz layer and the plain gzip one hold the same README bytes', async () => {
    const [gz] = await readAll(dive('test-oci-gzip-image.tar'), { workers: false });
    const [es] = await readAll(dive('test-oci-estargz-image.tar'), { workers: false });
    expect(byPath(es!).get('/README.md')!.contentHash).toBe(byPath(gz!).get('/README.md')!.contentHash);
    // estargz appends its table of contents as tar entries, so its diffId differs from the plain layer's.
    expect(es!.diffId).not.toBe(gz!.diffId);
  });
});

describe.skipIf(!present)('buildah/skopeo fixtures', () => {
  const b = (f: string) => join(ROOT, 'buildah', f);
  const files = ['waste-demo.docker.tar', 'waste-demo-overlay.docker.tar', 'waste-demo.oci.tar', 'waste-demo.oci-zstd'];

  it.each(files)('%s opens and every layer verifies', async (f) => {
    const image = await openImage(b(f));
    const layers = await readAll(b(f), { workers: 2 });
    expect(layers.length).toBe(image.layers.length);
    expect(layers.map((l) => l.diffId)).toEqual(image.config.rootfs.diff_ids);
    const paths = layers.flatMap((l) => entries(l).map((e) => e.path));
    expect(paths).toContain('/bin/busybox');
  });

  it('vfs and overlay builds differ as documented: whiteouts versus an opaque folder', async () => {
    const vfs = await readAll(b('waste-demo.docker.tar'), { workers: false });
    const overlay = await readAll(b('waste-demo-overlay.docker.tar'), { workers: false });
    const kinds = (ls: typeof vfs) => ls.flatMap((l) => l.events.filter((e) => e.kind === 'whiteout' || e.kind === 'opaque').map((e) => e.kind));
    expect(kinds(vfs)).not.toContain('opaque');
    expect(kinds(overlay)).toContain('opaque');
  });

  it('the same build reads the same in docker-archive, oci-archive (gzip) and OCI layout (zstd)', async () => {
    const docker = await readAll(b('waste-demo.docker.tar'), { workers: false });
    const oci = await readAll(b('waste-demo.oci.tar'), { workers: false });
    const zstd = await readAll(b('waste-demo.oci-zstd'), { workers: 2 });
    const shape = (ls: typeof docker) => ls.map((l) => ({ diffId: l.diffId, events: l.events }));
    expect(shape(oci)).toEqual(shape(docker));
    expect(shape(zstd)).toEqual(shape(docker));
    expect(new Set(zstd.map((l) => l.compression))).toEqual(new Set(['zstd']));
  });

  it('the setuid busybox and the security.capability-free hardlink come through', async () => {
    const layers = await readAll(b('waste-demo.oci.tar'), { workers: false });
    const all = layers.flatMap((l) => entries(l));
    expect(all.some((e) => e.path === '/bin/busybox' && (e.mode & 0o4000) !== 0)).toBe(true);
    expect(all.some((e) => e.type === 'hardlink')).toBe(true);
  });
});
