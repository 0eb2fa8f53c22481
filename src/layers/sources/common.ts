/**
 * Pieces every local source shares: reading JSON documents with clear errors, checking the
 * config, and making `Layer` objects whose `open()` streams (and verifies) stored bytes.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { PlimsollInputError } from '../../rules/finding.js';
import type { Descriptor, Image, ImageConfig, Layer, Manifest } from '../types.js';
import { openStored, readStored, type FileStore, type StoredFile } from './store.js';

/** JSON documents (index, manifest, config) larger than this are refused. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

export const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export function inputError(source: string, message: string, path?: string, layer?: string): PlimsollInputError {
  return new PlimsollInputError({ source, message, path, layer });
}

export async function readJsonFile(
  f: StoredFile,
  what: string,
  source: string,
  expectDigest?: string,
): Promise<{ json: unknown; digest: string; bytes: Buffer }> {
  const bytes = await readStored(f, MAX_JSON_BYTES, what, source);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (expectDigest && expectDigest !== digest) {
    throw inputError(source, `${what} digest mismatch: expected ${expectDigest}, got ${digest}`, f.name);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw inputError(source, `${what} is not valid JSON (${(e as Error).message})`, f.name);
  }
  if (json === null || typeof json !== 'object') throw inputError(source, `${what} is not a JSON object`, f.name);
  return { json, digest, bytes };
}

export async function requireJson(
  store: FileStore,
  name: string,
  what: string,
  source: string,
  expectDigest?: string,
): Promise<{ json: unknown; digest: string; bytes: Buffer }> {
  const f = await store.get(name);
  if (!f) throw inputError(source, `${what} is missing (no ${name} in ${store.location})`);
  return readJsonFile(f, what, source, expectDigest);
}

export function blobPath(digest: string): string {
  const i = digest.indexOf(':');
  return `blobs/${digest.slice(0, i)}/${digest.slice(i + 1)}`;
}

export function checkDescriptor(d: unknown, what: string, source: string, path: string): Descriptor {
  const o = d as Partial<Descriptor> | null;
  if (!o || typeof o !== 'object' || typeof o.digest !== 'string' || !DIGEST_RE.test(o.digest)) {
    throw inputError(source, `${what} has no valid sha256 digest`, path);
  }
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0) {
    throw inputError(source, `${what} has no valid size`, path);
  }
  return { ...o, mediaType: typeof o.mediaType === 'string' ? o.mediaType : '', digest: o.digest, size: o.size } as Descriptor;
}

/** Checks an image config has what analyses rely on: `rootfs.type` `layers` and its diff_ids. */
export function checkConfig(json: unknown, source: string, path: string, layerCount: number): ImageConfig {
  const c = json as Partial<ImageConfig>;
  const rootfs = c.rootfs as Partial<ImageConfig['rootfs']> | undefined;
  if (!rootfs || typeof rootfs !== 'object') throw inputError(source, 'image config has no rootfs', path);
  if (rootfs.type !== 'layers') throw inputError(source, `image config rootfs.type is ${JSON.stringify(rootfs.type)}, expected "layers"`, path);
  if (!Array.isArray(rootfs.diff_ids) || rootfs.diff_ids.some((d) => typeof d !== 'string' || !DIGEST_RE.test(d))) {
    throw inputError(source, 'image config rootfs.diff_ids is not a list of sha256 digests', path);
  }
  if (rootfs.diff_ids.length !== layerCount) {
    throw inputError(
      source,
      `image config lists ${rootfs.diff_ids.length} diff_ids but the manifest has ${layerCount} layers`,
      path,
    );
  }
  if (c.history !== undefined && !Array.isArray(c.history)) throw inputError(source, 'image config history is not a list', path);
  return c as ImageConfig;
}

/** A stream that hashes what passes and fails at the end on a digest or size mismatch. */
export function verifying(stream: Readable, expect: { digest?: string; size?: number }, describe: () => string): Readable {
  const hash = createHash('sha256');
  let n = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      n += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      const got = `sha256:${hash.digest('hex')}`;
      if (expect.size !== undefined && expect.size !== n) {
        cb(new Error(`${describe()}: blob is ${n} bytes but its descriptor says ${expect.size}`));
      } else if (expect.digest && expect.digest !== got) {
        cb(new Error(`${describe()}: blob digest mismatch: expected ${expect.digest}, got ${got}`));
      } else cb();
    },
  });
  stream.on('error', (e) => t.destroy(e));
  return stream.pipe(t);
}

export function makeLayer(
  index: number,
  desc: { digest: string; diffId: string; mediaType: string; size: number },
  stored: StoredFile,
  source: string,
): Layer {
  return {
    index,
    digest: desc.digest,
    diffId: desc.diffId,
    mediaType: desc.mediaType,
    size: desc.size,
    byteRange: stored.range,
    async open(options?: { verify?: boolean }): Promise<Readable> {
      const s = openStored(stored);
      if (options?.verify === false) return s;
      return verifying(s, { digest: desc.digest, size: desc.size }, () => `${source} (layer #${index} ${desc.digest})`);
    },
  };
}

export function emptyManifest(config: Descriptor, layers: Descriptor[]): Manifest {
  return { schemaVersion: 2, config, layers };
}

export type { Image };
