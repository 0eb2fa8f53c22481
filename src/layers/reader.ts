/**
 * readLayers: one pass over every layer of an image, in layer order, with the work (decompress,
 * hash, tar parse, content probes) done in worker threads, several layers at once, results
 * delivered in order. Memory grows with the number of files, not bytes: stored bytes stream
 * through with backpressure, and only entry metadata comes back to the main thread.
 *
 * Layers a source read while opening the image (`Layer.preread`: an engine's archive, walked as
 * it streamed by a BlobReader) are handed over instead of read again.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { PlimsollInputError } from '../rules/finding.js';
import { loadProbes, probeUrl, type ProbeModule } from './probes.js';
import type { Image, Layer, LayerContents, LayerEvent } from './types.js';
import { LayerWalker, limitError, WalkError, type WalkSummary } from './walk.js';
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
  opts: StartMessage['opts'];
  /** A local byte range the worker reads itself. */
  range?: { file: string; start: number; size: number };
  /** Otherwise the stored bytes, sent from this thread (a fresh iterable per call). */
  chunks(): Promise<AsyncIterable<Buffer>>;
}

interface JobResult {
  summary: WalkSummary;
  events: LayerEvent[];
}

/** Yields each layer's contents, base layer first. Throws a PlimsollInputError naming image and layer. */
export async function* readLayers(image: Image, options: ReadLayersOptions = {}): AsyncGenerator<LayerContents> {
  const layers = image.layers;
  const maxLayer = options.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES;
  const maxImage = options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const probeSpecs = (options.probes ?? []).map(probeUrl);
  // Contents the source read while opening the image (with the same probes) are handed over, not read again.
  const preread = layers.map((l) => takePreread(l, probeSpecs));
  const workers = workerCount(layers.filter((_, i) => !preread[i]), options.workers ?? 'auto');
  const pool = workers > 0 ? new WorkerPool(workers, probeSpecs) : null;
  const inProcessProbes = pool ? [] : await loadProbes(probeSpecs);
  const stop = { stopped: false };
  // Layers started but not yet delivered: enough that a worker never waits on a slow earlier
  // layer, few enough that finished layers' events do not pile up.
  const window = Math.max(1, workers) * 2;

  const results: Array<Promise<JobResult>> = [];
  let started = 0;
  let yielded = 0;
  let completedBytes = 0;
  const startMore = (): void => {
    while (started < layers.length && started - yielded < window) {
      const layer = layers[started]!;
      const maxBytes = Math.max(0, Math.min(maxLayer, maxImage - completedBytes));
      const limitOf = maxImage - completedBytes < maxLayer ? ({ kind: 'image', limit: maxImage } as const) : ({ kind: 'layer', limit: maxLayer } as const);
      const spec: JobSpec = {
        opts: walkOptions(layer, maxBytes, limitOf),
        range: options.directRead !== false ? layer.byteRange : undefined,
        chunks: () => layer.open({ verify: false }),
      };
      const pre = preread[started];
      preread[started] = undefined;
      const run = pre ? checkPreread(pre, spec.opts) : pool ? pool.run(spec) : runInProcess(spec, inProcessProbes, stop);
      const p = run.then((r) => {
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
      let r: JobResult;
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

function workerCount(layers: readonly Layer[], w: number | false | 'auto'): number {
  return poolSize(layers.length, layers.reduce((n, l) => n + (l.size || 0), 0), w);
}

/** Workers for `count` blobs of `stored` bytes in all (undefined: unknown, taken as large). */
function poolSize(count: number, stored: number | undefined, w: number | false | 'auto'): number {
  if (w === false) return 0;
  const cores = Math.min(4, availableParallelism());
  if (w === 'auto') {
    if ((stored !== undefined && stored < AUTO_WORKER_THRESHOLD) || count === 0) return 0;
    return Math.max(1, Math.min(cores, count));
  }
  return Math.max(0, Math.min(Math.floor(w), Math.max(1, count)));
}

function walkOptions(layer: Layer, maxBytes: number, limitOf?: StartMessage['opts']['limitOf']): StartMessage['opts'] {
  return {
    limitOf,
    expectDigest: layer.digest || undefined,
    expectSize: layer.size > 0 ? layer.size : undefined,
    expectDiffId: layer.diffId || undefined,
    maxBytes,
  };
}

function takePreread(layer: Layer, probes: readonly string[]): Omit<LayerContents, 'layer'> | undefined {
  const pre = layer.preread;
  if (!pre || pre.probes.length !== probes.length || pre.probes.some((p, i) => p !== probes[i])) return undefined;
  return pre.take();
}

/** Holds contents read earlier to what the walk would have checked: the same limits and digests. */
async function checkPreread(c: Omit<LayerContents, 'layer'>, o: StartMessage['opts']): Promise<JobResult> {
  if (c.uncompressedSize > o.maxBytes) throw limitError(o);
  if (o.expectSize !== undefined && o.expectSize !== c.compressedSize) {
    throw new WalkError('size', `blob is ${c.compressedSize} bytes but its descriptor says ${o.expectSize}`);
  }
  if (o.expectDigest && o.expectDigest !== c.digest) throw new WalkError('digest', `blob digest mismatch: expected ${o.expectDigest}, got ${c.digest}`);
  if (o.expectDiffId && o.expectDiffId !== c.diffId) {
    throw new WalkError('diffid', `diffId mismatch: the config says ${o.expectDiffId}, the uncompressed tar hashes to ${c.diffId}`);
  }
  const { events, ...summary } = c;
  return { summary, events };
}

async function runInProcess(spec: JobSpec, probes: Awaited<ReturnType<typeof loadProbes>>, stop: { stopped: boolean }): Promise<JobResult> {
  const events: LayerEvent[] = [];
  const walker = new LayerWalker({
    ...spec.opts,
    probes,
    onEvents: (batch) => {
      for (const e of batch) events.push(e);
    },
  });
  // Leaving the loop early (an error, a stop) returns the iterator, which destroys a stream.
  for await (const chunk of await spec.chunks()) {
    if (stop.stopped) throw new Error('layer reader closed');
    await walker.write(chunk as Buffer);
  }
  return { summary: await walker.end(), events };
}

export interface BlobReaderOptions extends Pick<ReadLayersOptions, 'workers' | 'maxLayerBytes' | 'maxImageBytes' | 'probes'> {
  /** Stored bytes of all blobs to come, when known: decides `workers: 'auto'`. */
  expectedBytes?: number;
}

/**
 * Walks blobs that arrive one after another in a single stream (an engine's `docker save`
 * archive) before the image they belong to is known: the same walk as readLayers (worker
 * threads, probes, limits), each blob's bytes pulled with backpressure so that at most a small
 * window of it is in memory, a finished blob's worker free for the next while the stream goes
 * on. The results (events, not bytes) become the layers' `preread` contents.
 */
export class BlobReader {
  /** The probes the walks run, as `file:` URLs (`PrereadContents.probes`). */
  readonly probes: string[];
  private completedBytes = 0;
  private readonly stop = { stopped: false };

  private constructor(
    private readonly options: BlobReaderOptions,
    probes: string[],
    private readonly pool: WorkerPool | null,
    private readonly inProcessProbes: Awaited<ReturnType<typeof loadProbes>>,
  ) {
    this.probes = probes;
  }

  static async open(options: BlobReaderOptions = {}): Promise<BlobReader> {
    const probes = (options.probes ?? []).map(probeUrl);
    const workers = poolSize(Number.POSITIVE_INFINITY, options.expectedBytes, options.workers ?? 'auto');
    const pool = workers > 0 ? new WorkerPool(workers, probes) : null;
    return new BlobReader(options, probes, pool, pool ? [] : await loadProbes(probes));
  }

  /**
   * Walks one blob whose stored bytes `chunks` yields (pulled as the walk goes; leaving early
   * returns the iterator). Rejects with a WalkError for a corrupt or oversized blob.
   */
  read(chunks: AsyncIterable<Buffer>): Promise<JobResult> {
    const maxLayer = this.options.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES;
    const maxImage = this.options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
    const left = maxImage - this.completedBytes;
    const spec: JobSpec = {
      opts: { maxBytes: Math.max(0, Math.min(maxLayer, left)), limitOf: left < maxLayer ? { kind: 'image', limit: maxImage } : { kind: 'layer', limit: maxLayer } },
      chunks: async () => chunks,
    };
    return (this.pool ? this.pool.run(spec) : runInProcess(spec, this.inProcessProbes, this.stop)).then((r) => {
      this.completedBytes += r.summary.uncompressedSize;
      return r;
    });
  }

  async close(): Promise<void> {
    this.stop.stopped = true;
    await this.pool?.close();
  }
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

/**
 * The young generation of each worker's heap, in MB. V8 grows it to 48 MB a thread when a walk
 * allocates fast; the walk's garbage dies young, and 12 MB (4 MB semi-spaces) keeps the peak RSS
 * of bench:image about 40 MB lower for the same CPU.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/** How to start a worker: the compiled .js directly, or the .ts source through tsx (tests, dev). */
function spawnWorker(probes: string[]): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const target = new URL('./worker.ts', self).href;
    // tsx's ESM entry (its package exports map `./esm/api` to dist/esm/api/index.mjs for import).
    const tsxRoot = dirname(createRequire(self).resolve('tsx/package.json'));
    const tsx = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
    const code =
      `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(code, { eval: true, workerData: { probes }, resourceLimits });
  }
  return new Worker(new URL('./worker.js', self), { workerData: { probes }, resourceLimits });
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

  async run(spec: JobSpec): Promise<JobResult> {
    const w = await this.acquire();
    try {
      if (w.dead) throw w.dead;
      await w.ready;
      return await this.runOn(w, spec);
    } finally {
      this.release(w);
    }
  }

  private runOn(w: PoolWorker, spec: JobSpec): Promise<JobResult> {
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
      const start: StartMessage = { t: 'start', job, opts: spec.opts };
      if (spec.range) {
        start.range = spec.range;
        w.worker.postMessage(start satisfies ToWorker);
        return;
      }
      w.worker.postMessage(start satisfies ToWorker);
      void (async () => {
        // Leaving the loop early returns the iterator, which destroys a stream.
        for await (const chunk of await spec.chunks()) {
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
      })().catch((e) => {
        w.worker.postMessage({ t: 'abort', job } satisfies ToWorker);
        finish(e as Error);
      });
    }).then(
      (r) => r as JobResult,
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
