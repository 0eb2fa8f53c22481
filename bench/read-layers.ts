/**
 * Reader throughput: writes (or reuses) a synthetic image and reads it with readLayers in
 * several modes. Usage: node dist/bench/read-layers.js [--files N] [--layers N] [--bytes N]
 *   [--compression gzip|zstd|none] [--format oci|oci-archive|docker-archive] [--image PATH...]
 */
import { availableParallelism } from 'node:os';
import { cachedImage, syntheticImage, syntheticKey, type Compression, type ImageFormat } from '../fixtures/generator/index.js';
import { openImage, readLayers, type ReadLayersOptions } from '../src/layers/index.js';
import { zstdDecoder } from '../src/layers/decompress.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
}

async function measure(ref: string, opts: ReadLayersOptions): Promise<{ ms: number; cpuMs: number; stored: number; raw: number; entries: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage(); // all threads of this process (main and workers)
  const image = await openImage(ref);
  let stored = 0;
  let raw = 0;
  let entries = 0;
  for await (const l of readLayers(image, opts)) {
    stored += l.compressedSize;
    raw += l.uncompressedSize;
    entries += l.events.length;
  }
  await image.close();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, stored, raw, entries };
}

const images = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--image' ? [a] : []));
if (!images.length) {
  const params = { layers: Number(arg('layers', '20')), files: Number(arg('files', '100000')), bytes: Number(arg('bytes', String(1024 ** 3))) };
  const compression = arg('compression', 'gzip') as Compression;
  const format = arg('format', 'oci') as ImageFormat;
  const t0 = performance.now();
  const w = await cachedImage(syntheticImage(params), { format, compression, gzipLevel: 1 }, syntheticKey(params, `${format}:${compression}:1`));
  console.log(`image ${w.path} (${format}, ${compression}) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  images.push(w.path);
}
console.log(`cores ${availableParallelism()}, zstd via ${zstdDecoder()}`);
const modes: Array<[string, ReadLayersOptions]> = [
  ['in-process', { workers: false }],
  ['1 worker', { workers: 1 }],
  ['2 workers, direct read', { workers: 2 }],
  ['2 workers, chunks transferred', { workers: 2, directRead: false }],
];
for (const ref of images) {
  for (const [name, opts] of modes) {
    const r = await measure(ref, opts);
    const mb = (n: number) => n / 1e6;
    console.log(
      `${ref.split('/').pop()}  ${name.padEnd(30)} ${(r.ms / 1000).toFixed(2)} s wall  ${(mb(r.raw) / (r.ms / 1000)).toFixed(0)} MB/s uncompressed (${(mb(r.stored) / (r.ms / 1000)).toFixed(0)} stored)  cpu ${(r.cpuMs / 1000).toFixed(2)} s (+ zstd children)  ${r.entries} events  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  }
}
