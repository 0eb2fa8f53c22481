/**
 * Where a finding is, in the words machine reports need: a path relative to the repository
 * root (code scanning, GitLab and pull-request links resolve paths against the root, not
 * against the folder plimsoll ran in) and, for image findings with no Dockerfile line, a
 * stable stand-in path for the image.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, ImageLocation, InputError, Range } from '../rules/finding.js';
import { parseImageRef } from '../util/image-ref.js';

/** Image findings without a Dockerfile line are filed under this made-up folder. */
export const IMAGE_PSEUDO_ROOT = '.plimsoll/images';

/** What standard input is called in reports (`plimsoll lint -`). */
export const STDIN_PATH = '-';

export interface Artifact {
  /** Path with `/` separators: relative to the source root, or absolute when outside it. */
  path: string;
  /** True when `path` is relative to the source root. */
  relative: boolean;
  /** True when the path is a made-up stand-in for an image (no such file exists). */
  pseudo: boolean;
}

/** A finding's place: the artifact and the region (1-based, end column exclusive). */
export interface Place {
  artifact: Artifact;
  range: Range;
  /** True when the range is only a placeholder (line 1) because the artifact has no lines. */
  placeholderRange: boolean;
}

const rootCache = new Map<string, string>();

/**
 * The folder paths are relative to: the nearest ancestor of the working directory that holds
 * `.git` (the repository root), else the working directory. Symlinks are resolved, as code
 * scanning matches resolved paths only.
 */
export function sourceRoot(workingDirectory: string): string {
  const cached = rootCache.get(workingDirectory);
  if (cached) return cached;
  const start = realOrSelf(workingDirectory);
  let dir = start;
  let found = start;
  for (;;) {
    if (existsSync(resolve(dir, '.git'))) {
      found = dir;
      break;
    }
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  rootCache.set(workingDirectory, found);
  return found;
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function toSlash(path: string): string {
  return path.split(sep).join('/');
}

/** A file as reports name it: relative to the source root when it is inside it. */
const artifactCache = new Map<string, Artifact>();

export function fileArtifact(file: string, workingDirectory: string): Artifact {
  if (file === STDIN_PATH) return { path: STDIN_PATH, relative: true, pseudo: false };
  const key = `${workingDirectory}\u0000${file}`;
  let art = artifactCache.get(key);
  if (!art) {
    art = resolveFileArtifact(file, workingDirectory);
    // Bounded: a long-lived process (a library user) must not grow without end.
    if (artifactCache.size > 10_000) artifactCache.clear();
    artifactCache.set(key, art);
  }
  return art;
}

function resolveFileArtifact(file: string, workingDirectory: string): Artifact {
  const root = sourceRoot(workingDirectory);
  const abs = realOrSelf(resolve(workingDirectory, file));
  const rel = relative(root, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { path: toSlash(rel), relative: true, pseudo: false };
  return { path: toSlash(abs), relative: false, pseudo: false };
}

/** containers/image transports and the like that name a local file or folder. */
const LOCAL_TRANSPORTS = /^(docker-archive|oci-archive|oci|oci-layout|dir|tarball|file):/;
/** Transports that name an image elsewhere: the rest is a reference. */
const REMOTE_TRANSPORTS = /^(docker:\/\/|docker-daemon:|registry:|podman:|containerd:|containers-storage:(\[[^\]]*\])?)/;

/**
 * The artifact an image stands for when a finding has no Dockerfile line: the archive or
 * layout folder when the image is a local file inside the repository, else a stable
 * stand-in path under `.plimsoll/images/` made of the registry and repository (no tag or
 * digest, so a new tag keeps the same alerts).
 */
export function imageArtifact(image: string, workingDirectory: string): Artifact {
  const local = localImagePath(image, workingDirectory);
  if (local) {
    const art = fileArtifact(local, workingDirectory);
    if (art.relative) return art;
    return { path: `${IMAGE_PSEUDO_ROOT}/local/${basename(local)}`, relative: true, pseudo: true };
  }
  return { path: `${IMAGE_PSEUDO_ROOT}/${imageKey(image)}`, relative: true, pseudo: true };
}

/** The local file or folder an image reference names, when it names one that exists. */
export function localImagePath(image: string, workingDirectory: string): string | undefined {
  const transport = LOCAL_TRANSPORTS.exec(image);
  const rest = transport ? image.slice(transport[0].length) : image;
  if (!transport && REMOTE_TRANSPORTS.test(image)) return undefined;
  const candidates = [rest];
  // `oci:path:tag` and `oci-archive:path:tag` carry a reference after the path.
  const colon = rest.lastIndexOf(':');
  if (transport && colon > 0) candidates.push(rest.slice(0, colon));
  for (const c of candidates) {
    if (!c) continue;
    const abs = resolve(workingDirectory, c);
    try {
      statSync(abs);
      return abs;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * A stable, path-safe key for an image: `registry/repository` for a reference (tag and digest
 * left out), else the text with unsafe characters replaced.
 */
export function imageKey(image: string): string {
  const remote = REMOTE_TRANSPORTS.exec(image);
  const text = remote ? image.slice(remote[0].length) : image;
  const ref = parseImageRef(text);
  if (ref) return `${ref.registry.replace(/:/g, '_')}/${ref.repository}`;
  return text.replace(/^[a-z-]+:/, '').replace(/[^A-Za-z0-9._/-]+/g, '_').replace(/^[/.]+/, '') || 'image';
}

const PLACEHOLDER_RANGE: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Where a finding points: its file range, its image's Dockerfile line, or the image itself. */
export function placeOf(f: Finding, workingDirectory: string): Place {
  const loc = f.location;
  if (loc.kind === 'file') return { artifact: fileArtifact(loc.file, workingDirectory), range: loc.range, placeholderRange: false };
  if (loc.source) return { artifact: fileArtifact(loc.source.file, workingDirectory), range: loc.source.range, placeholderRange: false };
  return { artifact: imageArtifact(loc.image, workingDirectory), range: PLACEHOLDER_RANGE, placeholderRange: true };
}

/**
 * Where an input error points: a file when it has a line or comes from `lint`, else the image
 * (`plimsoll image` and `diff` errors name an image, and a layer and path inside it).
 */
export function placeOfError(e: InputError, command: string, workingDirectory: string): Artifact {
  const isImage = e.line === undefined && (command !== 'lint' || e.layer !== undefined);
  return isImage ? imageArtifact(e.source, workingDirectory) : fileArtifact(e.source, workingDirectory);
}

/** `file:///abs/path/` for a folder (with the trailing slash SARIF wants). */
export function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Encodes a `/`-separated path as a URI reference, segment by segment. */
export function encodePath(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** The image details of a finding in words: image, layer, path, config key. */
export function describeImageLocation(loc: ImageLocation): string {
  const parts = [`image ${loc.image}`];
  if (loc.layer) {
    let layer = `layer ${loc.layer.index} (${shortDigest(loc.layer.diffId)}`;
    if (loc.layer.createdBy) layer += `, ${oneLine(loc.layer.createdBy, 80)}`;
    parts.push(`${layer})`);
  }
  if (loc.relatedLayer) parts.push(`and layer ${loc.relatedLayer.index} (${shortDigest(loc.relatedLayer.diffId)})`);
  if (loc.path) parts.push(`path ${loc.path}`);
  if (loc.configKey) parts.push(`config ${loc.configKey}`);
  else if (loc.historyIndex !== undefined) parts.push(`history[${loc.historyIndex}]`);
  return parts.join(', ');
}

/** `sha256:0123456789ab` from a full digest. */
export function shortDigest(digest: string): string {
  const m = /^([a-z0-9]+):([0-9a-f]+)$/i.exec(digest);
  return m ? `${m[1]}:${m[2].slice(0, 12)}` : digest;
}

/** Collapses whitespace and cuts to `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
