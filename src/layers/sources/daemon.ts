/**
 * Images from a Docker-compatible engine: `docker-daemon:NAME` (or `--source docker|podman`).
 * Asks the engine about the image (`GET /images/NAME/json`), then reads `GET /images/ID/get`,
 * the same `docker save` archive the docker-archive source reads, as one stream.
 *
 * Why the stream is spooled: an `Image` needs its config before its first layer is read, and
 * the layer order comes from `manifest.json`. Engines send both late: podman writes every layer
 * first and the config and `manifest.json` last; Docker writes members in path order, so the
 * config lands among the layers and `manifest.json` at the end. The archive is therefore read
 * once, in order, with its members written to a private temp folder (mode 0700, under
 * `$TMPDIR`, removed on close and at exit) and then read like an unpacked `docker save` — layers
 * by byte range, straight into the reader's workers. Nothing is held in memory whole; the spool
 * is bounded by the image size the engine reports, checked against free space before the first
 * byte, and by that free space while writing.
 */
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, rm, statfs, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { ImageSource } from '../open.js';
import { formatPlatform, platformMatches } from '../platform.js';
import type { RemoteOptions } from '../registry/options.js';
import type { Image, Platform } from '../types.js';
import { inputError } from './common.js';
import { EngineAddressError, engineEndpoint, engineRequest, encodeName, podmanSockets, readJson, type EngineEndpoint } from './daemon-engine.js';
import { openDockerArchive } from './docker-archive.js';
import { DirStore, memberKey } from './store.js';

export const DAEMON_PREFIX = 'docker-daemon:';

export const daemonSource: ImageSource = {
  name: 'docker-daemon',
  handles: (ref) => ref.startsWith(DAEMON_PREFIX),
  open: (ref, options) => openDaemonImage(ref, options),
};

interface Inspect {
  Id?: unknown;
  RepoTags?: unknown;
  Size?: unknown;
  Os?: unknown;
  Architecture?: unknown;
  Variant?: unknown;
  message?: unknown;
}

const spools = new Set<string>();
let exitHook = false;

function removeSpools(): void {
  for (const d of spools) rmSync(d, { recursive: true, force: true });
  spools.clear();
}

/** Spools go at exit, and on SIGINT/SIGTERM/SIGHUP, after which the signal is raised again. */
function removeSpoolsAtExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', removeSpools);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      removeSpools();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

export async function openDaemonImage(ref: string, opts: { platform?: Platform; remote?: RemoteOptions }): Promise<Image> {
  const name = ref.startsWith(DAEMON_PREFIX) ? ref.slice(DAEMON_PREFIX.length) : ref;
  if (!name) throw inputError(ref, 'docker-daemon: needs an image name, e.g. docker-daemon:nginx:1.27');
  const env = opts.remote?.env ?? process.env;
  let ep: EngineEndpoint;
  try {
    ep = engineEndpoint({ dockerHost: opts.remote?.dockerHost, engine: opts.remote?.engine, env });
  } catch (e) {
    if (e instanceof EngineAddressError) throw inputError(ref, e.message);
    throw e;
  }

  const info = await inspect(ref, name, ep, env);
  const id = info.Id as string;
  const os = typeof info.Os === 'string' ? info.Os : undefined;
  const arch = typeof info.Architecture === 'string' ? info.Architecture : undefined;
  if (opts.platform && os && arch) {
    const p: Platform = { os, architecture: arch, ...(typeof info.Variant === 'string' && info.Variant ? { variant: info.Variant } : {}) };
    if (!platformMatches(p, opts.platform)) throw inputError(ref, `the engine's image is ${formatPlatform(p)}, not ${formatPlatform(opts.platform)}`);
  }
  const size = typeof info.Size === 'number' && info.Size > 0 ? info.Size : 0;
  const base = env.TMPDIR || tmpdir();
  const free = await freeBytes(base);
  if (free !== undefined && size > 0 && size * 1.05 > free) {
    throw inputError(ref, `the image is ${size} bytes and ${base} has ${free} bytes free for spooling the engine's archive; point TMPDIR at a larger folder`);
  }

  const dir = await mkdtemp(join(base, 'plimsoll-daemon-'));
  spools.add(dir);
  removeSpoolsAtExit();
  const cleanup = async () => {
    spools.delete(dir);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // By id, so the archive is the image just inspected even if the tag moves meanwhile.
    await spool(ref, ep, id, dir, free);
    const image = await openDockerArchive(await DirStore.open(dir), { reference: ref, platform: opts.platform, close: cleanup });
    if (image.configDigest !== id && /^sha256:[0-9a-f]{64}$/.test(id)) {
      await image.close();
      throw inputError(ref, `the engine sent image ${image.configDigest} when asked for ${id}`);
    }
    const closeArchive = image.close;
    let closed = false;
    image.close = async () => {
      if (closed) return;
      closed = true;
      await closeArchive();
    };
    image.source = 'docker-daemon';
    const tags = Array.isArray(info.RepoTags) ? info.RepoTags.filter((t): t is string => typeof t === 'string' && t !== '<none>:<none>') : [];
    if (tags.length) image.tags = tags;
    return image;
  } catch (e) {
    await cleanup();
    throw e;
  }
}

function connectError(ref: string, ep: EngineEndpoint, e: NodeJS.ErrnoException, env: NodeJS.ProcessEnv) {
  const where = `${ep.shown} (${ep.from})`;
  if (ep.socketPath && (e.code === 'ENOENT' || e.code === 'ECONNREFUSED')) {
    let msg = `cannot connect to the engine at ${where}: ${e.code === 'ENOENT' ? 'no such socket' : 'connection refused'}; is the engine running?`;
    const podman = podmanSockets(env).find((p) => p !== ep.socketPath && existsSync(p));
    if (podman) msg += ` podman's socket is at ${podman}: use --source podman or DOCKER_HOST=unix://${podman}`;
    else if (!env.DOCKER_HOST) msg += ' Set DOCKER_HOST (unix:///PATH or tcp://HOST:PORT), or start podman with `podman system service --time=0`';
    return inputError(ref, msg);
  }
  if (e.code === 'EACCES') return inputError(ref, `permission denied on ${where}: run as a member of the docker group, or point DOCKER_HOST at a socket you may use`);
  return inputError(ref, `cannot talk to the engine at ${where}: ${e.code ?? ''} ${e.message}`.trim());
}

async function inspect(ref: string, name: string, ep: EngineEndpoint, env: NodeJS.ProcessEnv): Promise<Inspect> {
  let res;
  try {
    res = await engineRequest(ep, 'GET', `/images/${encodeName(name)}/json`);
  } catch (e) {
    throw connectError(ref, ep, e as NodeJS.ErrnoException, env);
  }
  const body = (await readJson(res).catch(() => ({}))) as Inspect;
  if (res.status === 404) {
    throw inputError(ref, `no such image "${name}" in the engine at ${ep.shown}${typeof body.message === 'string' ? ` (${body.message})` : ''}; pull or load it first`);
  }
  if (res.status !== 200) {
    throw inputError(ref, `the engine at ${ep.shown} answered ${res.status} for image "${name}"${typeof body.message === 'string' ? `: ${body.message}` : ''}`);
  }
  if (typeof body.Id !== 'string' || !body.Id) throw inputError(ref, `the engine at ${ep.shown} described image "${name}" without an Id`);
  return body;
}

async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Makes `dir/parts…` as real folders; false when one of them exists as something else (a
 * symlink or a file), so nothing is ever written through a link. `flags: 'wx'` does the same
 * for the file itself.
 */
async function realFolders(dir: string, parts: string[]): Promise<boolean> {
  let p = dir;
  for (const part of parts) {
    p = join(p, part);
    try {
      const s = await lstat(p);
      if (!s.isDirectory()) return false;
    } catch {
      await mkdir(p, { mode: 0o700 });
    }
  }
  return true;
}

/** Reads the engine's archive once, writing its members (files, links) under `dir`. */
async function spool(ref: string, ep: EngineEndpoint, id: string, dir: string, free: number | undefined): Promise<void> {
  let res;
  try {
    res = await engineRequest(ep, 'GET', `/images/${encodeName(id)}/get`);
  } catch (e) {
    throw inputError(ref, `cannot read the image from the engine at ${ep.shown}: ${(e as Error).message}`);
  }
  if (res.status !== 200) {
    const body = (await readJson(res).catch(() => ({}))) as Inspect;
    throw inputError(ref, `the engine at ${ep.shown} answered ${res.status} to the export of ${id}${typeof body.message === 'string' ? `: ${body.message}` : ''}`);
  }
  const budget = free !== undefined ? free : Number.POSITIVE_INFINITY;
  let written = 0;
  const extract = tar.extract();
  const input = res.body;
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const key = memberKey(h.name);
      if (key === undefined) {
        entry.resume();
        continue;
      }
      const parts = key.split('/');
      const target = join(dir, ...parts);
      if (!(await realFolders(dir, parts.slice(0, -1)))) {
        entry.resume(); // a member below a link or a file: never written through it
        continue;
      }
      if (h.type === 'file' || h.type === 'contiguous-file') {
        await unlink(target).catch(() => undefined); // a later duplicate wins, as in tar
        const count = new Transform({
          transform(chunk: Buffer, _e, cb) {
            written += chunk.length;
            if (written > budget) cb(new Error(`out of temporary space in ${dir} after ${written} bytes`));
            else cb(null, chunk);
          },
        });
        await pipeline(entry, count, createWriteStream(target, { mode: 0o600, flags: 'wx' }));
        continue;
      }
      if (h.type === 'directory') await mkdir(target, { mode: 0o700 }).catch(() => undefined);
      // Engines link duplicate layers with symlinks (checked to stay inside when read); hardlinks are not used.
      else if (h.type === 'symlink' && h.linkname) await symlink(h.linkname, target).catch(() => undefined);
      entry.resume();
    }
  } catch (e) {
    input.destroy();
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOSPC' ? `out of temporary space in ${dir}; point TMPDIR at a larger folder` : err.message;
    throw inputError(ref, `reading the engine's archive of ${id} failed: ${why}`);
  }
}
