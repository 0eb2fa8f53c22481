/**
 * Linting many Dockerfiles on several cores: worker threads (lint-worker.ts) take batches of
 * files and send back plain findings. Worth it only for many files (a worker costs a few hundred
 * milliseconds to start), and only from the built JavaScript (a worker cannot load the
 * TypeScript sources). A batch whose worker fails is simply not answered: the caller lints those
 * files itself, so a crash can cost time but never findings.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DockerfileResult } from './lint-dockerfile.js';
import type { WorkerReply, WorkerRequest, WorkerTask } from './lint-worker.js';

/** Below this many Dockerfiles, starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 40;
const BATCH = 8;
const MAX_AUTO_JOBS = 4;
const MIN_AUTO_CPUS = 4;

const WORKER_URL = new URL('./lint-worker.js', import.meta.url);

export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * How many workers to use: `jobs` as asked (1 means none), else one per core (at most four)
 * on a machine with four cores or more, when there are enough files. 0 when the work stays on
 * this thread.
 */
export function workerCount(files: number, jobs: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const asked = jobs ?? (env.PLIMSOLL_JOBS ? Number(env.PLIMSOLL_JOBS) : undefined);
  if (!workersAvailable()) return 0;
  if (asked !== undefined && Number.isFinite(asked)) {
    const n = Math.floor(asked);
    return n > 1 && files > 1 ? Math.min(n, Math.ceil(files / BATCH)) : 0;
  }
  // Each worker starts cold (module loading, then unoptimised code until the JIT warms up), so
  // on two cores, shared with anything else, workers measured no faster than one thread.
  if (files < PARALLEL_MIN_FILES || availableParallelism() < MIN_AUTO_CPUS) return 0;
  return Math.min(availableParallelism(), MAX_AUTO_JOBS, Math.ceil(files / BATCH));
}

export async function lintInWorkers(tasks: readonly WorkerTask[], workers: number, debug: boolean): Promise<Map<number, DockerfileResult>> {
  const results = new Map<number, DockerfileResult>();
  const queue: WorkerTask[][] = [];
  for (let i = 0; i < tasks.length; i += BATCH) queue.push(tasks.slice(i, i + BATCH));
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        void worker.terminate();
        resolve();
      };
      const next = () => {
        const batch = queue.shift();
        if (!batch) return finish();
        const req: WorkerRequest = { tasks: batch, debug };
        worker.postMessage(req);
      };
      worker.on('message', (reply: WorkerReply | { failed: string }) => {
        if ('failed' in reply) return finish();
        for (const r of reply.results) results.set(r.index, r.result);
        next();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
      next();
    });
  await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, runWorker));
  return results;
}
