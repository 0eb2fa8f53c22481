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
  /** Digest of the blob as stored (compressed or not). */
  digest: string;
  /** Digest of the uncompressed tar, from the config's rootfs.diff_ids. */
  diffId: string;
  mediaType: string;
  /** Size in bytes of the blob as stored. */
  size: number;
  /**
   * The blob as stored (possibly compressed). Each call opens a fresh stream. Sources verify
   * the blob digest while it streams and fail the stream on a mismatch, naming the layer.
   */
  open(): Promise<Readable>;
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
}

/** A whiteout: `.wh.NAME` removes `path` from lower layers; an opaque whiteout hides all below `path`. */
export interface Whiteout {
  kind: 'whiteout' | 'opaque';
  /** For `whiteout`, the removed path; for `opaque`, the folder whose lower contents are hidden. */
  path: string;
}
