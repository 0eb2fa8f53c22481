/**
 * Worker thread of the layer reader: runs one LayerWalker at a time, fed either by chunks the
 * main thread transfers (any source) or by reading a local byte range itself (archives and
 * layout folders). Only events (metadata and probe hits) go back, never file contents.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadProbes, type LoadedProbe } from './probes.js';
import { LayerWalker, WalkError, type WalkOptions } from './walk.js';

export interface StartMessage {
  t: 'start';
  job: number;
  opts: Omit<WalkOptions, 'probes' | 'onEvents'>;
  range?: { file: string; start: number; size: number };
}
export type ToWorker =
  | StartMessage
  | { t: 'chunk'; job: number; buf: ArrayBuffer }
  | { t: 'end'; job: number }
  | { t: 'abort'; job: number };
export type FromWorker =
  | { t: 'ready' }
  | { t: 'ack'; job: number }
  | { t: 'events'; job: number; events: unknown[] }
  | { t: 'done'; job: number; summary: unknown }
  | { t: 'error'; job: number; code: string; message: string; path?: string };

const port = parentPort!;
const probeSpecs = ((workerData as { probes?: string[] } | undefined)?.probes ?? []) as string[];

let probes: LoadedProbe[] = [];
let current: { job: number; walker: LayerWalker; queue: Promise<void>; aborted: boolean } | null = null;

function post(m: FromWorker): void {
  port.postMessage(m);
}

function fail(job: number, e: unknown): void {
  const w = e instanceof WalkError ? e : new WalkError('corrupt', (e as Error)?.message ?? String(e));
  post({ t: 'error', job, code: w.code, message: w.message, path: w.path });
}

async function readRange(job: number, walker: LayerWalker, range: NonNullable<StartMessage['range']>): Promise<void> {
  if (range.size > 0) {
    const stream = createReadStream(range.file, {
      start: range.start,
      end: range.start + range.size - 1,
      highWaterMark: 1 << 20,
    });
    try {
      for await (const chunk of stream) {
        if (current?.job !== job || current.aborted) {
          stream.destroy();
          return;
        }
        await walker.write(chunk as Buffer);
      }
    } catch (e) {
      stream.destroy();
      throw e;
    }
  }
  post({ t: 'done', job, summary: await walker.end() });
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'start': {
      const walker = new LayerWalker({
        ...m.opts,
        probes,
        onEvents: (events) => post({ t: 'events', job: m.job, events }),
      });
      const job = { job: m.job, walker, queue: Promise.resolve(), aborted: false };
      current = job;
      if (m.range) {
        job.queue = readRange(m.job, walker, m.range).catch((e) => {
          if (!job.aborted) fail(m.job, e);
          job.aborted = true;
        });
      }
      break;
    }
    case 'chunk': {
      const job = current;
      if (!job || job.job !== m.job || job.aborted) return;
      job.queue = job.queue.then(async () => {
        if (job.aborted) return;
        try {
          await job.walker.write(Buffer.from(m.buf));
          post({ t: 'ack', job: m.job });
        } catch (e) {
          job.aborted = true;
          fail(m.job, e);
        }
      });
      break;
    }
    case 'end': {
      const job = current;
      if (!job || job.job !== m.job) return;
      job.queue = job.queue.then(async () => {
        if (job.aborted) return;
        try {
          post({ t: 'done', job: m.job, summary: await job.walker.end() });
        } catch (e) {
          job.aborted = true;
          fail(m.job, e);
        }
      });
      break;
    }
    case 'abort': {
      if (current?.job === m.job) current.aborted = true;
      break;
    }
  }
});

loadProbes(probeSpecs).then(
  (p) => {
    probes = p;
    post({ t: 'ready' });
  },
  (e) => {
    post({ t: 'error', job: -1, code: 'probe', message: (e as Error).message });
  },
);
