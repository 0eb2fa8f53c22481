/**
 * openImage: the one entry point from a reference to an `Image`. Local paths are told apart by
 * content, never by name; `docker-archive:`, `oci-archive:` and `oci:` force a format and may
 * end in `:TAG`. Other sources (registry, daemon) plug in with `registerImageSource`.
 */
import { open as openFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PlimsollInputError, UsageError } from '../rules/finding.js';
import { sniffCompression } from './decompress.js';
import { parsePlatform } from './platform.js';
import { inputError } from './sources/common.js';
import { openDockerArchive } from './sources/docker-archive.js';
import { openOciArchive } from './sources/oci-archive.js';
import { openOciDir } from './sources/oci-layout.js';
import { DirStore, TarStore } from './sources/store.js';
import { daemonSource } from './sources/daemon.js';
import { registryRefProblem, registrySource } from './sources/registry.js';
import type { ReadLayersOptions } from './reader.js';
import type { RemoteOptions } from './registry/options.js';
import { decodeHeader } from './tar.js';
import type { Image, Platform } from './types.js';

export interface OpenImageOptions {
  /** `os/arch[/variant]` (or a parsed Platform) to pick from a multi-platform index; default: the host's. */
  platform?: string | Platform;
  /** Registry and engine options: credentials, TLS, cache, engine address (src/layers/registry/options.ts). */
  remote?: RemoteOptions;
  /**
   * How layers will be read (probes, limits, workers): a source that must read them while it
   * opens the image (an engine's archive is one stream) reads them so, into `Layer.preread`.
   */
  read?: ReadLayersOptions;
  /** Folder that relative paths are resolved against; default: the process's working directory. */
  cwd?: string;
}

/** A source for references that are not local paths (registry, daemon), added by its module. */
export interface ImageSource {
  name: string;
  /** True when this source takes the reference (by prefix such as `docker://`, or by shape). */
  handles(ref: string): boolean;
  open(ref: string, options: { platform?: Platform; remote?: RemoteOptions; read?: ReadLayersOptions }): Promise<Image>;
}

// The engine source takes `docker-daemon:`; the registry source takes `docker://` and references naming no local file.
const sources: ImageSource[] = [daemonSource, registrySource];

/** Adds a source that `openImage` asks for references that are neither prefixed local formats nor existing paths. */
export function registerImageSource(source: ImageSource): void {
  if (!sources.some((s) => s.name === source.name)) sources.push(source);
}

const PREFIXES = ['docker-archive:', 'oci-archive:', 'oci:'] as const;

/** Opens an image by reference; throws PlimsollInputError (bad input) or UsageError (bad platform). */
export async function openImage(ref: string, options: OpenImageOptions = {}): Promise<Image> {
  const platform = resolvePlatform(options.platform);
  const cwd = options.cwd ?? process.cwd();
  const statKind = (p: string) => statKindAt(resolve(cwd, p));
  for (const prefix of PREFIXES) {
    if (!ref.startsWith(prefix)) continue;
    const split = await splitTag(ref.slice(prefix.length), statKind);
    const path = resolve(cwd, split.path);
    const tag = split.tag;
    const kind = await statKind(path);
    if (!kind) throw inputError(ref, `no such file or directory: ${path}`);
    if (prefix === 'oci:') {
      if (kind !== 'dir') throw inputError(ref, 'oci: expects an OCI image layout folder (use oci-archive: for a tar)');
      return openOciDir(path, { reference: ref, tag, platform });
    }
    if (prefix === 'oci-archive:') {
      if (kind !== 'file') throw inputError(ref, 'oci-archive: expects a tar file (use oci: for a folder)');
      await checkArchive(path, ref);
      return openOciArchive(path, { reference: ref, tag, platform });
    }
    if (kind === 'dir') return openDockerArchive(await DirStore.open(path), { reference: ref, tag, platform });
    await checkArchive(path, ref);
    return openDockerArchive(await TarStore.open(path, ref), { reference: ref, tag, platform });
  }
  for (const s of sources) if (s.handles(ref)) return s.open(ref, { platform, remote: options.remote, read: options.read });

  let path = ref;
  let tag: string | undefined;
  let kind = await statKind(path);
  if (!kind) {
    const split = await splitTag(ref, statKind);
    if (split.tag !== undefined) {
      path = split.path;
      tag = split.tag;
      kind = await statKind(path);
    }
  }
  path = resolve(cwd, path);
  if (!kind) {
    const why = registryRefProblem(ref);
    throw inputError(
      ref,
      `no such file or directory${why ? ` (nor an image reference: ${why})` : ''}; give a docker save archive, an oci-archive tar, an OCI layout folder, a registry reference (docker://HOST/REPO:TAG) or docker-daemon:NAME`,
    );
  }
  if (kind === 'dir') {
    const store = await DirStore.open(path);
    if (await store.get('index.json')) {
      if ((await store.get('manifest.json')) && !(await store.get('oci-layout'))) {
        return openDockerArchive(store, { reference: ref, tag, platform });
      }
      return openOciDir(path, { reference: ref, tag, platform });
    }
    if (await store.get('manifest.json')) return openDockerArchive(store, { reference: ref, tag, platform });
    throw inputError(ref, 'folder is not an image: no index.json (OCI layout) or manifest.json (docker save)');
  }
  await checkArchive(path, ref);
  const store = await TarStore.open(path, ref);
  if (await store.get('manifest.json')) return openDockerArchive(store, { reference: ref, tag, platform });
  if (await store.get('index.json')) return openOciArchive(path, { reference: ref, tag, platform, store });
  throw inputError(ref, 'tar archive is not an image: it has neither manifest.json (docker save) nor index.json (OCI)');
}

function resolvePlatform(p: string | Platform | undefined): Platform | undefined {
  if (p === undefined || typeof p === 'object') return p;
  const parsed = parsePlatform(p);
  if (!parsed) throw new UsageError(`invalid platform "${p}": expected os/arch[/variant], e.g. linux/arm64/v8`);
  return parsed;
}

async function statKindAt(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** `PATH:TAG` when PATH exists and the whole does not (the tag may be a full `name:tag` reference). */
async function splitTag(rest: string, statKind: (p: string) => Promise<'file' | 'dir' | undefined>): Promise<{ path: string; tag?: string }> {
  if (await statKind(rest)) return { path: rest };
  for (let i = rest.indexOf(':'); i > 0; i = rest.indexOf(':', i + 1)) {
    if (await statKind(rest.slice(0, i))) return { path: rest.slice(0, i), tag: rest.slice(i + 1) };
  }
  return { path: rest };
}

/** Refuses files that are not tar archives, with a word on what they are instead. */
async function checkArchive(path: string, ref: string): Promise<void> {
  const fh = await openFile(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const c = sniffCompression(head);
  if (c !== 'none') {
    throw inputError(
      ref,
      `the archive is ${c}-compressed; decompress it first (${c === 'gzip' ? 'gunzip -k' : 'zstd -d'} ${path}): layers are read by byte range, which a compressed archive does not allow`,
    );
  }
  if (head.length < 512) throw inputError(ref, 'not an image: the file is too small to be a tar archive');
  try {
    decodeHeader(head, 0);
  } catch {
    throw inputError(ref, 'not an image: neither a tar archive (docker save, oci-archive) nor an OCI layout folder');
  }
}

export { PlimsollInputError };
