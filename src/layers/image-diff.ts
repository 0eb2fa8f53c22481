/**
 * Two analysed images compared: how much bigger or smaller B is than A, where (by top-level
 * folder, and the deeper folders or files that explain it), which files were added, removed and
 * changed (content, or only mode, owner or xattrs), and which layers B shares with A by diffId.
 * Knows no rules and prints nothing; `plimsoll diff` adds the findings.
 *
 * Bytes of files are content bytes of the final filesystems (each hardlinked file once, as in
 * `FinalTotals.bytes`); the image's size is the content of every layer (what `plimsoll image`
 * calls content, dive's image size), which also counts what later layers delete or copy up.
 */
import type { ImageAnalysis } from './analysis.js';
import type { FinalEntry } from './union-view.js';

export interface SizeFigures {
  /** Content bytes of every layer's entries (dive's image size). */
  content: number;
  /** Blobs as stored: what a pull downloads. */
  compressed: number;
  /** Uncompressed layer tars. */
  uncompressed: number;
  /** Content bytes of the final filesystem. */
  final: number;
  /** plimsoll's reclaimable bytes (waste). */
  reclaimable: number;
}

export interface Change {
  before: number;
  after: number;
  /** after - before */
  delta: number;
  /** delta / before; null when before is 0. */
  ratio: number | null;
}

export interface FolderChange extends Change {
  path: string;
  /** True for a file (a single file explains the change). */
  file?: boolean;
  /** Files added, removed and changed under it. */
  added: number;
  removed: number;
  changed: number;
}

export type FileChangeKind = 'added' | 'removed' | 'content' | 'metadata';

export interface FileChange {
  path: string;
  change: FileChangeKind;
  /** Type in B (in A for removed paths); `dir` only when it replaced or was replaced by another type. */
  type: string;
  before?: number;
  after?: number;
  delta: number;
  /** For metadata changes (and content changes that also changed them): `mode`, `owner`, `xattrs`, `type`, `target`. */
  attributes?: string[];
  /** Mode and owner before and after, when they changed: `0644 0:0`. */
  from?: string;
  to?: string;
}

export interface FileChangeTotals {
  count: number;
  bytes: number;
}

export type LayerStatus = 'shared' | 'moved' | 'new' | 'removed';

export interface LayerChange {
  /** Index in B (or in A for `removed`). */
  index: number;
  diffId: string;
  /** `shared`: same diffId at the same place in both (the common base); `moved`: in A at another place; `new`: not in A; `removed`: A's, not in B. */
  status: LayerStatus;
  /** The index in A, for shared and moved layers. */
  indexInA?: number;
  /** Content bytes and stored bytes. */
  size: number;
  compressedSize: number;
  createdBy?: string;
}

export interface ImageDiff {
  a: { reference: string; configDigest: string; layers: number };
  b: { reference: string; configDigest: string; layers: number };
  /** True when both have the same config digest: the same image. */
  identical: boolean;
  size: Record<keyof SizeFigures, Change>;
  /** The deepest folder (or file) that holds most of the final filesystem's change, when one does. */
  mostly?: FolderChange;
  /** Top-level folders that changed, by size of the change. */
  folders: FolderChange[];
  /** The folders and files that explain the change: deepest where no single part holds most of it. */
  explain: FolderChange[];
  files: {
    added: FileChangeTotals;
    removed: FileChangeTotals;
    /** Changed paths; `bytes` is B's size of them, `delta` the change. */
    changed: FileChangeTotals & { delta: number; content: FileChangeTotals & { delta: number }; metadata: FileChangeTotals };
    /** Folders added and removed. */
    folders: { added: number; removed: number };
    /** The largest changes of each kind (all of them with `listAll`). */
    largest: { added: FileChange[]; removed: FileChange[]; changed: FileChange[] };
  };
  layers: {
    /** Leading layers with the same diffIds in both: the base they share. */
    sharedPrefix: number;
    shared: number;
    new: number;
    /** A's layers that B does not have. */
    removed: number;
    /** Content bytes of B's new layers. */
    newBytes: number;
    list: LayerChange[];
    removedList: LayerChange[];
  };
}

export interface ImageDiffOptions {
  /** Items per list (default 10). */
  top?: number;
  /** Every changed path in `files.largest` (`--files`). */
  listAll?: boolean;
}

type Side = Pick<ImageAnalysis, 'reference' | 'configDigest' | 'layers' | 'compressedSize' | 'uncompressedSize' | 'dive' | 'final' | 'reclaimable' | 'filesystem'>;

export function change(before: number, after: number): Change {
  return { before, after, delta: after - before, ratio: before === 0 ? null : (after - before) / before };
}

const bytesOf = (e: FinalEntry | undefined) => (e && e.type === 'file' ? e.size : 0);

function modeOwner(e: FinalEntry): string {
  return `${(e.mode & 0o7777).toString(8).padStart(4, '0')} ${e.uid}:${e.gid}`;
}

export function diffImages(a: Side, b: Side, opts: ImageDiffOptions = {}): ImageDiff {
  const top = opts.top ?? 10;
  const before = new Map<string, FinalEntry>();
  for (const e of a.filesystem.entries()) before.set(e.path, e);

  const added: FileChange[] = [];
  const removed: FileChange[] = [];
  const changed: FileChange[] = [];
  const folders = { added: 0, removed: 0 };
  // Per folder: bytes in A and in B, and counts of changes below it.
  const tree = new Map<string, { a: number; b: number; added: number; removed: number; changed: number; file: boolean }>();
  const node = (p: string, file: boolean) => {
    let n = tree.get(p);
    if (!n) tree.set(p, (n = { a: 0, b: 0, added: 0, removed: 0, changed: 0, file }));
    return n;
  };
  const account = (path: string, side: 'a' | 'b', bytes: number, kind?: 'added' | 'removed' | 'changed') => {
    for (let p = path; ; p = parentOf(p)) {
      const n = node(p, p === path);
      n[side] += bytes;
      if (kind) n[kind]++;
      if (p === '/') break;
    }
  };

  const seen = new Set<string>();
  for (const e of b.filesystem.entries()) {
    seen.add(e.path);
    const old = before.get(e.path);
    const isDir = e.type === 'dir';
    if (!old) {
      if (isDir) folders.added++;
      else {
        added.push({ path: e.path, change: 'added', type: e.type, after: bytesOf(e), delta: bytesOf(e) });
        account(e.path, 'b', bytesOf(e), 'added');
      }
      continue;
    }
    if (isDir && old.type === 'dir') continue;
    const c = compare(old, e);
    if (c) {
      changed.push({ path: e.path, type: e.type, before: bytesOf(old), after: bytesOf(e), delta: bytesOf(e) - bytesOf(old), ...c });
      if (!isDir) account(e.path, 'b', bytesOf(e), 'changed');
      if (old.type !== 'dir') account(e.path, 'a', bytesOf(old));
    } else if (!isDir) {
      account(e.path, 'b', bytesOf(e));
      account(e.path, 'a', bytesOf(old));
    }
  }
  for (const [path, e] of before) {
    if (seen.has(path)) continue;
    if (e.type === 'dir') folders.removed++;
    else {
      removed.push({ path, change: 'removed', type: e.type, before: bytesOf(e), delta: -bytesOf(e) });
      account(path, 'a', bytesOf(e), 'removed');
    }
  }

  const total = (list: FileChange[], f: (c: FileChange) => number) => list.reduce((n, c) => n + f(c), 0);
  const content = changed.filter((c) => c.change === 'content');
  const metadata = changed.filter((c) => c.change === 'metadata');
  const bySize = (x: FileChange, y: FileChange) => Math.abs(y.delta) - Math.abs(x.delta) || (y.after ?? y.before ?? 0) - (x.after ?? x.before ?? 0) || (x.path < y.path ? -1 : 1);
  const cut = (list: FileChange[]) => (opts.listAll ? list.sort(bySize) : list.sort(bySize).slice(0, top));

  const changeOf = (path: string): FolderChange => {
    const n = tree.get(path)!;
    return { path, ...change(n.a, n.b), added: n.added, removed: n.removed, changed: n.changed, ...(n.file ? { file: true } : {}) };
  };
  const children = new Map<string, string[]>();
  for (const p of tree.keys()) {
    if (p === '/') continue;
    const parent = parentOf(p);
    const list = children.get(parent);
    if (list) list.push(p);
    else children.set(parent, [p]);
  }
  const touched = (p: string) => {
    const n = tree.get(p)!;
    return n.a !== n.b || n.added + n.removed + n.changed > 0;
  };
  const topLevel = (children.get('/') ?? []).filter(touched).map(changeOf);
  topLevel.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.path < y.path ? -1 : 1));

  return {
    a: { reference: a.reference, configDigest: a.configDigest, layers: a.layers.length },
    b: { reference: b.reference, configDigest: b.configDigest, layers: b.layers.length },
    identical: a.configDigest === b.configDigest,
    size: {
      content: change(a.dive.sizeBytes, b.dive.sizeBytes),
      compressed: change(a.compressedSize, b.compressedSize),
      uncompressed: change(a.uncompressedSize, b.uncompressedSize),
      final: change(a.final.bytes, b.final.bytes),
      reclaimable: change(a.reclaimable.totalBytes, b.reclaimable.totalBytes),
    },
    mostly: tree.has('/') ? mostlyOf('/', tree, children, changeOf) : undefined,
    folders: topLevel,
    explain: explainers(tree, children, changeOf, top),
    files: {
      added: { count: added.length, bytes: total(added, (c) => c.after ?? 0) },
      removed: { count: removed.length, bytes: total(removed, (c) => c.before ?? 0) },
      changed: {
        count: changed.length,
        bytes: total(changed, (c) => c.after ?? 0),
        delta: total(changed, (c) => c.delta),
        content: { count: content.length, bytes: total(content, (c) => c.after ?? 0), delta: total(content, (c) => c.delta) },
        metadata: { count: metadata.length, bytes: total(metadata, (c) => c.after ?? 0) },
      },
      folders,
      largest: { added: cut(added), removed: cut(removed), changed: cut(changed) },
    },
    layers: layerChanges(a, b),
  };
}

/** How a path changed between A and B, or undefined when it did not. */
function compare(a: FinalEntry, b: FinalEntry): Pick<FileChange, 'change' | 'attributes' | 'from' | 'to'> | undefined {
  const attributes: string[] = [];
  let contentChanged = false;
  if (a.type !== b.type) {
    contentChanged = true;
    attributes.push('type');
  } else if (a.type === 'file' || a.type === 'hardlink') {
    if (a.size !== b.size || (a.contentHash !== undefined && b.contentHash !== undefined && a.contentHash !== b.contentHash)) contentChanged = true;
    if (a.type === 'hardlink' && a.linkTarget !== b.linkTarget) attributes.push('target');
  } else if (a.type === 'symlink' && a.linkTarget !== b.linkTarget) {
    contentChanged = true;
    attributes.push('target');
  }
  if ((a.mode & 0o7777) !== (b.mode & 0o7777)) attributes.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) attributes.push('owner');
  if ((a.xattrs ?? '') !== (b.xattrs ?? '')) attributes.push('xattrs');
  if (!contentChanged && attributes.length === 0) return undefined;
  const out: Pick<FileChange, 'change' | 'attributes' | 'from' | 'to'> = { change: contentChanged ? 'content' : 'metadata' };
  if (attributes.length > 0) out.attributes = attributes;
  if (attributes.includes('mode') || attributes.includes('owner')) {
    out.from = modeOwner(a);
    out.to = modeOwner(b);
  }
  return out;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * From the root down, into the part that holds at least half of the change (in its direction),
 * for as long as there is one: "mostly /usr/lib/python3".
 */
function mostlyOf(
  root: string,
  tree: Map<string, { a: number; b: number }>,
  children: Map<string, string[]>,
  changeOf: (p: string) => FolderChange,
): FolderChange | undefined {
  const delta = (p: string) => tree.get(p)!.b - tree.get(p)!.a;
  const whole = delta(root);
  if (whole === 0) return undefined;
  let at = root;
  for (;;) {
    const d = delta(at);
    const next = (children.get(at) ?? []).filter((c) => Math.sign(delta(c)) === Math.sign(d)).sort((x, y) => Math.abs(delta(y)) - Math.abs(delta(x)))[0];
    if (!next || Math.abs(delta(next)) * 2 < Math.abs(d)) break;
    at = next;
  }
  return at === root ? undefined : changeOf(at);
}

/**
 * The parts that explain the change: a folder whose change no single part of it holds (80 % or
 * more, same direction), or a file; the largest first, none inside one already listed.
 */
function explainers(
  tree: Map<string, { a: number; b: number }>,
  children: Map<string, string[]>,
  changeOf: (p: string) => FolderChange,
  top: number,
): FolderChange[] {
  const delta = (p: string) => tree.get(p)!.b - tree.get(p)!.a;
  // Parts under 1 % of all the change (added and removed counted apart) explain nothing.
  const whole = (children.get('/') ?? []).reduce((n, c) => n + Math.abs(delta(c)), 0);
  const floor = Math.max(1, whole / 100);
  const candidates: string[] = [];
  for (const p of tree.keys()) {
    if (p === '/') continue;
    const d = delta(p);
    if (Math.abs(d) < floor) continue;
    const dominant = (children.get(p) ?? []).some((c) => Math.sign(delta(c)) === Math.sign(d) && Math.abs(delta(c)) >= 0.8 * Math.abs(d));
    if (!dominant) candidates.push(p);
  }
  candidates.sort((x, y) => Math.abs(delta(y)) - Math.abs(delta(x)) || (x < y ? -1 : 1));
  const picked: string[] = [];
  for (const p of candidates) {
    if (picked.length >= top) break;
    if (picked.some((q) => p.startsWith(`${q}/`) || q.startsWith(`${p}/`))) continue;
    picked.push(p);
  }
  return picked.map(changeOf);
}

function layerChanges(a: Side, b: Side): ImageDiff['layers'] {
  let prefix = 0;
  while (prefix < a.layers.length && prefix < b.layers.length && a.layers[prefix]!.diffId === b.layers[prefix]!.diffId) prefix++;
  const inA = new Map<string, number>();
  a.layers.forEach((l, i) => {
    if (!inA.has(l.diffId)) inA.set(l.diffId, i);
  });
  const inB = new Set(b.layers.map((l) => l.diffId));
  const list: LayerChange[] = b.layers.map((l, i) => {
    const at = i < prefix ? i : inA.get(l.diffId);
    const status: LayerStatus = i < prefix ? 'shared' : at !== undefined ? 'moved' : 'new';
    const c: LayerChange = { index: i, diffId: l.diffId, status, size: l.size, compressedSize: l.compressedSize };
    if (at !== undefined) c.indexInA = at;
    if (l.createdBy) c.createdBy = l.createdBy;
    return c;
  });
  const removedList: LayerChange[] = a.layers
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => !inB.has(l.diffId))
    .map(({ l, i }) => ({ index: i, diffId: l.diffId, status: 'removed' as LayerStatus, size: l.size, compressedSize: l.compressedSize, ...(l.createdBy ? { createdBy: l.createdBy } : {}) }));
  const fresh = list.filter((l) => l.status === 'new');
  return {
    sharedPrefix: prefix,
    shared: list.length - fresh.length,
    new: fresh.length,
    removed: removedList.length,
    newBytes: fresh.reduce((n, l) => n + l.size, 0),
    list,
    removedList,
  };
}
