/**
 * dive's figures, reproduced exactly (wagoodman/dive v0.13.1, `filetree/efficiency.go` and
 * `image/image.go`; see docs/image.md): the efficiency score, wasted bytes and user wasted
 * percent, with all of dive's own ways, so the same image gives the same numbers in both tools:
 *
 * - Each layer is a tree of its own entries plus the folders they imply; only its leaves count,
 *   keyed by path. A path met in two or more layers is "inefficient", and all of its sizes count
 *   as wasted, the first copy included.
 * - A whiteout leaf counts under the path it deletes: 0 bytes for a file, or the sum of every
 *   size below a folder *that had its own entry* in the most recent layer listing it (a folder
 *   only implied by its children has no size in dive). dive looks the target up in its own stack
 *   of the lower layers; a target missing there ends dive's walk of that layer.
 * - Opaque whiteouts are ignored (dive never hides the lower folder's contents), and a file that
 *   replaces a folder keeps the folder's children in dive's stack.
 * - Only layer 0 counts as the base image.
 *
 * The model keeps dive's view of each path in the shared node table (`dive*` columns) next to
 * the OCI union view, and its per-path tallies (`eff*`), so no layer tree is ever copied.
 */
import { Float64Column, Int32Column, Uint8Column, DIVE_IS_DIR, DIVE_PRESENT, ROOT, type NodeStore } from './union-store.js';

export interface InefficientPath {
  path: string;
  /** How many layer leaves had this path. */
  count: number;
  /** Sum of its sizes over those layers (dive's "wasted space" for the path). */
  cumulativeSize: number;
  /** The smallest of them (what dive counts as the needed size). */
  minSize: number;
}

export interface DiveFigures {
  /** Σ min / Σ cumulative over every path (1 when nothing was counted). */
  efficiency: number;
  /** Σ layer sizes (dive's layer size: the content bytes of its tar headers). */
  sizeBytes: number;
  /** Σ layer sizes except layer 0. */
  userSizeBytes: number;
  /** Σ cumulative size over inefficient paths. */
  wastedBytes: number;
  /** wastedBytes / userSizeBytes; null where dive would print NaN (no user layers). */
  userWastedPercent: number | null;
  /** Largest first; ties by path (dive's own order of ties is random). */
  inefficientPaths: InefficientPath[];
  /** Layers where dive's walk stopped early at a whiteout whose target it could not find. */
  abortedLayers: Array<{ layer: number; path: string }>;
}

const IMPLICIT = 0;
const EXPLICIT = 1;

export class DiveModel {
  private L1 = 0;
  private layerIndex = -1;
  private readonly itemNode = new Int32Column();
  private readonly itemKind = new Uint8Column();
  private readonly itemSize = new Float64Column();
  private readonly itemDir = new Uint8Column();
  private readonly markers = new Int32Column();
  /** A `.wh.NAME` listed twice is one node of dive's layer tree. */
  private readonly markerSet = new Set<number>();
  private sumMin = 0;
  private sumCum = 0;
  private wasted = 0;
  private readonly aborted: Array<{ layer: number; path: string }> = [];

  constructor(private readonly store: NodeStore) {}

  beginLayer(index: number): void {
    this.layerIndex = index;
    this.L1 = index + 1;
    this.itemNode.length = 0;
    this.itemKind.length = 0;
    this.itemSize.length = 0;
    this.itemDir.length = 0;
    this.markers.length = 0;
    this.markerSet.clear();
  }

  /** A tar entry (not a whiteout) at this path: its header size, and whether it is a folder. */
  entry(id: number, size: number, isDir: boolean): void {
    this.register(id, EXPLICIT, size, isDir);
  }

  /** An opaque whiteout in this folder: dive drops the marker but keeps the folder it implies. */
  opaque(id: number): void {
    if (id !== ROOT) this.register(id, IMPLICIT, 0, false);
  }

  /** A `.wh.NAME` whiteout of this path: a leaf of the layer's tree named `.wh.NAME`. */
  whiteout(target: number): void {
    const s = this.store;
    if (this.markerSet.has(target)) return;
    this.markerSet.add(target);
    this.markers.push(target);
    const p = s.parent[target];
    if (p !== ROOT && p !== -1) {
      this.register(p, IMPLICIT, 0, false);
      s.diveChild[p] = this.L1;
    } else if (p === ROOT) {
      s.diveChild[ROOT] = this.L1;
    }
  }

  private register(id: number, kind: number, size: number, isDir: boolean): void {
    const s = this.store;
    const L1 = this.L1;
    if (s.diveStamp[id] === L1) {
      if (kind === EXPLICIT) {
        const k = s.diveItem[id];
        this.itemKind.set(k, EXPLICIT);
        this.itemSize.set(k, size);
        this.itemDir.set(k, isDir ? 1 : 0);
      }
      return;
    }
    s.diveStamp[id] = L1;
    s.diveItem[id] = this.push(id, kind, size, isDir);
    for (let p = s.parent[id]; p !== ROOT && p !== -1; p = s.parent[p]) {
      s.diveChild[p] = L1;
      if (s.diveStamp[p] === L1) return;
      s.diveStamp[p] = L1;
      s.diveItem[p] = this.push(p, IMPLICIT, 0, false);
    }
  }

  private push(id: number, kind: number, size: number, isDir: boolean): number {
    this.itemKind.push(kind);
    this.itemSize.push(kind === EXPLICIT ? size : 0);
    this.itemDir.push(isDir ? 1 : 0);
    return this.itemNode.push(id);
  }

  /** Counts the layer's leaves and stacks the layer onto dive's view. */
  endLayer(): void {
    const s = this.store;
    const first = this.layerIndex === 0;
    // dive looks whiteout targets up in the stack of the layers below; for layer 0 that is a
    // copy of layer 0's own tree.
    if (first) this.stackItems();
    const nMarkers = this.markers.length;
    const markerSize = new Float64Array(nMarkers);
    let missing = false;
    for (let m = 0; m < nMarkers; m++) {
      const t = this.markers.get(m);
      const f = s.diveFlags[t];
      if (!(f & DIVE_PRESENT)) {
        missing = true;
        markerSize[m] = -1;
      } else markerSize[m] = f & DIVE_IS_DIR ? this.subtreeSum(t) : 0;
    }
    if (!missing) {
      for (let k = 0; k < this.itemNode.length; k++) {
        const id = this.itemNode.get(k);
        if (s.diveChild[id] !== this.L1) this.count(id, this.itemSize.get(k));
      }
      for (let m = 0; m < nMarkers; m++) this.count(this.markers.get(m), markerSize[m]);
    } else {
      this.countUntilMissing(markerSize);
    }
    if (!first) this.stackItemsAndMarkers();
    else for (let m = 0; m < nMarkers; m++) this.remove(this.markers.get(m));
  }

  /**
   * dive visits leaves depth-first, children sorted by name, and stops the layer at a whiteout
   * whose target is missing. Rare, so the sort is only paid for then.
   */
  private countUntilMissing(markerSize: Float64Array): void {
    const s = this.store;
    type Leaf = { key: string[]; id: number; size: number; marker: boolean };
    const leaves: Leaf[] = [];
    for (let k = 0; k < this.itemNode.length; k++) {
      const id = this.itemNode.get(k);
      if (s.diveChild[id] !== this.L1) leaves.push({ key: s.pathOf(id).split('/'), id, size: this.itemSize.get(k), marker: false });
    }
    for (let m = 0; m < this.markers.length; m++) {
      const t = this.markers.get(m);
      const key = s.pathOf(t).split('/');
      key[key.length - 1] = `.wh.${key[key.length - 1]}`;
      leaves.push({ key, id: t, size: markerSize[m], marker: true });
    }
    leaves.sort((a, b) => compareKeys(a.key, b.key));
    for (const leaf of leaves) {
      if (leaf.marker && leaf.size < 0) {
        this.aborted.push({ layer: this.layerIndex, path: s.pathOf(leaf.id) });
        return;
      }
      this.count(leaf.id, leaf.size);
    }
  }

  private count(id: number, size: number): void {
    const s = this.store;
    const n = s.effCount[id];
    if (n === 0) {
      s.effMin[id] = size;
      s.effCum[id] = size;
      this.sumMin += size;
      this.sumCum += size;
    } else {
      s.effCum[id] += size;
      this.sumCum += size;
      if (size < s.effMin[id]) {
        this.sumMin -= s.effMin[id] - size;
        s.effMin[id] = size;
      }
    }
    if (n < 0xffff) s.effCount[id] = n + 1;
    if (n + 1 === 2) this.wasted += s.effCum[id];
    else if (n + 1 > 2) this.wasted += size;
  }

  private subtreeSum(id: number): number {
    const s = this.store;
    let sum = 0;
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop()!;
      sum += s.diveSize[n];
      for (let c = s.firstChild[n]; c !== -1; c = s.nextSibling[c]) if (s.diveFlags[c] & DIVE_PRESENT) stack.push(c);
    }
    return sum;
  }

  private remove(id: number): void {
    const s = this.store;
    if (!(s.diveFlags[id] & DIVE_PRESENT)) return;
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop()!;
      s.diveFlags[n] = 0;
      for (let c = s.firstChild[n]; c !== -1; c = s.nextSibling[c]) if (s.diveFlags[c] & DIVE_PRESENT) stack.push(c);
    }
  }

  private stackItems(): void {
    const s = this.store;
    for (let k = 0; k < this.itemNode.length; k++) {
      const id = this.itemNode.get(k);
      // dive's Stack copies every node of the upper tree, implied folders with an empty FileInfo.
      s.diveFlags[id] = DIVE_PRESENT | (this.itemDir.get(k) ? DIVE_IS_DIR : 0);
      s.diveSize[id] = this.itemSize.get(k);
    }
  }

  /**
   * dive stacks children in name order, so `.wh.NAME` is applied before `NAME` (and its
   * subtree) unless NAME sorts before `.wh.NAME` (names starting with a byte below `.`).
   */
  private stackItemsAndMarkers(): void {
    const s = this.store;
    const after: number[] = [];
    for (let m = 0; m < this.markers.length; m++) {
      const t = this.markers.get(m);
      const name = s.names[t];
      if (`.wh.${name}` < name) this.remove(t);
      else after.push(t);
    }
    this.stackItems();
    for (const t of after) this.remove(t);
  }

  figures(layerSizes: readonly number[]): DiveFigures {
    const s = this.store;
    const sizeBytes = layerSizes.reduce((a, b) => a + b, 0);
    const userSizeBytes = sizeBytes - (layerSizes[0] ?? 0);
    const inefficientPaths: InefficientPath[] = [];
    for (let id = 1; id < s.count; id++) {
      if (s.effCount[id] >= 2) {
        inefficientPaths.push({ path: s.pathOf(id), count: s.effCount[id], cumulativeSize: s.effCum[id], minSize: s.effMin[id] });
      }
    }
    inefficientPaths.sort((a, b) => b.cumulativeSize - a.cumulativeSize || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
      efficiency: this.sumCum === 0 ? 1 : this.sumMin / this.sumCum,
      sizeBytes,
      userSizeBytes,
      wastedBytes: this.wasted,
      userWastedPercent: userSizeBytes === 0 ? null : this.wasted / userSizeBytes,
      inefficientPaths,
      abortedLayers: [...this.aborted],
    };
  }
}

/** Go's sort.Strings order on path components (UTF-16 order here; equal for ASCII names). */
function compareKeys(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}
