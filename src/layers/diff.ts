/**
 * Per-layer diffs: what a layer Added, Changed and Deleted compared with the layers below it,
 * as `docker diff` would show it, with Changed split by the content hash into content changes
 * and metadata-only changes (mode, owner, xattrs, or a re-shipped identical file).
 *
 * Counts are of paths (files, folders, links, devices). A folder that a layer merely lists again
 * with the same mode and owner is not a change. Bytes are content bytes: of the new version for
 * Added and Changed, of the removed version for Deleted; links, folders and devices have none.
 */
import { DIR, FILE, HARDLINK, NONE, TYPE_NAMES, type NodeStore, type NodeTypeName } from './union-store.js';

export interface ChangeCount {
  count: number;
  bytes: number;
}

export interface LayerDiff {
  added: ChangeCount;
  changed: ChangeCount & { content: ChangeCount; metadata: ChangeCount };
  deleted: ChangeCount;
}

export type ChangeMark = 'A' | 'C' | 'D';

/** One path a layer changed (recorded for one layer on request, for `--files --layer N`). */
export interface PathChange {
  path: string;
  mark: ChangeMark;
  /** Changed without a content change: which attributes changed (`mode`, `owner`, `xattrs`, `timestamps`). */
  metadataOnly?: string[];
  type: NodeTypeName;
  /** Content bytes (new for A/C, removed for D). */
  size: number;
}

export function emptyDiff(): LayerDiff {
  return {
    added: { count: 0, bytes: 0 },
    changed: { count: 0, bytes: 0, content: { count: 0, bytes: 0 }, metadata: { count: 0, bytes: 0 } },
    deleted: { count: 0, bytes: 0 },
  };
}

/** The state of a path before the layer, saved the first time the layer touches it. */
export interface PriorState {
  type: number;
  content: number;
  xattr: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

/** Bytes a version of this type ships in the tar (hardlinks ship none). */
function shippedBytes(type: number, size: number): number {
  return type === FILE ? size : 0;
}

/**
 * Classifies one touched path by comparing its saved prior state with its state now, and adds it
 * to `diff`. `reshipped` is true when the layer has its own entry for the path.
 */
export function classifyChange(
  store: NodeStore,
  id: number,
  prior: PriorState,
  reshipped: boolean,
  diff: LayerDiff,
  changes?: PathChange[],
): void {
  const now = store.type[id];
  if (prior.type === NONE && now === NONE) return;
  let mark: ChangeMark;
  let metadataOnly: string[] | undefined;
  let bytes: number;
  if (prior.type === NONE) {
    mark = 'A';
    bytes = shippedBytes(now, store.size[id]);
    diff.added.count++;
    diff.added.bytes += bytes;
  } else if (now === NONE) {
    mark = 'D';
    bytes = shippedBytes(prior.type, prior.size);
    diff.deleted.count++;
    diff.deleted.bytes += bytes;
  } else {
    const attrs = attributeChanges(store, id, prior);
    const sameContent = prior.type === now && (now === DIR || (store.content[id] === prior.content && store.size[id] === prior.size));
    if (now === DIR && prior.type === DIR && attrs.length === 0) return;
    if (sameContent && attrs.length === 0 && !reshipped) return;
    mark = 'C';
    bytes = shippedBytes(now, store.size[id]);
    diff.changed.count++;
    diff.changed.bytes += bytes;
    if (sameContent) {
      metadataOnly = attrs.length > 0 ? attrs : ['timestamps'];
      diff.changed.metadata.count++;
      diff.changed.metadata.bytes += bytes;
    } else {
      diff.changed.content.count++;
      diff.changed.content.bytes += bytes;
    }
  }
  if (changes) {
    const type = now === NONE ? prior.type : now;
    changes.push({ path: store.pathOf(id), mark, metadataOnly, type: TYPE_NAMES[type], size: type === HARDLINK ? 0 : bytes });
  }
}

function attributeChanges(store: NodeStore, id: number, prior: PriorState): string[] {
  const out: string[] = [];
  if (store.mode[id] !== prior.mode) out.push('mode');
  if (store.uid[id] !== prior.uid || store.gid[id] !== prior.gid) out.push('owner');
  if (store.xattr[id] !== prior.xattr) out.push('xattrs');
  return out;
}

export function addDiff(into: LayerDiff, d: LayerDiff): void {
  into.added.count += d.added.count;
  into.added.bytes += d.added.bytes;
  into.deleted.count += d.deleted.count;
  into.deleted.bytes += d.deleted.bytes;
  into.changed.count += d.changed.count;
  into.changed.bytes += d.changed.bytes;
  into.changed.content.count += d.changed.content.count;
  into.changed.content.bytes += d.changed.content.bytes;
  into.changed.metadata.count += d.changed.metadata.count;
  into.changed.metadata.bytes += d.changed.metadata.bytes;
}
