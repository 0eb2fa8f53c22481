/**
 * The image model every source produces and every analysis reads (go-containerregistry's
 * v1.Image is the model). Analyses never know where an image came from.
 */
import type { Readable } from 'node:stream';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  /** `sha256:<hex>` */
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform & { 'os.version'?: string; 'os.features'?: string[] };
}

/** The OCI manifest (Docker v2 schema 2 manifests are read into the same shape). */
export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  /** Base layer first. */
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config (`application/vnd.oci.image.config.v1+json`). */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, object>;
    Volumes?: Record<string, object>;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
    OnBuild?: string[] | null;
    Shell?: string[];
  };
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

/** One layer of an image. */
export interface Layer {
  /** 0-based, base layer first. */
  index: number;
  /**
   * Digest of the blob as stored (compressed or not). Legacy `docker save` archives do not record
   * it: for their uncompressed layers it is the diffId, for compressed ones (kaniko tarballs) it
   * is computed when the image is opened.
   */
  digest: string;
  /** Digest of the uncompressed tar, from the config's rootfs.diff_ids. */
  diffId: string;
  mediaType: string;
  /** Size in bytes of the blob as stored. */
  size: number;
  /**
   * The blob as stored (possibly compressed). Each call opens a fresh stream. Sources verify
   * the blob digest while it streams and fail the stream on a mismatch, naming the layer,
   * unless `verify: false` (the layer reader passes it and verifies in its workers instead).
   */
  open(options?: { verify?: boolean }): Promise<Readable>;
  /**
   * Where the stored bytes lie in a local file, when the source reads local files (archives,
   * layout folders): lets worker threads read the bytes themselves. Absent for network sources.
   */
  byteRange?: { file: string; start: number; size: number };
  /**
   * The layer's contents, already read by the source while it opened the image (an engine's
   * archive is one stream whose layers arrive before the config and manifest): `readLayers`
   * takes them instead of opening the layer again.
   */
  preread?: PrereadContents;
}

/** A layer's contents read while the image was opened (see `Layer.preread`). */
export interface PrereadContents {
  /** The content probes (as `file:` URLs, in order) the walk ran: readLayers uses the contents only when asked for the same. */
  probes: readonly string[];
  /**
   * Hands the contents over, once (the analysis empties event lists as it applies them);
   * undefined afterwards, when readLayers opens the layer like any other.
   */
  take(): Omit<LayerContents, 'layer'> | undefined;
}

export interface Image {
  /** The reference as the user gave it (`oci-archive:app.tar`, `nginx:1.27`). */
  reference: string;
  /** Which kind of source produced it, for messages only. */
  source: 'docker-archive' | 'oci-archive' | 'oci' | 'registry' | 'docker-daemon';
  manifest: Manifest;
  /** Digest of the manifest, when the source knows it. */
  manifestDigest?: string;
  config: ImageConfig;
  /** Digest of the config blob: the image id. */
  configDigest: string;
  /** Layers, base first, in manifest order (never file or map order). */
  layers: Layer[];
  /** The platform picked from an index, if there was one. */
  platform?: Platform;
  /** Tags the source knew the image by (`RepoTags`, `org.opencontainers.image.ref.name`). */
  tags?: string[];
  /** Releases file handles; safe to call twice. */
  close(): Promise<void>;
}

/** The kinds of tar entries the union filesystem knows. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/**
 * One tar entry of a layer, cleaned: `path` is absolute and normalised (`./a/b/`, `a/b` and
 * `/a/b` are all `/a/b`). Whiteouts are told apart here so the union tree never sees `.wh.`.
 */
export interface LayerEntry {
  /** Set by the layer reader so events can be told apart (`Whiteout` and others have their own `kind`). */
  kind?: 'entry';
  /** Cleaned absolute path; a layer may carry an entry for the root itself (`/`, from `./`). */
  path: string;
  type: EntryType;
  /** Content bytes from the header (0 for links, folders and devices). */
  size: number;
  /** Permission bits with setuid/setgid/sticky (`0o4755`), no file-type bits. */
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written, or a hardlink's target as a cleaned absolute path. */
  linkname?: string;
  mtime?: number;
  /** Hex digest of the content (files only), computed while streaming. */
  contentHash?: string;
  /** Extended attributes from PAX `SCHILY.xattr.*` (values base64), e.g. `security.capability`. */
  xattrs?: Record<string, string>;
  /** Device numbers, for `char` and `block`. */
  devmajor?: number;
  devminor?: number;
  /**
   * A sparse file (GNU `S` or PAX `GNU.sparse.*`): `size` is the real (expanded) size and
   * `contentHash` is over the bytes as stored in the tar, not the expanded content.
   */
  sparse?: boolean;
  /** Hits of content probes (see `probes.ts`) that looked at this file inside the worker. */
  probeHits?: ProbeHit[];
}

/** What a content probe reports about a file: plain data, no file content beyond what it chose to keep. */
export interface ProbeHit {
  /** The probe's `name`; filled in by the reader. */
  probe: string;
  /** The probe's own code for what it found, e.g. `private-key`. */
  code: string;
  message?: string;
  /** Byte offset and 1-based line of the hit inside the file, when the probe knows them. */
  offset?: number;
  line?: number;
  data?: Record<string, string | number | boolean | null>;
}

/** A whiteout: `.wh.NAME` removes `path` from lower layers; an opaque whiteout hides all below `path`. */
export interface Whiteout {
  kind: 'whiteout' | 'opaque';
  /** For `whiteout`, the removed path; for `opaque`, the folder whose lower contents are hidden. */
  path: string;
}

/**
 * A tar entry the reader refused (`kept: false`: it is not delivered) or delivered with a warning
 * (`kept: true`, e.g. a symlink whose target climbs above `/`). Never followed, never written.
 */
export interface InvalidEntry {
  kind: 'invalid';
  reason:
    | 'dot-dot' // a `..` component in the name
    | 'hardlink-escapes' // a hardlink target with `..` or empty
    | 'symlink-escapes-root' // a symlink target that climbs above `/` from its folder (kept)
    | 'bare-whiteout' // `.wh.` with no name: would wipe the folder in naive readers
    | 'bad-whiteout' // `.wh..`, `.wh...`, or `.wh.` inside a whiteout-named folder
    | 'empty-name'
    | 'root-not-directory' // a file, link or device named `.` or `/` (CVE-2021-29136 style)
    | 'unknown-type'; // a tar typeflag plimsoll does not know (skipped)
  /** The name as written in the tar. */
  name: string;
  /** The cleaned path, when there is one. */
  path?: string;
  linkname?: string;
  message: string;
  kept: boolean;
}

/** Something legal but worth knowing, in tar order; the union tree decides what to do with it. */
export interface LayerNotice {
  kind: 'notice';
  code:
    | 'hardlink-to-lower-layer' // target not earlier in this layer (cross-layer hardlink)
    | 'duplicate-entry' // same cleaned path twice in one layer: the last one wins
    | 'aufs-meta'; // `.wh..wh.plnk`/`.wh..wh.aufs`/`.wh..wh.orph` entries, skipped
  path: string;
  linkname?: string;
  message: string;
}

/** What the layer reader delivers for each tar entry, in tar order. */
export type LayerEvent = LayerEntry | Whiteout | InvalidEntry | LayerNotice;

export type Compression = 'none' | 'gzip' | 'zstd';

/** One layer, read in full by `readLayers` (src/layers/reader.ts). */
export interface LayerContents {
  layer: Layer;
  /** Entries, whiteouts, invalid entries and notices in tar order. */
  events: LayerEvent[];
  /** Told by magic bytes. */
  compression: Compression;
  /** Bytes as stored (compressed) and after decompression (the tar stream). */
  compressedSize: number;
  uncompressedSize: number;
  /** sha256 of the stored bytes and of the uncompressed tar, both checked against the image. */
  digest: string;
  diffId: string;
  /** Cleaned paths that occurred more than once in this layer (the last one wins). */
  duplicates: string[];
  /** Counts, for reports. */
  entryCount: number;
  fileBytes: number;
}
