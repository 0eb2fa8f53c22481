/**
 * An engine's `docker save` archive (`GET /images/ID/get`) read as it streams, once, in the
 * order the engine sends it — podman 4.3 sends every layer, then the config, then
 * `manifest.json`; Docker puts the config among the layers and `manifest.json` last.
 *
 * Members are told apart by their first bytes, never by name: tar, gzip and zstd blobs go
 * through the layer walk as they arrive (BlobReader: worker threads, probes, limits), pulled
 * with backpressure so the socket waits rather than memory filling; small JSON documents are
 * kept; links are noted. When the stream ends the image is put together from `index.json` or
 * `manifest.json` — layer order from the manifest, never arrival order — and each layer's
 * digest and diffId is checked. Nothing is written to disk.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { sniffCompression } from '../decompress.js';
import { formatPlatform, hostPlatform, platformMatches } from '../platform.js';
import type { BlobReader } from '../reader.js';
import { isZero, TarFormatError, TarParser } from '../tar.js';
import type { Compression, Descriptor, Image, ImageConfig, Layer, LayerContents, LayerEvent, Manifest, Platform } from '../types.js';
import { WalkError, type WalkSummary } from '../walk.js';
import { blobPath, checkConfig, checkDescriptor, DIGEST_RE, inputError, MAX_JSON_BYTES } from './common.js';
import { MT } from './oci.js';
import { memberKey } from './store.js';

/** Bytes of layer blobs received but not yet taken by the walk, over all blobs: the socket waits above this. */
const QUEUED_BYTES = 8 * 1024 * 1024;
/** JSON documents kept in all (each at most MAX_JSON_BYTES): beyond this they are refused. */
const MAX_JSON_TOTAL = 64 * 1024 * 1024;

type BlobResult = { summary: WalkSummary; events: LayerEvent[] };

/** What the stream left of one member. */
export type Member =
  | { kind: 'json'; bytes: Buffer }
  | { kind: 'blob'; size: number; result?: BlobResult; error?: unknown }
  | { kind: 'other'; size: number; why: string }
  | { kind: 'link'; hard: boolean; target: string };

/** Says where the archive came from in messages: the reference, the engine, the image id. */
export interface ArchiveOrigin {
  ref: string;
  /** `the engine at unix:///run/podman/podman.sock` */
  engine: string;
  id: string;
}

/** Bytes received and not yet taken, over all members; the reading of the stream waits on it. */
class Budget {
  queued = 0;
  private waiters: Array<() => void> = [];

  add(n: number): void {
    this.queued += n;
  }

  release(n: number): void {
    this.queued -= n;
    if (this.queued <= QUEUED_BYTES && this.waiters.length) for (const w of this.waiters.splice(0)) w();
  }

  async room(): Promise<void> {
    while (this.queued > QUEUED_BYTES) await new Promise<void>((r) => this.waiters.push(r));
  }
}

/** One blob's bytes on their way to the walk. Leaving the iteration early drops what is left. */
class BlobBytes implements AsyncIterable<Buffer> {
  private queue: Buffer[] = [];
  private ended = false;
  private failed: Error | null = null;
  private dropped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly budget: Budget) {}

  push(chunk: Buffer): void {
    if (this.dropped) return;
    this.queue.push(chunk);
    this.budget.add(chunk.length);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(e: Error): void {
    this.failed = e;
    this.wake?.();
  }

  /** Nothing more is wanted: release what waits (also when the walk never started). */
  drop(): void {
    this.dropped = true;
    for (const c of this.queue.splice(0)) this.budget.release(c.length);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        if (this.failed) throw this.failed;
        const c = this.queue.shift();
        if (c) {
          this.budget.release(c.length);
          yield c;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
      }
    } finally {
      this.drop();
    }
  }
}

/** JSON, a layer blob (tar, gzip, zstd), or something else, from a member's first bytes. */
export function classify(head: Buffer): 'json' | 'blob' | 'other' {
  if (sniffCompression(head) !== 'none') return 'blob';
  if (head.length >= 512 && (head.toString('latin1', 257, 262) === 'ustar' || isZero(head.subarray(0, 512)))) return 'blob';
  for (const b of head) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b || b === 0x5b ? 'json' : 'other';
  }
  return 'other';
}

interface Current {
  key: string;
  size: number;
  state: 'head' | 'json' | 'blob' | 'skip';
  parts: Buffer[];
  got: number;
  bytes?: BlobBytes;
}

/**
 * Reads the archive from `body` to its end: layer blobs walked by `reader` as they arrive, JSON
 * kept. Resolves when every walk has finished; throws an input error for a truncated or corrupt
 * stream (walk errors stay with their member until the member turns out to be a layer).
 */
export async function readEngineArchive(body: AsyncIterable<Buffer>, reader: BlobReader, origin: ArchiveOrigin): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  const budget = new Budget();
  const walks: Array<Promise<void>> = [];
  let jsonTotal = 0;
  let cur: Current | null = null;

  const decide = (c: Current): void => {
    const head = c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts);
    c.parts = [];
    const kind = classify(head);
    if (kind === 'json') {
      if (c.size > MAX_JSON_BYTES || jsonTotal + c.size > MAX_JSON_TOTAL) {
        c.state = 'skip';
        members.set(c.key, { kind: 'other', size: c.size, why: `a ${c.size}-byte JSON document, over the ${c.size > MAX_JSON_BYTES ? `${MAX_JSON_BYTES}-byte limit` : `${MAX_JSON_TOTAL}-byte limit for all of an archive's documents`}` });
        return;
      }
      jsonTotal += c.size;
      c.state = 'json';
      c.parts = [Buffer.from(head)];
      return;
    }
    if (kind === 'other') {
      c.state = 'skip';
      members.set(c.key, { kind: 'other', size: c.size, why: 'neither JSON nor a tar, gzip or zstd blob (by its first bytes)' });
      return;
    }
    const member: Member & { kind: 'blob' } = { kind: 'blob', size: c.size };
    const bytes = new BlobBytes(budget);
    bytes.push(head);
    c.bytes = bytes;
    c.state = 'blob';
    members.set(c.key, member);
    walks.push(
      reader.read(bytes).then(
        (r) => {
          member.result = r;
        },
        (e) => {
          bytes.drop();
          member.error = e;
        },
      ),
    );
  };

  const finish = (c: Current): void => {
    if (c.state === 'head') decide(c);
    if (c.state === 'json') members.set(c.key, { kind: 'json', bytes: c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts) });
    else if (c.state === 'blob') c.bytes!.end();
  };

  const parser = new TarParser({
    entry(h) {
      cur = null;
      const key = memberKey(h.name);
      if (key === undefined) return; // `..` or an empty name: never looked up
      if (h.typeflag === '1' || h.typeflag === '2') members.set(key, { kind: 'link', hard: h.typeflag === '1', target: h.linkname });
      else if (h.typeflag === '0' || h.typeflag === '7') cur = { key, size: h.size, state: 'head', parts: [], got: 0 };
    },
    data(chunk) {
      const c = cur;
      if (!c) return;
      if (c.state === 'blob') c.bytes!.push(chunk);
      else if (c.state === 'json') c.parts.push(Buffer.from(chunk));
      else if (c.state === 'head') {
        c.parts.push(chunk);
        c.got += chunk.length;
        if (c.got >= 512) decide(c);
      }
    },
    entryEnd() {
      if (cur) finish(cur);
      cur = null;
    },
  });

  const truncated = (why: string) =>
    inputError(origin.ref, `the archive of ${origin.id} from ${origin.engine} ended early (${why}); the engine may have stopped or the connection dropped`);
  try {
    for await (const chunk of body) {
      parser.write(chunk);
      await budget.room();
    }
    parser.end();
    if (!parser.sawEnd) throw truncated('no end-of-archive marker');
  } catch (e) {
    (cur as Current | null)?.bytes?.fail(new Error('the archive ended inside this blob'));
    if (e instanceof TarFormatError) {
      throw e.truncated ? truncated(e.message) : inputError(origin.ref, `the archive of ${origin.id} from ${origin.engine} is corrupt: ${e.message}`);
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof Error && !(e as { detail?: unknown }).detail) throw truncated(code ? `connection lost: ${code}` : e.message);
    throw e;
  }
  await Promise.all(walks);
  return members;
}

const MEDIA: Record<Compression, string> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

export interface AssembleOptions {
  origin: ArchiveOrigin;
  platform?: Platform;
  /** The probes the walks ran (`PrereadContents.probes`). */
  probes: readonly string[];
  /** A fresh stream of one member's bytes (the engine asked again): `Layer.open()` after the contents were handed over. */
  openMember(key: string, expect: { digest: string; size: number; index: number }, verify: boolean): Promise<Readable>;
}

export type AssembledImage = Omit<Image, 'reference' | 'source' | 'close'>;

/** Puts the image together from what the stream left: `index.json` (Docker 25+) or `manifest.json`. */
export function assembleImage(members: Map<string, Member>, opts: AssembleOptions): AssembledImage {
  const docs = new Archive(members, opts);
  if (members.has('index.json') && members.has('oci-layout')) {
    const image = docs.fromIndex();
    if (image) return image;
    if (!members.has('manifest.json')) return docs.fromIndex(true)!;
  }
  if (!docs.resolve('manifest.json')) throw inputError(opts.origin.ref, `not a docker archive: no manifest.json (from ${opts.origin.engine})`);
  return docs.fromManifestJson();
}

interface ManifestEntry {
  Config?: unknown;
  Layers?: unknown;
  LayerSources?: Record<string, Partial<Descriptor>>;
}

interface Candidate {
  desc: Descriptor;
  platform?: Platform;
}

class Archive {
  private readonly ref: string;
  /** How many layers use each blob member, so each but the last gets its own copy of the events. */
  private readonly uses = new Map<string, number>();

  constructor(
    private readonly members: Map<string, Member>,
    private readonly opts: AssembleOptions,
  ) {
    this.ref = opts.origin.ref;
  }

  /** Follows links (`<id>/layer.tar -> ../<other>/layer.tar`) inside the archive. */
  resolve(name: string): { key: string; member: Exclude<Member, { kind: 'link' }> } | undefined {
    let key = memberKey(name);
    for (let hops = 0; key !== undefined && hops < 16; hops++) {
      const m = this.members.get(key);
      if (!m) return undefined;
      if (m.kind !== 'link') return { key, member: m };
      const next = m.hard || m.target.startsWith('/') ? m.target : posix.join(posix.dirname(key), m.target);
      if ((!m.hard && m.target.startsWith('/')) || next === '..' || next.startsWith('../') || memberKey(next) === undefined) {
        throw inputError(this.ref, `link to "${m.target}" leaves the archive (refused)`, key);
      }
      key = memberKey(next);
    }
    throw inputError(this.ref, 'too many levels of links inside the archive', name);
  }

  /** A JSON document: undefined when absent; an input error when it is not what it should be. */
  json(name: string, what: string, expectDigest?: string): { json: unknown; digest: string; bytes: Buffer } | undefined {
    const r = this.resolve(name);
    if (!r) return undefined;
    const m = r.member;
    if (m.kind === 'other') throw inputError(this.ref, `${what} is ${m.why}`, name);
    if (m.kind !== 'json') throw inputError(this.ref, `${what} is not a JSON document`, name);
    const digest = `sha256:${createHash('sha256').update(m.bytes).digest('hex')}`;
    if (expectDigest && expectDigest !== digest) throw inputError(this.ref, `${what} digest mismatch: expected ${expectDigest}, got ${digest}`, name);
    let json: unknown;
    try {
      json = JSON.parse(m.bytes.toString('utf8'));
    } catch (e) {
      throw inputError(this.ref, `${what} is not valid JSON (${(e as Error).message})`, name);
    }
    if (json === null || typeof json !== 'object') throw inputError(this.ref, `${what} is not a JSON object`, name);
    return { json, digest, bytes: m.bytes };
  }

  private notSent(what: string, name: string, layer?: string) {
    return inputError(this.ref, `${what} is named in the manifest but ${this.opts.origin.engine} did not send it`, name, layer);
  }

  /** Docker 25+: index.json → (nested index) → manifest → config and layers. Undefined when no entry has its blobs (unless `strict`). */
  fromIndex(strict = false): AssembledImage | undefined {
    const index = this.json('index.json', 'index.json');
    if (!index) throw inputError(this.ref, 'index.json is a link to a member the engine did not send', 'index.json');
    const list = (index.json as { manifests?: unknown }).manifests;
    if (!Array.isArray(list)) throw inputError(this.ref, 'index.json has no "manifests" list', 'index.json');
    const candidates: Candidate[] = [];
    const missing: Descriptor[] = [];
    for (const [i, d] of list.entries()) this.collect(checkDescriptor(d, `index.json manifests[${i}]`, this.ref, 'index.json'), candidates, missing, 0);
    if (!candidates.length) {
      if (!strict) return undefined;
      const why = missing.length ? `the blobs of ${missing.map((d) => d.digest).join(', ')} were not sent` : 'index.json lists no image manifest';
      throw inputError(this.ref, `no usable image in index.json: ${why}`, 'index.json');
    }
    const chosen = this.pickPlatform(candidates);
    const where = blobPath(chosen.desc.digest);
    const raw = this.json(where, `manifest ${chosen.desc.digest}`, chosen.desc.digest)!.json as Partial<Manifest> & { manifests?: unknown };
    if (Array.isArray(raw.manifests)) throw inputError(this.ref, 'expected an image manifest, found an index', where);
    if (!raw.config || !Array.isArray(raw.layers)) throw inputError(this.ref, 'manifest has no config or no layers list', where);
    const configDesc = checkDescriptor(raw.config, 'manifest config', this.ref, where);
    const layerDescs = raw.layers.map((l, i) => checkDescriptor(l, `manifest layers[${i}]`, this.ref, where));
    const cfg = this.json(blobPath(configDesc.digest), 'image config', configDesc.digest);
    if (!cfg) throw this.notSent(`config blob ${configDesc.digest}`, where);
    const config = checkConfig(cfg.json, this.ref, blobPath(configDesc.digest), layerDescs.length);
    const layers = layerDescs.map((d, i) => this.layer(i, blobPath(d.digest), config, { digest: d.digest, size: d.size }, d.mediaType));
    const manifest: Manifest = { schemaVersion: typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 2, config: configDesc, layers: layerDescs };
    if (raw.mediaType) manifest.mediaType = raw.mediaType;
    if (raw.annotations) manifest.annotations = raw.annotations;
    return { manifest, manifestDigest: chosen.desc.digest, config, configDigest: configDesc.digest, layers, platform: chosen.platform ?? platformOf(config) };
  }

  private collect(d: Descriptor, out: Candidate[], missing: Descriptor[], depth: number): void {
    if (depth > 4) throw inputError(this.ref, 'index nesting deeper than 4 levels', blobPath(d.digest));
    const mt = d.mediaType;
    const platform = d.platform ? platformFields(d.platform) : undefined;
    if (mt === MT.ociManifest || mt === MT.dockerManifest) {
      // Attestation manifests (buildx) carry platform unknown/unknown: not an image to run.
      if (d.platform?.os === 'unknown' || d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return;
      if (this.resolve(blobPath(d.digest))) out.push({ desc: d, platform });
      else missing.push(d);
      return;
    }
    if (mt === MT.dockerSchema1 || mt === MT.dockerSchema1Signed) {
      throw inputError(this.ref, `Docker schema 1 manifests (${d.digest}) are not supported`);
    }
    if (mt && mt !== MT.ociIndex && mt !== MT.dockerList) return; // unknown media type: not an error (image-spec)
    const child = this.json(blobPath(d.digest), `index ${d.digest}`, d.digest);
    if (!child) {
      missing.push(d);
      return;
    }
    const j = child.json as { manifests?: unknown; layers?: unknown };
    if (!mt && Array.isArray(j.layers)) {
      out.push({ desc: { ...d, mediaType: MT.ociManifest }, platform });
      return;
    }
    if (!Array.isArray(j.manifests)) {
      if (mt) throw inputError(this.ref, `index ${d.digest} has no "manifests" list`, blobPath(d.digest));
      return;
    }
    for (const [i, c] of j.manifests.entries()) {
      this.collect(checkDescriptor(c, `index ${d.digest} manifests[${i}]`, this.ref, blobPath(d.digest)), out, missing, depth + 1);
    }
  }

  private pickPlatform(candidates: Candidate[]): Candidate {
    const wanted = this.opts.platform;
    const only = candidates.length === 1 ? candidates[0]! : undefined;
    if (only && (!wanted || !only.platform || platformMatches(only.platform, wanted))) return only;
    const target = wanted ?? hostPlatform();
    const hit = candidates.find((c) => c.platform && platformMatches(c.platform, target));
    if (hit) return hit;
    if (!wanted && candidates.every((c) => !c.platform)) return candidates[0]!;
    const available = [...new Set(candidates.map((c) => (c.platform ? formatPlatform(c.platform) : 'unspecified')))];
    throw inputError(
      this.ref,
      `no image for platform ${formatPlatform(target)}${wanted ? '' : ' (the host)'}; available: ${available.join(', ')} (choose one with --platform)`,
    );
  }

  /** Legacy and Docker 25+ `manifest.json`: one entry, the config and layer files by path. */
  fromManifestJson(): AssembledImage {
    const { json } = this.json('manifest.json', 'manifest.json') ?? { json: undefined };
    if (!Array.isArray(json) || json.length === 0) throw inputError(this.ref, 'manifest.json is not a non-empty list of images', 'manifest.json');
    const entries = json as ManifestEntry[];
    const hex = this.opts.origin.id.replace(/^sha256:/, '');
    const entry = entries.length === 1 ? entries[0]! : entries.find((e) => typeof e.Config === 'string' && e.Config.includes(hex));
    if (!entry) throw inputError(this.ref, `manifest.json lists ${entries.length} images, none of them ${this.opts.origin.id}`, 'manifest.json');
    if (typeof entry.Config !== 'string') throw inputError(this.ref, 'manifest.json entry has no Config', 'manifest.json');
    if (!Array.isArray(entry.Layers) || entry.Layers.some((l) => typeof l !== 'string')) {
      throw inputError(this.ref, 'manifest.json entry has no Layers list', 'manifest.json');
    }
    const paths = entry.Layers as string[];
    const cfg = this.json(entry.Config, 'image config');
    if (!cfg) throw this.notSent(`image config ${entry.Config}`, 'manifest.json');
    const config = checkConfig(cfg.json, this.ref, entry.Config, paths.length);
    const layers = paths.map((p, i) => {
      // LayerSources describe a blob as a registry holds it (foreign layers): binding only when it is the blob sent.
      const known = entry.LayerSources?.[config.rootfs.diff_ids[i]!];
      const hint = known && typeof known.digest === 'string' && DIGEST_RE.test(known.digest) && typeof known.size === 'number' ? { digest: known.digest, size: known.size } : undefined;
      return this.layer(i, p, config, undefined, typeof known?.mediaType === 'string' ? known.mediaType : undefined, hint);
    });
    const image: AssembledImage = {
      manifest: {
        schemaVersion: 2,
        mediaType: MT.dockerManifest,
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: cfg.digest, size: cfg.bytes.length },
        layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      },
      config,
      configDigest: cfg.digest,
      layers,
    };
    const platform = platformOf(config);
    if (platform) {
      image.platform = platform;
      if (this.opts.platform && !platformMatches(platform, this.opts.platform)) {
        throw inputError(this.ref, `the engine sent a ${formatPlatform(platform)} image, not ${formatPlatform(this.opts.platform)}`);
      }
    }
    return image;
  }

  /**
   * Layer `index`, read from member `name`: checked against its descriptor (`expect`), a
   * descriptor that binds only when its size is the blob's (`hint`), and the config's diffId.
   */
  private layer(index: number, name: string, config: ImageConfig, expect?: { digest: string; size: number }, mediaType?: string, hint?: { digest: string; size: number }): Layer {
    const diffId = config.rootfs.diff_ids[index]!;
    const at = `#${index} ${expect?.digest ?? diffId}`;
    const r = this.resolve(name);
    if (!r) throw this.notSent(`layer ${name}`, name, at);
    const m = r.member;
    if (m.kind !== 'blob') throw inputError(this.ref, `${name} is not a layer: ${m.kind === 'json' ? 'a JSON document' : m.why}`, undefined, at);
    if (m.error !== undefined || !m.result) {
      const w = m.error as Partial<WalkError> | undefined;
      throw inputError(this.ref, w?.message ?? String(m.error), w?.path, at);
    }
    const s = m.result.summary;
    if (expect && expect.size !== s.compressedSize) {
      throw inputError(this.ref, `blob is ${s.compressedSize} bytes but its descriptor says ${expect.size}`, undefined, at);
    }
    const digest = expect?.digest ?? (hint?.size === s.compressedSize ? hint.digest : undefined);
    if (digest !== undefined && digest !== s.digest) {
      throw inputError(this.ref, `blob digest mismatch: expected ${digest}, got ${s.digest}`, undefined, at);
    }
    if (diffId !== s.diffId) {
      throw inputError(this.ref, `diffId mismatch: the config says ${diffId}, the uncompressed tar hashes to ${s.diffId}`, undefined, `#${index} ${s.digest}`);
    }
    const key = r.key;
    this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
    const result = m.result;
    let taken = false;
    const uses = this.uses;
    const openMember = this.opts.openMember;
    return {
      index,
      digest: s.digest,
      diffId,
      mediaType: mediaType ?? MEDIA[s.compression],
      size: s.compressedSize,
      open: (o) => openMember(key, { digest: s.digest, size: s.compressedSize, index }, o?.verify !== false),
      preread: {
        probes: this.opts.probes,
        take(): Omit<LayerContents, 'layer'> | undefined {
          if (taken) return undefined;
          taken = true;
          // A blob two layers share (a symlinked layer.tar): the last to take it gets the list itself.
          const left = (uses.get(key) ?? 1) - 1;
          uses.set(key, left);
          return { ...result.summary, events: left > 0 ? [...result.events] : result.events };
        },
      },
    };
  }
}

function platformFields(p: Platform): Platform {
  return { os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) };
}

function platformOf(c: { os?: string; architecture?: string; variant?: string }): Platform | undefined {
  if (!c.os || !c.architecture) return undefined;
  return { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) };
}
