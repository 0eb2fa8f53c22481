/**
 * `docker save` archives: the legacy layout (manifest.json, `<id>/layer.tar`, possibly symlinked
 * to another layer's), the Docker 25+ layout (an OCI layout plus manifest.json), and the
 * containerd-store variant (manifest.json pointing at compressed registry blobs; index.json
 * listing platforms whose blobs are missing). kaniko/go-containerregistry tarballs
 * (manifest.json + `<digest>.tar.gz`) read the same way.
 */
import { createHash } from 'node:crypto';
import { formatPlatform, platformMatches } from '../platform.js';
import { sniffCompression } from '../decompress.js';
import type { Compression, Descriptor, Image, Layer, Platform } from '../types.js';
import { checkConfig, DIGEST_RE, inputError, makeLayer, readJsonFile, requireJson } from './common.js';
import { NoUsableManifest, openOciLayout } from './oci.js';
import { openStored, readStored, type FileStore, type StoredFile } from './store.js';

interface ManifestEntry {
  Config?: unknown;
  RepoTags?: unknown;
  Layers?: unknown;
  LayerSources?: Record<string, Partial<Descriptor>>;
}

export interface DockerArchiveOptions {
  reference: string;
  tag?: string;
  platform?: Platform;
  close?: () => Promise<void>;
}

const MEDIA: Record<Compression, string> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export async function openDockerArchive(store: FileStore, opts: DockerArchiveOptions): Promise<Image> {
  const src = opts.reference;
  const hasIndex = !!(await store.get('index.json'));
  const hasManifest = !!(await store.get('manifest.json'));
  if (hasIndex && (await store.get('oci-layout'))) {
    // Docker 25+: the OCI side carries media types and digests; manifest.json adds RepoTags.
    try {
      const image = await openOciLayout(store, { ...opts, source: 'docker-archive' });
      if (hasManifest) {
        // docker's own names (RepoTags) over the index annotations.
        const tags = await repoTagsFor(store, src, image.configDigest);
        if (tags.length) image.tags = tags;
      }
      return image;
    } catch (e) {
      if (!(e instanceof NoUsableManifest) || !hasManifest) {
        if (e instanceof NoUsableManifest) throw inputError(src, `no usable image in index.json: ${e.message}`, 'index.json');
        throw e;
      }
    }
  }
  if (!hasManifest) throw inputError(src, 'not a docker archive: no manifest.json');
  return openLegacy(store, opts);
}

async function repoTagsFor(store: FileStore, src: string, configDigest: string): Promise<string[]> {
  const { json } = await requireJson(store, 'manifest.json', 'manifest.json', src);
  if (!Array.isArray(json)) return [];
  const hex = configDigest.slice('sha256:'.length);
  for (const e of json as ManifestEntry[]) {
    if (typeof e.Config === 'string' && e.Config.includes(hex) && Array.isArray(e.RepoTags)) {
      return e.RepoTags.filter((t): t is string => typeof t === 'string');
    }
  }
  return [];
}

async function openLegacy(store: FileStore, opts: DockerArchiveOptions): Promise<Image> {
  const src = opts.reference;
  const { json } = await requireJson(store, 'manifest.json', 'manifest.json', src);
  if (!Array.isArray(json) || json.length === 0) throw inputError(src, 'manifest.json is not a non-empty list of images', 'manifest.json');
  const entries = json as ManifestEntry[];
  const tagsOf = (e: ManifestEntry) => (Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === 'string') : []);
  let entry: ManifestEntry;
  if (opts.tag !== undefined) {
    const t = opts.tag;
    const found = entries.find((e) => tagsOf(e).some((x) => x === t || x.endsWith(`:${t}`) || x.replace(/:[^:/]+$/, '') === t));
    if (!found) {
      throw inputError(src, `no image tagged "${t}" in manifest.json (tags: ${entries.flatMap(tagsOf).join(', ') || 'none'})`, 'manifest.json');
    }
    entry = found;
  } else if (entries.length > 1) {
    throw inputError(
      src,
      `the archive holds ${entries.length} images; pick one with docker-archive:FILE:TAG (tags: ${entries.flatMap(tagsOf).join(', ') || 'none'})`,
      'manifest.json',
    );
  } else entry = entries[0]!;

  if (typeof entry.Config !== 'string') throw inputError(src, 'manifest.json entry has no Config', 'manifest.json');
  if (!Array.isArray(entry.Layers) || entry.Layers.some((l) => typeof l !== 'string')) {
    throw inputError(src, 'manifest.json entry has no Layers list', 'manifest.json');
  }
  const layerPaths = entry.Layers as string[];
  const cfgFile = await store.get(entry.Config);
  if (!cfgFile) throw inputError(src, `image config ${entry.Config} is missing`, 'manifest.json');
  const cfg = await readJsonFile(cfgFile, 'image config', src);
  const config = checkConfig(cfg.json, src, entry.Config, layerPaths.length);
  const layers: Layer[] = [];
  const layerDescs: Descriptor[] = [];
  for (let i = 0; i < layerPaths.length; i++) {
    const p = layerPaths[i]!;
    const diffId = config.rootfs.diff_ids[i]!;
    const stored = await store.get(p);
    if (!stored) throw inputError(src, `layer file ${p} is missing`, undefined, `#${i} ${diffId}`);
    const known = entry.LayerSources?.[diffId];
    const compression = sniffCompression(await readHead(stored, src));
    let digest: string;
    if (known && typeof known.digest === 'string' && DIGEST_RE.test(known.digest) && known.size === stored.size) {
      digest = known.digest;
    } else if (compression === 'none') {
      digest = diffId; // an uncompressed blob's digest is its diffId (checked as it streams)
    } else {
      const named = /(?:^|\/)(?:sha256:)?([0-9a-f]{64})(?:\.tar\.gz|\.tgz|\.tar\.zst)?$/.exec(p);
      // A name is only a hint: the walk verifies it, and a wrong guess would be reported as corruption.
      digest = named && p.startsWith('blobs/sha256/') ? `sha256:${named[1]}` : await hashStored(stored);
    }
    const mediaType = typeof known?.mediaType === 'string' ? known.mediaType : MEDIA[compression];
    layerDescs.push({ mediaType, digest, size: stored.size });
    layers.push(makeLayer(i, { digest, diffId, mediaType, size: stored.size }, stored, src));
  }
  const image: Image = {
    reference: src,
    source: 'docker-archive',
    manifest: {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: cfg.digest, size: cfg.bytes.length },
      layers: layerDescs,
    },
    config,
    configDigest: cfg.digest,
    layers,
    close: opts.close ?? (async () => undefined),
  };
  const tags = tagsOf(entry);
  if (tags.length) image.tags = tags;
  if (config.os && config.architecture) {
    image.platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
    if (opts.platform && !platformMatches(image.platform, opts.platform)) {
      throw inputError(src, `the archive holds a ${formatPlatform(image.platform)} image, not ${formatPlatform(opts.platform)}`);
    }
  }
  return image;
}

async function readHead(f: StoredFile, src: string): Promise<Buffer> {
  const head = { ...f, size: Math.min(4, f.size), range: { ...f.range, size: Math.min(4, f.size) } };
  return readStored(head, 4, 'layer', src);
}

/** Legacy archives with compressed layers do not record the blob digest: compute it. */
async function hashStored(f: StoredFile): Promise<string> {
  const h = createHash('sha256');
  for await (const c of openStored(f)) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}
