/**
 * Images from an OCI distribution (v2) registry: `HOST[:PORT]/REPO[:TAG|@DIGEST]`,
 * `docker://…`, or a Docker Hub short name (`nginx:1.27` → `docker.io/library/nginx:1.27`).
 * Resolves tag → manifest (index → platform → manifest, nested indexes included), reads the
 * config, and gives layers whose streams come straight from the registry (resumed after a
 * dropped connection) through the blob cache, or from the cache when a blob is already there.
 * Every manifest, config and blob is checked against its digest.
 */
import { createReadStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { PlimsollInputError } from '../../rules/finding.js';
import type { ImageSource } from '../open.js';
import { formatPlatform, hostPlatform, platformMatches } from '../platform.js';
import { cacheFor, type BlobCache } from '../registry/cache.js';
import { RegistryClient, type FetchedManifest } from '../registry/client.js';
import type { RemoteOptions } from '../registry/options.js';
import { formatReference, InvalidReference, parseReference } from '../registry/reference.js';
import type { Descriptor, Image, Layer, Manifest, Platform } from '../types.js';
import { checkConfig, checkDescriptor, inputError, verifying } from './common.js';
import { MT } from './oci.js';

const CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const FOREIGN = new Set([
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
]);

/** Names that are surely files, never registry references (a missing `app.tar` says "no such file"). */
const LOCAL_LOOKING = /^(?:\.{0,2}\/|~)|\\|\.(?:tar|tgz|tar\.gz|tar\.zst|tar\.zstd|oci|json)$/i;

/** skopeo's other transports: never registry references. */
const OTHER_TRANSPORTS = /^(?:docker-daemon|podman-daemon|containers-storage|docker-archive|oci-archive|oci|dir|sif|tarball):/;

/** True when `ref` is meant for a registry: `docker://…`, or a valid reference that names no local file. */
export function looksLikeRegistryRef(ref: string): boolean {
  if (ref.startsWith('docker://')) return true;
  if (OTHER_TRANSPORTS.test(ref)) return false;
  if (LOCAL_LOOKING.test(ref) || existsSync(ref)) return false;
  for (let i = ref.indexOf(':'); i > 0; i = ref.indexOf(':', i + 1)) if (existsSync(ref.slice(0, i))) return false;
  try {
    const r = parseReference(ref);
    // `notes.txt`, `build/app.img`: a missing file, not a Docker Hub repository (write docker.io/… for those).
    if (!namesRegistry(ref) && /\./.test(r.repository.slice(r.repository.lastIndexOf('/') + 1))) return false;
    return true;
  } catch {
    return false;
  }
}

/** True when the text itself names the registry (`docker://`, `HOST/…`), rather than defaulting to Docker Hub. */
function namesRegistry(ref: string): boolean {
  if (ref.startsWith('docker://')) return true;
  const first = ref.split('/')[0]!;
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** Why a name that is no local file is not a registry reference either (undefined for names that look like files). */
export function registryRefProblem(ref: string): string | undefined {
  if (OTHER_TRANSPORTS.test(ref) || LOCAL_LOOKING.test(ref)) return undefined;
  try {
    parseReference(ref);
    return undefined;
  } catch (e) {
    return e instanceof InvalidReference ? e.message : undefined;
  }
}

export const registrySource: ImageSource = {
  name: 'registry',
  handles: looksLikeRegistryRef,
  open: (ref, options) => openRegistryImage(ref, options),
};

interface Candidate {
  desc: Descriptor;
  platform?: Platform;
}

export async function openRegistryImage(ref: string, opts: { platform?: Platform; remote?: RemoteOptions }): Promise<Image> {
  let parsed;
  try {
    parsed = parseReference(ref);
  } catch (e) {
    if (e instanceof InvalidReference) throw inputError(ref, `invalid image reference: ${e.message}`);
    throw e;
  }
  const remote = opts.remote ?? {};
  const client = new RegistryClient(parsed, remote, ref);
  const cache = cacheFor(remote);
  try {
    return await resolveImage(ref, parsed.manifestRef, client, cache, opts.platform, formatReference(parsed));
  } catch (e) {
    client.close();
    if (e instanceof PlimsollInputError && !namesRegistry(ref)) {
      // A bare name may have been meant as a file: say that this was tried too.
      throw new PlimsollInputError({ ...e.detail, message: `${e.detail.message} (read as ${formatReference(parsed)}; no local file has that name either)` });
    }
    throw e;
  }
}

/** A manifest or index by digest: from the cache, else the registry (then cached). */
async function documentByDigest(client: RegistryClient, cache: BlobCache | undefined, digest: string): Promise<FetchedManifest> {
  const cached = await cache?.readBytes(digest, 16 * 1024 * 1024);
  if (cached) return { bytes: cached, mediaType: mediaTypeOf(cached), digest };
  const m = await client.getManifest(digest, digest);
  await cache?.writeBytes(m.digest, m.bytes);
  return m;
}

/** The top manifest by tag: HEAD for the digest (free on Docker Hub) when a cache may hold it, else GET. */
async function documentByTag(client: RegistryClient, cache: BlobCache | undefined, tag: string): Promise<FetchedManifest> {
  if (cache) {
    const head = await client.headManifest(tag);
    if (head) {
      const cached = await cache.readBytes(head.digest, 16 * 1024 * 1024);
      if (cached) return { bytes: cached, mediaType: mediaTypeOf(cached, head.mediaType), digest: head.digest };
    }
  }
  const m = await client.getManifest(tag);
  await cache?.writeBytes(m.digest, m.bytes);
  return m;
}

function mediaTypeOf(bytes: Buffer, fallback = ''): string {
  try {
    const j = JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown };
    return typeof j.mediaType === 'string' ? j.mediaType : fallback;
  } catch {
    return fallback;
  }
}

function parseJson(m: FetchedManifest, what: string, src: string): Record<string, unknown> {
  let j: unknown;
  try {
    j = JSON.parse(m.bytes.toString('utf8'));
  } catch (e) {
    throw inputError(src, `${what} ${m.digest} is not valid JSON (${(e as Error).message})`);
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw inputError(src, `${what} ${m.digest} is not a JSON object`);
  return j as Record<string, unknown>;
}

type Kind = 'index' | 'manifest' | 'schema1' | 'unknown';

function kindOf(mediaType: string, json: Record<string, unknown>): Kind {
  if (mediaType === MT.ociIndex || mediaType === MT.dockerList) return 'index';
  if (mediaType === MT.ociManifest || mediaType === MT.dockerManifest) return 'manifest';
  if (mediaType === MT.dockerSchema1 || mediaType === MT.dockerSchema1Signed || json.schemaVersion === 1) return 'schema1';
  if (Array.isArray(json.manifests)) return 'index';
  if (json.config && Array.isArray(json.layers)) return 'manifest';
  return 'unknown';
}

const SCHEMA1 =
  'the image has a Docker schema 1 manifest (deprecated since 2017 and no longer pulled by Docker); plimsoll reads schema 2 and OCI images: re-push it, or convert it with `skopeo copy --format v2s2`';

async function resolveImage(
  src: string,
  manifestRef: string,
  client: RegistryClient,
  cache: BlobCache | undefined,
  wanted: Platform | undefined,
  canonical: string,
): Promise<Image> {
  let top = manifestRef.startsWith('sha256:') ? await documentByDigest(client, cache, manifestRef) : await documentByTag(client, cache, manifestRef);
  let json = parseJson(top, 'manifest', src);
  let kind = kindOf(top.mediaType, json);
  let platform: Platform | undefined;
  if (kind === 'schema1') throw inputError(src, SCHEMA1);
  if (kind === 'index') {
    const candidates: Candidate[] = [];
    await collect(client, cache, json, top.digest, src, candidates, 0);
    const chosen = pickPlatform(candidates, wanted, src);
    platform = chosen.platform;
    top = await documentByDigest(client, cache, chosen.desc.digest);
    json = parseJson(top, 'manifest', src);
    kind = kindOf(top.mediaType || chosen.desc.mediaType, json);
    if (kind === 'schema1') throw inputError(src, SCHEMA1);
    if (kind !== 'manifest') throw inputError(src, `index entry ${chosen.desc.digest} is not an image manifest (${top.mediaType || 'no media type'})`);
  } else if (kind !== 'manifest') {
    throw inputError(src, `the registry sent a document that is neither an image manifest nor an index (media type "${top.mediaType || 'none'}")`);
  }
  if (!json.config || !Array.isArray(json.layers)) throw inputError(src, `manifest ${top.digest} has no config or no layers list`);
  const where = `manifest ${top.digest}`;
  const configDesc = checkDescriptor(json.config, 'manifest config', src, where);
  if (configDesc.mediaType && !CONFIG_TYPES.has(configDesc.mediaType)) {
    throw inputError(
      src,
      `not a container image: the manifest's config is "${configDesc.mediaType}" (an OCI artifact such as a Helm chart, signature or SBOM), not an image config`,
    );
  }
  const layerDescs = (json.layers as unknown[]).map((l, i) => checkDescriptor(l, `manifest layers[${i}]`, src, where));
  for (const [i, d] of layerDescs.entries()) {
    if (FOREIGN.has(d.mediaType)) {
      throw inputError(src, `layer #${i} ${d.digest} is a foreign (non-distributable) layer (${d.mediaType}), which registries do not serve; plimsoll cannot read it`);
    }
    if (d.mediaType.includes('+encrypted')) throw inputError(src, `layer #${i} ${d.digest} is encrypted (${d.mediaType}); plimsoll cannot read it`);
  }

  let configBytes = await cache?.readBytes(configDesc.digest, 16 * 1024 * 1024);
  if (!configBytes) {
    configBytes = await client.getBlobBytes(configDesc.digest, 'image config');
    await cache?.writeBytes(configDesc.digest, configBytes);
  }
  let configJson: unknown;
  try {
    configJson = JSON.parse(configBytes.toString('utf8'));
  } catch (e) {
    throw inputError(src, `image config ${configDesc.digest} is not valid JSON (${(e as Error).message})`);
  }
  const config = checkConfig(configJson, src, `config ${configDesc.digest}`, layerDescs.length);
  const ofConfig = config.os && config.architecture ? { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) } : undefined;
  if (!platform && ofConfig) {
    platform = ofConfig;
    if (wanted && !platformMatches(ofConfig, wanted)) {
      throw inputError(src, `the image is ${formatPlatform(ofConfig)} only (no index to choose from), not ${formatPlatform(wanted)}`);
    }
  }

  const layers: Layer[] = [];
  for (let i = 0; i < layerDescs.length; i++) {
    const d = layerDescs[i]!;
    const diffId = config.rootfs.diff_ids[i]!;
    const cached = await cache?.lookup(d.digest, d.size);
    layers.push(registryLayer(i, d, diffId, cached, client, cache, src));
  }
  const manifest: Manifest = { schemaVersion: typeof json.schemaVersion === 'number' ? json.schemaVersion : 2, config: configDesc, layers: layerDescs };
  const mt = typeof json.mediaType === 'string' ? json.mediaType : top.mediaType;
  if (mt) manifest.mediaType = mt;
  if (json.annotations && typeof json.annotations === 'object') manifest.annotations = json.annotations as Record<string, string>;
  let closed = false;
  return {
    reference: src,
    source: 'registry',
    manifest,
    manifestDigest: top.digest,
    config,
    configDigest: configDesc.digest,
    layers,
    platform,
    tags: [canonical],
    async close() {
      if (closed) return;
      closed = true;
      client.close();
      await cache?.prune();
    },
  };
}

function registryLayer(
  index: number,
  d: Descriptor,
  diffId: string,
  cachedFile: string | undefined,
  client: RegistryClient,
  cache: BlobCache | undefined,
  src: string,
): Layer {
  const name = `#${index} ${d.digest}`;
  const describe = () => `${src} (layer ${name})`;
  const layer: Layer = {
    index,
    digest: d.digest,
    diffId,
    mediaType: d.mediaType,
    size: d.size,
    async open(options?: { verify?: boolean }): Promise<Readable> {
      const verify = options?.verify !== false;
      const file = cachedFile ?? (await cache?.lookup(d.digest, d.size));
      if (file) {
        const s = createReadStream(file, { highWaterMark: 1 << 20 });
        return verify ? verifying(s, { digest: d.digest, size: d.size }, describe) : s;
      }
      const body = client.openBlob(d.digest, name);
      if (cache) {
        const tee = cache.tee(d.digest, d.size, verify, describe);
        body.on('error', (e) => tee.destroy(e));
        tee.on('close', () => {
          if (!body.destroyed) body.destroy();
        });
        return body.pipe(tee);
      }
      return verify ? verifying(body, { digest: d.digest, size: d.size }, describe) : body;
    },
  };
  // A cached blob is a local file: the reader's workers read it themselves.
  if (cachedFile) layer.byteRange = { file: cachedFile, start: 0, size: d.size };
  return layer;
}

async function collect(
  client: RegistryClient,
  cache: BlobCache | undefined,
  index: Record<string, unknown>,
  digest: string,
  src: string,
  out: Candidate[],
  depth: number,
): Promise<void> {
  if (depth > 4) throw inputError(src, 'index nesting deeper than 4 levels');
  if (!Array.isArray(index.manifests)) throw inputError(src, `index ${digest} has no "manifests" list`);
  const children = index.manifests.map((c, i) => checkDescriptor(c, `index ${digest} manifests[${i}]`, src, `index ${digest}`));
  for (const c of children) {
    const mt = c.mediaType;
    if (mt === MT.ociManifest || mt === MT.dockerManifest || !mt) {
      // Attestation manifests (buildx) carry unknown/unknown: not an image to run.
      if (c.platform?.os === 'unknown' || c.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      out.push({ desc: c, platform: c.platform ? { os: c.platform.os, architecture: c.platform.architecture, ...(c.platform.variant ? { variant: c.platform.variant } : {}) } : undefined });
    } else if (mt === MT.ociIndex || mt === MT.dockerList) {
      const child = await documentByDigest(client, cache, c.digest);
      await collect(client, cache, parseJson(child, 'index', src), c.digest, src, out, depth + 1);
    }
    // Other media types (artifacts, schema 1 entries) are not images to pick.
  }
}

function pickPlatform(candidates: Candidate[], wanted: Platform | undefined, src: string): Candidate {
  if (!candidates.length) throw inputError(src, 'the index lists no image manifest');
  if (candidates.length === 1 && (!wanted || !candidates[0]!.platform || platformMatches(candidates[0]!.platform, wanted))) return candidates[0]!;
  const target = wanted ?? hostPlatform();
  const hit = candidates.find((c) => c.platform && platformMatches(c.platform, target));
  if (hit) return hit;
  if (!wanted && candidates.every((c) => !c.platform)) return candidates[0]!;
  const available = [...new Set(candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unspecified')))];
  throw inputError(
    src,
    `no image for platform ${formatPlatform(target)}${wanted ? '' : ' (the host)'}; available: ${available.join(', ')} (choose one with --platform)`,
  );
}
