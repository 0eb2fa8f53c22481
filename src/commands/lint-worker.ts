/**
 * A worker thread of `plimsoll lint`: lints the Dockerfiles it is sent and posts back plain
 * results. See lint-parallel.ts.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { describeFsError } from '../util/discover.js';
import { lintDockerfileBytes, viewFromData, type DockerfileResult, type ViewData } from './lint-dockerfile.js';

export interface WorkerTask {
  index: number;
  path: string;
  absolute: string;
  buildContext?: string;
  view: ViewData;
}

export interface WorkerRequest {
  tasks: WorkerTask[];
  debug: boolean;
}

export interface WorkerReply {
  results: { index: number; result: DockerfileResult }[];
}

async function run(req: WorkerRequest): Promise<WorkerReply> {
  const results: WorkerReply['results'] = [];
  const views = new Map<string, ReturnType<typeof viewFromData>>();
  for (const task of req.tasks) {
    const key = JSON.stringify(task.view);
    let view = views.get(key);
    if (!view) views.set(key, (view = viewFromData(task.view)));
    let bytes: Buffer;
    try {
      bytes = await readFile(task.absolute);
    } catch (err) {
      results.push({ index: task.index, result: { findings: [], errors: [{ source: task.path, message: describeFsError(err) }] } });
      continue;
    }
    results.push({ index: task.index, result: lintDockerfileBytes(bytes, task.path, task.absolute, view, req.debug, task.buildContext) });
  }
  return { results };
}

parentPort?.on('message', (req: WorkerRequest) => {
  run(req).then(
    (reply) => parentPort?.postMessage(reply),
    (err) => parentPort?.postMessage({ failed: String((err as Error)?.stack ?? err) }),
  );
});
