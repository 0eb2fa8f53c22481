/**
 * OCI image layout (`oci-layout` + `index.json` + `blobs/`), wherever its files live: a folder,
 * an oci-archive tar, or a Docker 25+ `docker save` archive. Follows index → (nested index) →
 * manifest → config and layers, picking a platform and a tag, skipping entries whose blobs are
 * missing (containerd's exporter leaves out unselected platforms).
 */
import { formatPlatform, hostPlatform, platformMatches } from '../platform.js';
import type { Descriptor, Image, Layer, Manifest, Platform } from '../types.js';
import { blobPath, checkConfig, checkDescriptor, inputError, makeLayer, readJsonFile, requireJson } from './common.js';
import type { FileStore } from './store.js';

export const MT = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
};

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

export interface OciOpenOptions {
  reference: string;
  source: Image['source'];
  /** Select the top-level index entry by `org.opencontainers.image.ref.name` (or full image name). */
  tag?: string;
  platform?: Platform;
  close?: () => Promise<void>;
}

interface Candidate {
  desc: Descriptor;
  /** The annotated name of the top-level entry it came from. */
  tags: string[];
  platform?: Platform;
}

/** Thrown (as an input error) when no index entry has its blobs: callers may fall back to manifest.json. */
export class NoUsableManifest extends Error {}

export async function openOciLayout(store: FileStore, opts: OciOpenOptions): Promise<Image> {
  const src = opts.reference;
  const index = await requireJson(store, 'index.json', 'index.json', src);
  const idx = index.json as { manifests?: unknown; schemaVersion?: unknown };
  if (!Array.isArray(idx.manifests)) throw inputError(src, 'index.json has no "manifests" list', 'index.json');
  let top = idx.manifests.map((d, i) => checkDescriptor(d, `index.json manifests[${i}]`, src, 'index.json'));
  const allTags = top.map(tagsOf).flat();
  if (opts.tag !== undefined) {
    const wanted = opts.tag;
    top = top.filter((d) => tagsOf(d).some((t) => t === wanted || t.endsWith(`:${wanted}`)));
    if (!top.length) {
      throw inputError(
        src,
        `no image tagged "${wanted}" in index.json (tags: ${allTags.length ? allTags.join(', ') : 'none'})`,
        'index.json',
      );
    }
  }
  const candidates: Candidate[] = [];
  const missing: Descriptor[] = [];
  for (const d of top) await collect(store, d, tagsOf(d), src, candidates, missing, 0);
  if (!candidates.length) {
    const why = missing.length ? `the blobs of ${missing.map((d) => d.digest).join(', ')} are missing` : 'index.json lists no image manifest';
    throw new NoUsableManifest(why);
  }
  const chosen = pickPlatform(candidates, opts.platform, src);
  const manifestFile = await store.get(blobPath(chosen.desc.digest));
  if (!manifestFile) throw inputError(src, `manifest blob ${chosen.desc.digest} is missing`);
  const m = await readJsonFile(manifestFile, `manifest ${chosen.desc.digest}`, src, chosen.desc.digest);
  const image = await imageFromManifest(store, m.json, src, blobPath(chosen.desc.digest));
  return {
    ...image,
    reference: opts.reference,
    source: opts.source,
    manifestDigest: chosen.desc.digest,
    platform: chosen.platform ?? platformOfConfig(image.config),
    tags: chosen.tags.length ? chosen.tags : undefined,
    close: opts.close ?? (async () => undefined),
  };
}

function tagsOf(d: Descriptor): string[] {
  const a = d.annotations ?? {};
  const out: string[] = [];
  if (typeof a[CONTAINERD_NAME] === 'string') out.push(a[CONTAINERD_NAME]);
  if (typeof a[REF_NAME] === 'string' && !out.some((t) => t.endsWith(`:${a[REF_NAME]}`))) out.push(a[REF_NAME]);
  return out;
}

async function collect(
  store: FileStore,
  d: Descriptor,
  tags: string[],
  src: string,
  out: Candidate[],
  missing: Descriptor[],
  depth: number,
): Promise<void> {
  if (depth > 4) throw inputError(src, 'index nesting deeper than 4 levels', blobPath(d.digest));
  const mt = d.mediaType;
  if (mt === MT.ociManifest || mt === MT.dockerManifest) {
    // Attestation manifests (buildx) carry platform unknown/unknown: not an image to run.
    if (d.platform?.os === 'unknown' || d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return;
    if (!(await store.get(blobPath(d.digest)))) {
      missing.push(d);
      return;
    }
    out.push({ desc: d, tags, platform: d.platform ? pickPlatformFields(d.platform) : undefined });
    return;
  }
  if (mt === MT.dockerSchema1 || mt === MT.dockerSchema1Signed) {
    throw inputError(src, `Docker schema 1 manifests (${d.digest}) are not supported; convert the image with skopeo copy`);
  }
  if (mt && mt !== MT.ociIndex && mt !== MT.dockerList) return; // unknown media type: not an error (image-spec)
  const f = await store.get(blobPath(d.digest));
  if (!f) {
    missing.push(d);
    return;
  }
  const child = await readJsonFile(f, `index ${d.digest}`, src, d.digest);
  const j = child.json as { manifests?: unknown; layers?: unknown; mediaType?: string };
  if (!mt && Array.isArray(j.layers)) {
    out.push({ desc: { ...d, mediaType: MT.ociManifest }, tags, platform: d.platform ? pickPlatformFields(d.platform) : undefined });
    return;
  }
  if (!Array.isArray(j.manifests)) {
    if (mt) throw inputError(src, `index ${d.digest} has no "manifests" list`, blobPath(d.digest));
    return;
  }
  const children = j.manifests.map((c, i) => checkDescriptor(c, `index ${d.digest} manifests[${i}]`, src, blobPath(d.digest)));
  for (const c of children) await collect(store, c, tags, src, out, missing, depth + 1);
}

function pickPlatformFields(p: Platform): Platform {
  const out: Platform = { os: p.os, architecture: p.architecture };
  if (p.variant) out.variant = p.variant;
  return out;
}

function pickPlatform(candidates: Candidate[], wanted: Platform | undefined, src: string): Candidate {
  if (candidates.length === 1 && (!wanted || !candidates[0]!.platform || platformMatches(candidates[0]!.platform, wanted))) {
    return candidates[0]!;
  }
  const target = wanted ?? hostPlatform();
  const hit = candidates.find((c) => c.platform && platformMatches(c.platform, target));
  if (hit) return hit;
  const withoutPlatform = candidates.filter((c) => !c.platform);
  if (!wanted && withoutPlatform.length === candidates.length) return candidates[0]!;
  const available = candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unspecified'));
  throw inputError(
    src,
    `no image for platform ${formatPlatform(target)}${wanted ? '' : ' (the host)'}; available: ${[...new Set(available)].join(', ')} (choose one with --platform)`,
  );
}

function platformOfConfig(c: { os?: string; architecture?: string; variant?: string }): Platform | undefined {
  if (!c.os || !c.architecture) return undefined;
  const p: Platform = { os: c.os, architecture: c.architecture };
  if (c.variant) p.variant = c.variant;
  return p;
}

/** Reads config and layer descriptors of an OCI or Docker v2 manifest from the store. */
export async function imageFromManifest(
  store: FileStore,
  json: unknown,
  src: string,
  where: string,
): Promise<Omit<Image, 'reference' | 'source' | 'close'>> {
  const raw = json as Partial<Manifest> & { manifests?: unknown };
  if (Array.isArray(raw.manifests)) throw inputError(src, 'expected an image manifest, found an index', where);
  if (!raw.config || !Array.isArray(raw.layers)) throw inputError(src, 'manifest has no config or no layers list', where);
  const config = checkDescriptor(raw.config, 'manifest config', src, where);
  const layerDescs = raw.layers.map((l, i) => checkDescriptor(l, `manifest layers[${i}]`, src, where));
  const cfgFile = await store.get(blobPath(config.digest));
  if (!cfgFile) throw inputError(src, `config blob ${config.digest} is missing`, where);
  const cfg = await readJsonFile(cfgFile, 'image config', src, config.digest);
  const imageConfig = checkConfig(cfg.json, src, blobPath(config.digest), layerDescs.length);
  const layers: Layer[] = [];
  for (let i = 0; i < layerDescs.length; i++) {
    const d = layerDescs[i]!;
    const stored = await store.get(blobPath(d.digest));
    if (!stored) {
      const foreign = /nondistributable|foreign/.test(d.mediaType);
      throw inputError(
        src,
        foreign
          ? `layer blob is missing: it is a non-distributable (foreign) layer${(d as { urls?: string[] }).urls?.length ? ` hosted at ${(d as { urls?: string[] }).urls![0]}` : ''}, which archives leave out and plimsoll does not fetch`
          : `layer blob is missing (${blobPath(d.digest)} not found)`,
        undefined,
        `#${i} ${d.digest}`,
      );
    }
    layers.push(makeLayer(i, { digest: d.digest, diffId: imageConfig.rootfs.diff_ids[i]!, mediaType: d.mediaType, size: d.size }, stored, src));
  }
  const manifest: Manifest = {
    schemaVersion: typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 2,
    config,
    layers: layerDescs,
  };
  if (raw.mediaType) manifest.mediaType = raw.mediaType;
  if (raw.annotations) manifest.annotations = raw.annotations;
  return { manifest, config: imageConfig, configDigest: config.digest, layers };
}
