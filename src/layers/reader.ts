/**
 * readLayers: one pass over every layer of an image, in layer order, with the work (decompress,
 * hash, tar parse, content probes) done in worker threads, several layers at once, results
 * delivered in order. Memory grows with the number of files, not bytes: stored bytes stream
 * through with backpressure, and only entry metadata comes back to the main thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { PlimsollInputError } from '../rules/finding.js';
import { loadProbes, probeUrl, type ProbeModule } from './probes.js';
import type { Image, Layer, LayerContents, LayerEvent } from './types.js';
import { LayerWalker, WalkError, type WalkSummary } from './walk.js';
import type { FromWorker, StartMessage, ToWorker } from './worker.js';

export const GiB = 1024 ** 3;

export interface ReadLayersOptions {
  /**
   * Worker threads: a number, `false` (or 0) to work in the calling thread, or `'auto'` (the
   * default): up to the number of cores (at most 4), none for images under 8 MiB stored.
   */
  workers?: number | false | 'auto';
  /** Uncompressed bytes allowed per layer (default 32 GiB): a gzip bomb stops there. */
  maxLayerBytes?: number;
  /** Uncompressed bytes allowed for the whole image (default 128 GiB). */
  maxImageBytes?: number;
  /** Content probe modules (absolute paths or file: URLs), run on every file in the workers. */
  probes?: readonly ProbeModule[];
  /**
   * Let workers read a layer's local byte range themselves instead of receiving chunks from
   * the main thread (default true; only for layers with `byteRange`).
   */
  directRead?: boolean;
  /** Called as each layer finishes (in completion order, not layer order). */
  onLayerDone?(index: number, summary: WalkSummary): void;
}

export const DEFAULT_MAX_LAYER_BYTES = 32 * GiB;
export const DEFAULT_MAX_IMAGE_BYTES = 128 * GiB;
const AUTO_WORKER_THRESHOLD = 8 * 1024 * 1024;
/**
 * Unacknowledged bytes in flight to a worker: enough to keep it busy whatever the source's chunk
 * size (1 MiB file reads, 16 KiB HTTP chunks), small enough to keep memory flat.
 */
const WINDOW_BYTES = 4 * 1024 * 1024;

interface JobSpec {
  layer: Layer;
  maxBytes: number;
  limitOf: { kind: 'layer' | 'image'; limit: number };
  direct: boolean;
}

/** Yields each layer's contents, base layer first. Throws a PlimsollInputError naming image and layer. */
export async function* readLayers(image: Image, options: ReadLayersOptions = {}): AsyncGenerator<LayerContents> {
  const layers = image.layers;
  const maxLayer = options.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES;
  const maxImage = options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const probeSpecs = (options.probes ?? []).map(probeUrl);
  const workers = workerCount(image, options.workers ?? 'auto');
  const pool = workers > 0 ? new WorkerPool(workers, probeSpecs) : null;
  const inProcessProbes = pool ? [] : await loadProbes(probeSpecs);
  const stop = { stopped: false };
  // Layers started but not yet delivered: enough that a worker never waits on a slow earlier
  // layer, few enough that finished layers' events do not pile up.
  const window = Math.max(1, workers) * 2;

  const results: Array<Promise<{ summary: WalkSummary; events: LayerEvent[] }>> = [];
  let started = 0;
  let yielded = 0;
  let completedBytes = 0;
  const startMore = (): void => {
    while (started < layers.length && started - yielded < window) {
      const layer = layers[started]!;
      const spec: JobSpec = {
        layer,
        maxBytes: Math.max(0, Math.min(maxLayer, maxImage - completedBytes)),
        limitOf: maxImage - completedBytes < maxLayer ? { kind: 'image', limit: maxImage } : { kind: 'layer', limit: maxLayer },
        direct: options.directRead !== false && !!layer.byteRange,
      };
      const p = (pool ? pool.run(spec) : runInProcess(spec, inProcessProbes, stop)).then((r) => {
        completedBytes += r.summary.uncompressedSize;
        options.onLayerDone?.(layer.index, r.summary);
        return r;
      });
      p.catch(() => undefined);
      results[started] = p;
      started++;
    }
  };

  try {
    for (let i = 0; i < layers.length; i++) {
      startMore();
      const layer = layers[i]!;
      let r: { summary: WalkSummary; events: LayerEvent[] };
      try {
        r = await results[i]!;
      } catch (e) {
        throw toInputError(image, layer, e);
      }
      if (completedBytes > maxImage) {
        throw toInputError(
          image,
          layer,
          new WalkError('limit', `uncompressed image exceeds the limit of ${maxImage} bytes (raise --max-image-bytes)`),
        );
      }
      yielded++;
      startMore();
      const s = r.summary;
      yield {
        layer,
        events: r.events,
        compression: s.compression,
        compressedSize: s.compressedSize,
        uncompressedSize: s.uncompressedSize,
        digest: s.digest,
        diffId: s.diffId,
        duplicates: s.duplicates,
        entryCount: s.entryCount,
        fileBytes: s.fileBytes,
      };
    }
  } finally {
    stop.stopped = true;
    await pool?.close();
  }
}

function workerCount(image: Image, w: number | false | 'auto'): number {
  if (w === false) return 0;
  const cores = Math.min(4, availableParallelism());
  if (w === 'auto') {
    const stored = image.layers.reduce((n, l) => n + (l.size || 0), 0);
    if (stored < AUTO_WORKER_THRESHOLD || image.layers.length === 0) return 0;
    return Math.max(1, Math.min(cores, image.layers.length));
  }
  return Math.max(0, Math.min(Math.floor(w), Math.max(1, image.layers.length)));
}

function walkOptions(layer: Layer, maxBytes: number, limitOf?: JobSpec['limitOf']) {
  return {
    limitOf,
    expectDigest: layer.digest || undefined,
    expectSize: layer.size > 0 ? layer.size : undefined,
    expectDiffId: layer.diffId || undefined,
    maxBytes,
  };
}

async function runInProcess(spec: JobSpec, probes: Awaited<ReturnType<typeof loadProbes>>, stop: { stopped: boolean }) {
  const events: LayerEvent[] = [];
  const walker = new LayerWalker({
    ...walkOptions(spec.layer, spec.maxBytes, spec.limitOf),
    probes,
    onEvents: (batch) => {
      for (const e of batch) events.push(e);
    },
  });
  const stream = await spec.layer.open({ verify: false });
  try {
    for await (const chunk of stream) {
      if (stop.stopped) throw new Error('layer reader closed');
      await walker.write(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return { summary: await walker.end(), events };
}

export function toInputError(image: Image, layer: Layer, e: unknown): PlimsollInputError {
  if (e instanceof PlimsollInputError) return e;
  const w = e as Partial<WalkError> & { message?: string };
  return new PlimsollInputError({
    source: image.reference,
    layer: `#${layer.index} ${layer.digest || layer.diffId}`,
    path: w.path,
    message: w.message ?? String(e),
  });
}

/** How to start a worker: the compiled .js directly, or the .ts source through tsx (tests, dev). */
function spawnWorker(probes: string[]): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const target = new URL('./worker.ts', self).href;
    // tsx's ESM entry (its package exports map `./esm/api` to dist/esm/api/index.mjs for import).
    const tsxRoot = dirname(createRequire(self).resolve('tsx/package.json'));
    const tsx = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
    const code =
      `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(code, { eval: true, workerData: { probes } });
  }
  return new Worker(new URL('./worker.js', self), { workerData: { probes } });
}

interface PoolWorker {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  /** Set when the thread died (crash, out of memory): no job runs on it again. */
  dead: Error | null;
  handler: ((m: FromWorker) => void) | null;
  failure: ((e: Error) => void) | null;
}

class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly waiting: Array<(w: PoolWorker) => void> = [];
  private nextJob = 1;
  private closed = false;

  constructor(size: number, probes: string[]) {
    for (let i = 0; i < size; i++) {
      const worker = spawnWorker(probes);
      const pw: PoolWorker = { worker, ready: Promise.resolve(), busy: false, dead: null, handler: null, failure: null };
      pw.ready = new Promise<void>((resolve, reject) => {
        const onMsg = (m: FromWorker) => {
          if (m.t === 'ready') resolve();
          else if (m.t === 'error' && m.job === -1) reject(new Error(`content probe failed to load: ${m.message}`));
          else pw.handler?.(m);
        };
        worker.on('message', onMsg);
        worker.on('error', (e) => {
          pw.dead ??= e;
          reject(e);
          pw.failure?.(e);
        });
        worker.on('exit', (code) => {
          if (this.closed) return;
          const e = new Error(`layer worker exited unexpectedly (code ${code})`);
          pw.dead ??= e;
          reject(e);
          pw.failure?.(e);
        });
      });
      pw.ready.catch(() => undefined);
      this.workers.push(pw);
    }
  }

  private acquire(): Promise<PoolWorker> {
    const free = this.workers.find((w) => !w.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: PoolWorker): void {
    w.handler = null;
    w.failure = null;
    const next = this.waiting.shift();
    if (next) next(w);
    else w.busy = false;
  }

  async run(spec: JobSpec): Promise<{ summary: WalkSummary; events: LayerEvent[] }> {
    const w = await this.acquire();
    try {
      if (w.dead) throw w.dead;
      await w.ready;
      return await this.runOn(w, spec);
    } finally {
      this.release(w);
    }
  }

  private runOn(w: PoolWorker, spec: JobSpec): Promise<{ summary: WalkSummary; events: LayerEvent[] }> {
    const job = this.nextJob++;
    const events: LayerEvent[] = [];
    return new Promise((resolve, reject) => {
      let inFlight = 0;
      const sizes: number[] = [];
      let wake: (() => void) | null = null;
      let settled = false;
      const finish = (err: Error | null, summary?: WalkSummary) => {
        if (settled) return;
        settled = true;
        wake?.();
        if (err) reject(err);
        else resolve({ summary: summary!, events });
      };
      w.failure = (e) => finish(e);
      w.handler = (m) => {
        if ((m as { job?: number }).job !== job) return;
        switch (m.t) {
          case 'ack':
            inFlight -= sizes.shift() ?? 0;
            wake?.();
            break;
          case 'events':
            for (const e of m.events as LayerEvent[]) events.push(e);
            break;
          case 'done':
            finish(null, m.summary as WalkSummary);
            break;
          case 'error':
            finish(new WalkError(m.code as WalkError['code'], m.message, m.path));
            break;
        }
      };
      const start: StartMessage = { t: 'start', job, opts: walkOptions(spec.layer, spec.maxBytes, spec.limitOf) };
      if (spec.direct) {
        start.range = spec.layer.byteRange;
        w.worker.postMessage(start satisfies ToWorker);
        return;
      }
      w.worker.postMessage(start satisfies ToWorker);
      void (async () => {
        const stream = await spec.layer.open({ verify: false });
        try {
          for await (const chunk of stream) {
            if (settled) break;
            const buf = chunk as Buffer;
            let ab: ArrayBuffer;
            if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) {
              ab = buf.buffer;
            } else {
              ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
            }
            inFlight += ab.byteLength;
            sizes.push(ab.byteLength);
            w.worker.postMessage({ t: 'chunk', job, buf: ab } satisfies ToWorker, [ab]);
            while (inFlight >= WINDOW_BYTES && !settled) await new Promise<void>((r) => (wake = r));
            wake = null;
          }
          if (!settled) w.worker.postMessage({ t: 'end', job } satisfies ToWorker);
        } finally {
          stream.destroy();
        }
      })().catch((e) => {
        w.worker.postMessage({ t: 'abort', job } satisfies ToWorker);
        finish(e as Error);
      });
    }).then(
      (r) => r as { summary: WalkSummary; events: LayerEvent[] },
      (e) => {
        w.worker.postMessage({ t: 'abort', job } satisfies ToWorker);
        throw e;
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers) w.failure?.(new Error('layer reader closed'));
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
