/**
 * The analysis on real images built by other tools (../shared/images): dive's own figures for
 * its test image, and the naive dive on the kaniko build of the same Dockerfile.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseImage } from '../../src/layers/analysis.js';
import { openImage } from '../../src/layers/open.js';
import { readLayers } from '../../src/layers/reader.js';
import type { LayerEvent } from '../../src/layers/types.js';
import { naiveDive } from './waste-dive-naive.js';
import { shared } from '../helpers/shared.js';

const IMAGES = shared('images');
const available = existsSync(`${IMAGES}/dive/test-docker-image.tar`);
if (!available) console.warn(`skipping real-image analysis tests: ${IMAGES} is missing`);

async function analyse(ref: string) {
  const image = await openImage(ref);
  try {
    return await analyseImage(image);
  } finally {
    await image.close();
  }
}

describe.skipIf(!available)('dive figures on real images', () => {
  it("test-docker-image.tar gives exactly the figures dive's own tests assert (dive v0.13.1, image_archive_analysis_test.go)", async () => {
    const a = await analyse(`${IMAGES}/dive/test-docker-image.tar`);
    expect(a.dive.efficiency).toBe(0.9844212134184309);
    expect(a.dive.sizeBytes).toBe(1220598);
    expect(a.dive.userSizeBytes).toBe(66237);
    expect(a.dive.wastedBytes).toBe(32025);
    expect(a.dive.userWastedPercent).toBe(0.4834911001404049);
    // dive's export test (export_test.go): the inefficient files, their counts and sizes.
    expect(a.dive.inefficientPaths.map(({ path, count, cumulativeSize }) => ({ path, count, cumulativeSize }))).toEqual([
      { path: '/root/example/somefile1.txt', count: 2, cumulativeSize: 12810 },
      { path: '/root/saved.txt', count: 2, cumulativeSize: 12810 },
      { path: '/root/example/somefile3.txt', count: 2, cumulativeSize: 6405 },
    ]);
    // and its per-layer sizes and commands
    expect(a.layers.map((l) => l.size)).toEqual([1154361, 6405, 0, 6405, 6405, 6405, 6405, 6405, 6405, 0, 2187, 6405, 6405, 6405]);
    expect(a.layers[13].createdBy).toBe('/bin/sh -c chmod +x /root/saved.txt');
    expect(a.history.aligned).toBe(true);
  });

  it('test-kaniko-image.tar (same Dockerfile, built by kaniko) agrees with the naive dive', async () => {
    const image = await openImage(`${IMAGES}/dive/test-kaniko-image.tar`);
    const layers: LayerEvent[][] = [];
    try {
      for await (const l of readLayers(image)) layers.push([...l.events]);
    } finally {
      await image.close();
    }
    const naive = naiveDive(layers);
    const a = await analyse(`${IMAGES}/dive/test-kaniko-image.tar`);
    expect(a.dive.efficiency).toBe(naive.efficiency);
    expect(a.dive.wastedBytes).toBe(naive.wastedBytes);
    expect(a.dive.inefficientPaths.map((p) => p.path).sort()).toEqual(naive.paths);
    // The same three mistakes as the docker build, with kaniko's README (9,249 bytes).
    expect(a.dive.inefficientPaths.map((p) => [p.path, p.count, p.cumulativeSize])).toEqual([
      ['/root/example/somefile1.txt', 2, 18498],
      ['/root/saved.txt', 2, 18498],
      ['/root/example/somefile3.txt', 2, 9249],
    ]);
  });

  it('reclaimable bytes count the kept copy never: chmod copy-ups once, moved and deleted files once', async () => {
    const a = await analyse(`${IMAGES}/dive/test-docker-image.tar`);
    expect(a.reclaimable.byCause.metadataCopyUp).toEqual({ bytes: 2 * 6405, files: 2 });
    expect(a.reclaimable.byCause.deleted).toEqual({ bytes: 3 * 6405, files: 3 });
    expect(a.reclaimable.byCause.overwritten.bytes).toBe(0);
  });

  it('the OCI single-layer images have nothing to waste', async () => {
    for (const kind of ['uncompressed', 'gzip', 'zstd']) {
      const a = await analyse(`${IMAGES}/dive/test-oci-${kind}-image.tar`);
      expect(a.dive).toMatchObject({ efficiency: 1, wastedBytes: 0, userWastedPercent: null });
      expect(a.reclaimable.totalBytes).toBe(0);
      expect(a.final.files).toBe(1);
    }
  });
});

const wasteDemo = [
  'buildah/waste-demo.docker.tar',
  'buildah/waste-demo-overlay.docker.tar',
  'oci-archive:' + `${IMAGES}/buildah/waste-demo.oci.tar`,
  'oci:' + `${IMAGES}/buildah/waste-demo.oci-zstd`,
].map((r) => (r.includes(':') ? r : `${IMAGES}/${r}`));

describe.skipIf(!available)('the waste-demo image gives the same union in every format', () => {
  it('same final filesystem and reclaimable bytes from vfs whiteouts, overlay opaque whiteouts, gzip and zstd', async () => {
    const results = [];
    for (const ref of wasteDemo) results.push(await analyse(ref));
    for (const a of results.slice(1)) {
      expect(a.final).toEqual(results[0].final);
      expect(a.reclaimable).toEqual(results[0].reclaimable);
      expect(a.layers.map((l) => l.diff)).toEqual(results[0].layers.map((l) => l.diff));
    }
    expect(results[1].layers[12].opaqueWhiteouts).toBe(1);
    expect(results[0].layers[12].whiteouts).toBeGreaterThan(0);
  });
});
