/**
 * Images from a Docker-compatible engine: `docker-daemon:NAME` (or `--source docker|podman`).
 * Asks the engine about the image (`GET /images/NAME/json`), then reads `GET /images/ID/get`,
 * the `docker save` archive, as one stream, once: each layer is walked as it arrives, with the
 * probes and limits the caller will read with (`OpenImageOptions.read`), and the image is put
 * together when the stream ends (daemon-archive.ts). Its layers carry their contents
 * (`Layer.preread`), so readLayers does not read them again.
 *
 * Nothing is written to disk and no layer is held in memory: the socket waits while the layer
 * walk is behind. What memory holds is the layers' entries, as when reading a local archive.
 */
import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import type { ImageSource } from '../open.js';
import { formatPlatform, platformMatches } from '../platform.js';
import { BlobReader, type ReadLayersOptions } from '../reader.js';
import type { RemoteOptions } from '../registry/options.js';
import { TarParser } from '../tar.js';
import type { Image, Platform } from '../types.js';
import { inputError, verifying } from './common.js';
import { assembleImage, readEngineArchive, type ArchiveOrigin } from './daemon-archive.js';
import { EngineAddressError, engineEndpoint, engineRequest, encodeName, podmanSockets, readJson, type EngineEndpoint, type EngineResponse } from './daemon-engine.js';
import { memberKey } from './store.js';

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

export async function openDaemonImage(ref: string, opts: { platform?: Platform; remote?: RemoteOptions; read?: ReadLayersOptions }): Promise<Image> {
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
  const size = typeof info.Size === 'number' && info.Size > 0 ? info.Size : undefined;
  const origin: ArchiveOrigin = { ref, engine: `the engine at ${ep.shown}`, id };

  const read = opts.read ?? {};
  const reader = await BlobReader.open({ workers: read.workers, maxLayerBytes: read.maxLayerBytes, maxImageBytes: read.maxImageBytes, probes: read.probes, expectedBytes: size });
  let members;
  try {
    // By id, so the archive is the image just inspected even if the tag moves meanwhile.
    const res = await exportArchive(ep, origin);
    members = await readEngineArchive(res.body, reader, origin);
  } finally {
    await reader.close();
  }
  const assembled = assembleImage(members, {
    origin,
    platform: opts.platform,
    probes: reader.probes,
    openMember: (key, expect, verify) => openMember(ep, origin, key, expect, verify),
  });
  if (assembled.configDigest !== id && /^sha256:[0-9a-f]{64}$/.test(id)) {
    throw inputError(ref, `the engine sent image ${assembled.configDigest} when asked for ${id}`);
  }
  const image: Image = {
    ...assembled,
    reference: ref,
    source: 'docker-daemon',
    async close() {
      // The contents not handed over (a layer never read) are let go.
      for (const l of image.layers) delete l.preread;
    },
  };
  const tags = Array.isArray(info.RepoTags) ? info.RepoTags.filter((t): t is string => typeof t === 'string' && t !== '<none>:<none>') : [];
  if (tags.length) image.tags = tags;
  else delete image.tags;
  return image;
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

async function exportArchive(ep: EngineEndpoint, origin: ArchiveOrigin): Promise<EngineResponse> {
  let res;
  try {
    res = await engineRequest(ep, 'GET', `/images/${encodeName(origin.id)}/get`);
  } catch (e) {
    throw inputError(origin.ref, `cannot read the image from ${origin.engine}: ${(e as Error).message}`);
  }
  if (res.status !== 200) {
    const body = (await readJson(res).catch(() => ({}))) as Inspect;
    throw inputError(origin.ref, `${origin.engine} answered ${res.status} to the export of ${origin.id}${typeof body.message === 'string' ? `: ${body.message}` : ''}`);
  }
  return res;
}

/**
 * A layer's bytes again, after its contents were handed over (a second reading, or one with
 * other probes): the engine is asked for the archive once more and the member is picked out.
 */
async function openMember(ep: EngineEndpoint, origin: ArchiveOrigin, key: string, expect: { digest: string; size: number; index: number }, verify: boolean): Promise<Readable> {
  const res = await exportArchive(ep, origin);
  const s = Readable.from(memberChunks(res, key, origin));
  return verify ? verifying(s, expect, () => `${origin.ref} (layer #${expect.index} ${expect.digest})`) : s;
}

async function* memberChunks(res: EngineResponse, key: string, origin: ArchiveOrigin): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const at: { state: 'before' | 'inside' | 'done' } = { state: 'before' };
  const parser = new TarParser({
    entry(h) {
      if (at.state === 'before' && (h.typeflag === '0' || h.typeflag === '7') && memberKey(h.name) === key) at.state = 'inside';
    },
    data(c) {
      if (at.state === 'inside') out.push(c);
    },
    entryEnd() {
      if (at.state === 'inside') at.state = 'done';
    },
  });
  try {
    for await (const chunk of res.body) {
      parser.write(chunk as Buffer);
      while (out.length) yield out.shift()!;
      if (at.state === 'done') return;
    }
  } finally {
    res.body.destroy();
  }
  throw new Error(`${origin.engine} no longer sends ${key} in the archive of ${origin.id}`);
}
