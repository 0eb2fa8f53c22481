/**
 * plimsoll's honest waste figure, reclaimable bytes: bytes an image ships that a better-built
 * image with the same final filesystem would not, each counted once, by cause (definitions in
 * docs/image.md):
 *
 * - deleted: a file version shipped in a layer and removed by a later one (whiteout, opaque
 *   whiteout, or replaced by a folder, link or device);
 * - overwritten: a file version replaced by different content in a later layer (or a duplicate
 *   entry of the same layer);
 * - metadataCopyUp: a file version shipped again with the same content only to change its mode,
 *   owner or xattrs (`chmod`/`chown`/`setcap` in a later step), or re-shipped identical;
 * - cacheLeft: package-manager caches and temporary files in the final filesystem;
 * - duplicate: identical content under two or more paths of the final filesystem (hardlinks are
 *   one file, not duplicates): every copy but the earliest counts.
 *
 * The first three are versions absent from the final filesystem; the last two are present, so
 * no byte is counted twice. Unlike dive's wasted bytes, the copy that is kept never counts.
 */
import { CAUSE_COPY_UP, CAUSE_DELETED, CAUSE_OVERWRITTEN, CHANGED_MODE, CHANGED_OWNER, CHANGED_XATTRS, type UnionFs } from './union.js';
import { DIR, FILE, HARDLINK, NONE, SYMLINK } from './union-store.js';

export type ReclaimCause = 'deleted' | 'overwritten' | 'metadataCopyUp' | 'cacheLeft' | 'duplicate';
export const RECLAIM_CAUSES: readonly ReclaimCause[] = ['deleted', 'overwritten', 'metadataCopyUp', 'cacheLeft', 'duplicate'];

export interface CauseTotal {
  bytes: number;
  files: number;
}

export interface Reclaimable {
  totalBytes: number;
  byCause: Record<ReclaimCause, CauseTotal>;
}

export interface WasteItem {
  cause: ReclaimCause;
  path: string;
  bytes: number;
  /** The layer that shipped these bytes. */
  layer: number;
  /** The layer that deleted, overwrote or copied it up (absent for caches and duplicates). */
  removedIn?: number;
  /** For metadataCopyUp: what changed (`mode`, `owner`, `xattrs`; none means a re-ship of the same file). */
  changed?: string[];
  /** For metadataCopyUp: the attributes before and after, as `0644`, `0:0`. */
  before?: { mode: string; owner: string };
  after?: { mode: string; owner: string };
  /** For cacheLeft: which cache (`apt-lists`, `pip`, `tmp`...). */
  cache?: string;
  /** For duplicate: the path whose copy is kept. */
  duplicateOf?: string;
}

/** Caches and temporary files: judged by path. `.pyc` files are not here: Python reads them at start-up. */
export const CACHE_PATTERNS: ReadonlyArray<{ cache: string; re: RegExp }> = [
  { cache: 'apt-lists', re: /^\/var\/lib\/apt\/lists\/(?!lock$)/ },
  { cache: 'apt-archives', re: /^\/var\/cache\/apt\/(archives\/.*\.deb$|[^/]+\.bin$)/ },
  { cache: 'apk', re: /^\/(var\/cache\/apk|etc\/apk\/cache)\// },
  { cache: 'yum-dnf', re: /^\/var\/cache\/(yum|dnf)\// },
  { cache: 'zypper', re: /^\/var\/cache\/zypp\/packages\// },
  { cache: 'pip', re: /^\/(root|home\/[^/]+)\/\.cache\/pip\// },
  { cache: 'npm', re: /^\/(root|home\/[^/]+)\/\.npm\/_cacache\// },
  { cache: 'yarn', re: /^\/((root|home\/[^/]+)\/\.cache\/yarn|usr\/local\/share\/\.cache\/yarn|(root|home\/[^/]+)\/\.yarn\/berry\/cache)\// },
  { cache: 'go', re: /^\/((root|home\/[^/]+)\/\.cache\/go-build|(root|home\/[^/]+)\/go\/pkg\/mod\/cache\/download|go\/pkg\/mod\/cache\/download)\// },
  { cache: 'cargo', re: /^\/((root|home\/[^/]+)\/\.cargo|usr\/local\/cargo)\/registry\/cache\// },
  { cache: 'composer', re: /^\/(root|home\/[^/]+)\/(\.composer\/cache|\.cache\/composer)\// },
  { cache: 'gem', re: /^\/(usr\/local\/bundle|var\/lib\/gems\/[^/]+|usr\/local\/lib\/ruby\/gems\/[^/]+)\/cache\/[^/]+\.gem$/ },
  { cache: 'tmp', re: /^\/(tmp|var\/tmp)\// },
];

/** The top-level folders any cache pattern starts in. */
const CACHE_TOPS = new Set(['var', 'etc', 'root', 'home', 'usr', 'go', 'tmp']);

export function cacheOf(path: string): string | undefined {
  for (const p of CACHE_PATTERNS) if (p.re.test(path)) return p.cache;
  return undefined;
}

export function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

const CAUSE_NAMES: Record<number, ReclaimCause> = {
  [CAUSE_DELETED]: 'deleted',
  [CAUSE_OVERWRITTEN]: 'overwritten',
  [CAUSE_COPY_UP]: 'metadataCopyUp',
};

/** Every waste item: versions gone from the final filesystem, then caches and duplicates in it. */
export function wasteItems(union: UnionFs): WasteItem[] {
  const s = union.store;
  const w = union.waste;
  const v = union.versions;
  const items: WasteItem[] = [];
  for (let k = 0; k < w.length; k++) {
    const version = w.version.get(k);
    const bytes = v.size.get(version);
    const cause = CAUSE_NAMES[w.cause.get(k)];
    const item: WasteItem = { cause, path: s.pathOf(w.node.get(k)), bytes, layer: v.layer.get(version), removedIn: w.layer.get(k) };
    if (cause === 'metadataCopyUp') {
      const d = w.detail.get(k);
      item.changed = [];
      if (d & CHANGED_MODE) item.changed.push('mode');
      if (d & CHANGED_OWNER) item.changed.push('owner');
      if (d & CHANGED_XATTRS) item.changed.push('xattrs');
      item.before = { mode: formatMode(w.oldMode.get(k)), owner: `${w.oldUid.get(k)}:${w.oldGid.get(k)}` };
      item.after = { mode: formatMode(w.newMode.get(k)), owner: `${w.newUid.get(k)}:${w.newGid.get(k)}` };
    }
    items.push(item);
  }
  // The final filesystem: caches, then duplicates among the rest. Parents have lower ids than
  // their children, so one pass marks the subtrees where a cache can be (no path built for others).
  const maybeCache = new Uint8Array(s.count);
  const byContent = new Map<number, number[]>();
  for (let id = 1; id < s.count; id++) {
    const p = s.parent[id];
    maybeCache[id] = p === 0 ? (CACHE_TOPS.has(s.names[id]) ? 1 : 0) : maybeCache[p];
    if (s.type[id] !== FILE || s.size[id] <= 0) continue;
    const cache = maybeCache[id] ? cacheOf(s.pathOf(id)) : undefined;
    if (cache) {
      items.push({ cause: 'cacheLeft', path: s.pathOf(id), bytes: s.size[id], layer: s.layer[id], cache });
      continue;
    }
    const list = byContent.get(s.content[id]);
    if (list) list.push(id);
    else byContent.set(s.content[id], [id]);
  }
  for (const ids of byContent.values()) {
    if (ids.length < 2) continue;
    const paths = ids.map((id) => ({ id, path: s.pathOf(id) }));
    paths.sort((a, b) => s.layer[a.id] - s.layer[b.id] || (a.path < b.path ? -1 : 1));
    const kept = paths[0];
    for (const p of paths.slice(1)) {
      items.push({ cause: 'duplicate', path: p.path, bytes: s.size[p.id], layer: s.layer[p.id], duplicateOf: kept.path });
    }
  }
  return items;
}

export function reclaimableOf(items: readonly WasteItem[]): Reclaimable {
  const byCause = Object.fromEntries(RECLAIM_CAUSES.map((c) => [c, { bytes: 0, files: 0 }])) as Record<ReclaimCause, CauseTotal>;
  let totalBytes = 0;
  for (const it of items) {
    byCause[it.cause].bytes += it.bytes;
    byCause[it.cause].files++;
    totalBytes += it.bytes;
  }
  return { totalBytes, byCause };
}

export interface FinalTotals {
  files: number;
  folders: number;
  symlinks: number;
  hardlinks: number;
  other: number;
  /** Content bytes of the final filesystem (each hardlinked file once). */
  bytes: number;
}

export function finalTotals(union: UnionFs): FinalTotals {
  const s = union.store;
  const t: FinalTotals = { files: 0, folders: 0, symlinks: 0, hardlinks: 0, other: 0, bytes: 0 };
  for (let id = 1; id < s.count; id++) {
    switch (s.type[id]) {
      case NONE:
        break;
      case FILE:
        t.files++;
        t.bytes += s.size[id];
        break;
      case DIR:
        t.folders++;
        break;
      case SYMLINK:
        t.symlinks++;
        break;
      case HARDLINK:
        t.hardlinks++;
        break;
      default:
        t.other++;
    }
  }
  return t;
}

export interface SizedPath {
  path: string;
  bytes: number;
  /** The layer that brought it (for a folder: the layer that brought most of its bytes). */
  layer: number;
  /** For folders: files below it. */
  files?: number;
  /** For folders: the share of its bytes that `layer` brought, 0..1. */
  layerShare?: number;
}

/** Keeps the `n` largest of what it is offered. */
class TopN<T> {
  readonly items: Array<{ key: number; tie: string; value: T }> = [];
  constructor(private readonly n: number) {}
  offer(key: number, tie: () => string, value: () => T): void {
    if (this.n <= 0) return;
    if (this.items.length >= this.n && key <= this.items[this.items.length - 1].key) return;
    this.items.push({ key, tie: tie(), value: value() });
    this.items.sort((a, b) => b.key - a.key || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
    if (this.items.length > this.n) this.items.pop();
  }
  values(): T[] {
    return this.items.map((i) => i.value);
  }
}

export function largestFiles(union: UnionFs, n: number): SizedPath[] {
  const s = union.store;
  const top = new TopN<SizedPath>(n);
  for (let id = 1; id < s.count; id++) {
    if (s.type[id] !== FILE || s.size[id] <= 0) continue;
    top.offer(s.size[id], () => s.pathOf(id), () => ({ path: s.pathOf(id), bytes: s.size[id], layer: s.layer[id] }));
  }
  return top.values();
}

export function largestFolders(union: UnionFs, n: number): SizedPath[] {
  const s = union.store;
  const bytes = new Float64Array(s.count);
  const files = new Uint32Array(s.count);
  for (let id = 1; id < s.count; id++) {
    if (s.type[id] !== FILE) continue;
    for (let p = s.parent[id]; p !== -1; p = s.parent[p]) {
      bytes[p] += s.size[id];
      files[p]++;
    }
  }
  const top = new TopN<number>(n);
  for (let id = 1; id < s.count; id++) {
    if (s.type[id] === DIR && bytes[id] > 0) top.offer(bytes[id], () => s.pathOf(id), () => id);
  }
  return top.values().map((id) => {
    const byLayer = new Map<number, number>();
    const stack = [id];
    while (stack.length > 0) {
      const nId = stack.pop()!;
      for (let c = s.firstChild[nId]; c !== -1; c = s.nextSibling[c]) {
        if (s.type[c] === DIR) stack.push(c);
        else if (s.type[c] === FILE) byLayer.set(s.layer[c], (byLayer.get(s.layer[c]) ?? 0) + s.size[c]);
      }
    }
    let layer = s.layer[id];
    let most = -1;
    for (const [l, b] of byLayer) if (b > most || (b === most && l < layer)) [layer, most] = [l, b];
    return { path: s.pathOf(id), bytes: bytes[id], layer, files: files[id], layerShare: bytes[id] > 0 ? most / bytes[id] : 0 };
  });
}

export function largestWaste(items: readonly WasteItem[], n: number): WasteItem[] {
  return [...items].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, n);
}

