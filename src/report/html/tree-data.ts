/**
 * The file trees the HTML report draws, made compact enough to embed: the final filesystem
 * (sizes, the layer that put each file there, reclaimable and removed bytes) and each layer's
 * own changes (A/C/D). Nodes are arrays, not objects, and small files are folded into one
 * "(n small files)" node per folder once a tree is over its node budget, so a 100,000-file image
 * stays a few megabytes and the page renders only what is expanded.
 */
import type { ImageAnalysis } from '../../layers/analysis.js';
import type { PathChange } from '../../layers/diff.js';

/**
 * A node of the final filesystem:
 * `[name, kind, bytes, layer, reclaimable, removed, children | count]`.
 * - kind: `d` folder, `f` file, `l` symlink, `h` hardlink, `o` device or fifo, `s` small files
 *   (and folders) folded together, with their count at 6;
 * - bytes: content bytes at and below (hardlinks and links count 0: their content is counted once);
 * - layer: the layer that put it there (folders: the layer of most of their bytes; -1 unknown);
 * - reclaimable: bytes of caches and duplicate copies at and below (present, could go);
 * - removed: bytes shipped at and below by a layer and removed, overwritten or copied up by a later one.
 */
export type FinalNode = [string, FinalKind, number, number, number, number, FinalNode[] | number];
export type FinalKind = 'd' | 'f' | 'l' | 'h' | 'o' | 's';

/**
 * A node of one layer's changes: `[name, mark, bytes, kind, detail, children | count]`.
 * - mark: `A`, `C`, `D`, or `` for a folder listed only because something below it changed;
 * - bytes: content bytes the layer ships at and below (for `D`, and a deleted folder: the bytes it removes);
 * - kind as above (`s`: small changes folded, count at 5, detail `A12 C3 D1`);
 * - detail: for metadata-only changes, what changed (`mode,owner`).
 */
export type ChangeNode = [string, ChangeMark, number, FinalKind, string, ChangeNode[] | number];
export type ChangeMark = 'A' | 'C' | 'D' | '';

export interface ImageTreeData {
  /** The root folder of the final filesystem. */
  final: FinalNode;
  /** One tree per layer, base first. */
  layers: ChangeNode[];
  /** Per layer: bytes it shipped that are reclaimable now (its versions removed later, its caches and duplicates). */
  layerWaste: number[];
  /** Files smaller than this were folded ("(n small files)"); 0 when nothing was folded. */
  foldedBelow: number;
  /** Nodes written (all trees) and paths folded away. */
  nodes: number;
  folded: number;
}

export interface TreeBudget {
  /** Most leaves kept in the final tree (default 40,000). */
  finalLeaves?: number;
  /** Most leaves kept over all layer trees together (default 60,000). */
  layerLeaves?: number;
}

/** Folders at this depth or above are always kept by name, so the top of the tree reads right. */
const KEEP_FOLDER_DEPTH = 3;

interface Work {
  name: string;
  kind: FinalKind;
  bytes: number;
  layer: number;
  reclaim: number;
  removed: number;
  mark: ChangeMark;
  detail: string;
  children?: Map<string, Work>;
  /** Byte totals per layer below a folder (final tree only, for its dominant layer). */
  byLayer?: Map<number, number>;
  files: number;
}

function work(name: string, kind: FinalKind): Work {
  return { name, kind, bytes: 0, layer: -1, reclaim: 0, removed: 0, mark: '', detail: '', files: 0 };
}

function child(parent: Work, name: string): Work {
  if (!parent.children) parent.children = new Map();
  let c = parent.children.get(name);
  if (!c) {
    c = work(name, 'd');
    c.children = new Map();
    parent.children.set(name, c);
  }
  return c;
}

function kindOf(type: string): FinalKind {
  switch (type) {
    case 'dir':
      return 'd';
    case 'file':
      return 'f';
    case 'symlink':
      return 'l';
    case 'hardlink':
      return 'h';
    default:
      return 'o';
  }
}

/** Walks to `path`'s node, creating folders on the way; returns it and the folders passed. */
function place(root: Work, path: string): { node: Work; trail: Work[] } {
  const parts = path.split('/').filter(Boolean);
  const trail: Work[] = [root];
  let n = root;
  for (const part of parts) {
    n = child(n, part);
    trail.push(n);
  }
  trail.pop();
  return { node: n, trail };
}

/** Walks as far down `path` as the tree goes: the node for the path, or its deepest present folder. */
function deepest(root: Work, path: string): Work[] {
  const trail: Work[] = [root];
  let n = root;
  for (const part of path.split('/').filter(Boolean)) {
    const c = n.children?.get(part);
    if (!c) break;
    trail.push(c);
    n = c;
  }
  return trail;
}

/** Size of the n-th largest leaf: leaves strictly larger are kept; -1 keeps them all. */
function threshold(leafSizes: number[], budget: number): number {
  if (leafSizes.length <= budget) return -1;
  leafSizes.sort((a, b) => b - a);
  return leafSizes[budget - 1];
}

/** Builds the compact trees from an analysis made with `allLayerChanges`. */
export function buildImageTree(analysis: ImageAnalysis, budget: TreeBudget = {}): ImageTreeData {
  const stats = { nodes: 0, folded: 0 };
  // --- the final filesystem
  const root = work('/', 'd');
  root.children = new Map();
  const sizes: number[] = [];
  for (const e of analysis.filesystem.entries()) {
    const { node, trail } = place(root, e.path);
    const kind = kindOf(e.type);
    node.kind = kind;
    node.layer = e.layer;
    if (kind !== 'd') {
      const bytes = kind === 'f' ? e.size : 0;
      node.bytes = bytes;
      node.files = 1;
      sizes.push(bytes);
      for (const t of trail) {
        t.bytes += bytes;
        t.files++;
        if (bytes > 0) {
          if (!t.byLayer) t.byLayer = new Map();
          t.byLayer.set(e.layer, (t.byLayer.get(e.layer) ?? 0) + bytes);
        }
      }
    }
  }
  const layerWaste = analysis.layers.map(() => 0);
  for (const item of analysis.wasteItems) {
    if (item.layer >= 0 && item.layer < layerWaste.length) layerWaste[item.layer] += item.bytes;
    const trail = deepest(root, item.path);
    const present = item.cause === 'cacheLeft' || item.cause === 'duplicate';
    for (const t of trail) {
      if (present) t.reclaim += item.bytes;
      else t.removed += item.bytes;
    }
  }
  const finalThreshold = threshold(sizes, budget.finalLeaves ?? 40_000);
  const final = emitFinal(root, finalThreshold, 0, stats);

  // --- each layer's changes
  const changes = analysis.layerChanges ?? analysis.layers.map(() => []);
  const totalChanges = changes.reduce((n, c) => n + c.length, 0);
  const layerBudget = budget.layerLeaves ?? 60_000;
  const layers = changes.map((list) => {
    const share = totalChanges > 0 ? Math.max(500, Math.floor((layerBudget * list.length) / totalChanges)) : 500;
    return emitChanges(changeTree(list), share, stats);
  });
  return { final, layers, layerWaste, foldedBelow: Math.max(0, finalThreshold), nodes: stats.nodes, folded: stats.folded };
}

function dominantLayer(w: Work): number {
  return w.kind === 'd' ? dominantOf(w.byLayer, w.layer) : w.layer;
}

/** The layer with the most bytes (the lower layer on a tie). */
function dominantOf(byLayer: Map<number, number> | undefined, fallback: number): number {
  let best = fallback;
  let most = -1;
  for (const [l, b] of byLayer ?? []) if (b > most || (b === most && l < best)) [best, most] = [l, b];
  return best;
}

function sortedChildren(w: Work): Work[] {
  return [...(w.children?.values() ?? [])].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function emitFinal(w: Work, t: number, depth: number, stats: { nodes: number; folded: number }): FinalNode {
  stats.nodes++;
  if (w.kind !== 'd') return [w.name, w.kind, w.bytes, w.layer, w.reclaim, w.removed, 0];
  const kids: FinalNode[] = [];
  const small = { files: 0, bytes: 0, reclaim: 0, removed: 0, byLayer: new Map<number, number>() };
  for (const c of sortedChildren(w)) {
    const keep = c.kind !== 'd' ? c.bytes > t : depth + 1 <= KEEP_FOLDER_DEPTH || c.bytes > t;
    if (keep) {
      kids.push(emitFinal(c, t, depth + 1, stats));
      continue;
    }
    const n = c.kind === 'd' ? c.files : 1;
    small.files += n;
    small.bytes += c.bytes;
    small.reclaim += c.reclaim;
    small.removed += c.removed;
    stats.folded += n;
    if (c.kind === 'd') for (const [l, b] of c.byLayer ?? []) small.byLayer.set(l, (small.byLayer.get(l) ?? 0) + b);
    else if (c.bytes > 0) small.byLayer.set(c.layer, (small.byLayer.get(c.layer) ?? 0) + c.bytes);
  }
  if (small.files > 0) {
    stats.nodes++;
    const layer = dominantOf(small.byLayer, -1);
    kids.push([`(${small.files} small ${small.files === 1 ? 'file' : 'files'})`, 's', small.bytes, layer, small.reclaim, small.removed, small.files]);
  }
  return [w.name, 'd', w.bytes, dominantLayer(w), w.reclaim, w.removed, kids];
}

/** One layer's changes as a tree; folders it did not change itself are marked ''. */
function changeTree(list: readonly PathChange[]): Work {
  const root = work('/', 'd');
  root.children = new Map();
  for (const c of list) {
    const { node, trail } = place(root, c.path);
    node.mark = c.mark;
    node.kind = kindOf(c.type);
    node.detail = c.metadataOnly?.join(',') ?? '';
    if (node.kind !== 'd') {
      node.bytes = c.size;
      node.files = 1;
      for (const t of trail) {
        // A deleted folder counts the bytes it takes away; a folder left in place, what is shipped.
        if (c.mark !== 'D' || t.mark === 'D') t.bytes += c.size;
        t.files++;
      }
    }
  }
  return root;
}

function emitChanges(root: Work, budget: number, stats: { nodes: number; folded: number }): ChangeNode {
  const sizes: number[] = [];
  const collect = (w: Work) => {
    for (const c of w.children?.values() ?? []) {
      if (c.kind === 'd') collect(c);
      else sizes.push(c.bytes);
    }
  };
  collect(root);
  const t = threshold(sizes, budget);
  const emit = (w: Work, depth: number): ChangeNode => {
    stats.nodes++;
    if (w.kind !== 'd') return [w.name, w.mark, w.bytes, w.kind, w.detail, 0];
    const kids: ChangeNode[] = [];
    const small = { files: 0, bytes: 0, marks: { A: 0, C: 0, D: 0 } as Record<string, number> };
    const fold = (c: Work) => {
      if (c.kind === 'd') {
        if (c.mark) {
          small.marks[c.mark]++;
          small.files++;
          stats.folded++;
        }
        for (const g of c.children?.values() ?? []) fold(g);
        return;
      }
      small.files++;
      if (c.mark !== 'D') small.bytes += c.bytes;
      if (c.mark) small.marks[c.mark]++;
      stats.folded++;
    };
    for (const c of sortedChildren(w)) {
      const keep = c.kind !== 'd' ? c.bytes > t : depth + 1 <= KEEP_FOLDER_DEPTH || c.bytes > t;
      if (keep) kids.push(emit(c, depth + 1));
      else fold(c);
    }
    if (small.files > 0) {
      stats.nodes++;
      const detail = (['A', 'C', 'D'] as const).filter((m) => small.marks[m] > 0).map((m) => `${m}${small.marks[m]}`).join(' ');
      kids.push([`(${small.files} small ${small.files === 1 ? 'change' : 'changes'})`, '', small.bytes, 's', detail, small.files]);
    }
    return [w.name, w.mark, w.bytes, 'd', w.detail, kids];
  };
  return emit(root, 0);
}
