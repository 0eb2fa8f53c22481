/**
 * The union filesystem: layers applied in order with the OCI image-spec's rules, one event at a
 * time, so a layer never needs to be held whole.
 *
 * - `.wh.NAME` removes NAME from the lower layers only: what this layer itself put at NAME (or
 *   below it) survives, wherever the whiteout sits in the tar.
 * - An opaque whiteout hides everything the lower layers had below its folder; entries of the
 *   same layer survive, so its position in the tar does not matter.
 * - Bare or malformed whiteouts never reach here (the reader reports them); nothing is wiped.
 * - Duplicate entries in one layer: the last wins, and it is reported.
 * - A file replacing a folder (or a folder a file) unlinks the old path and everything below it.
 * - Hardlinks show their target's content: they share the shipped version, so deleting one name
 *   of a hardlinked file frees nothing while another name remains. A hardlink to a lower-layer
 *   file is accepted.
 * - Parents an entry needs but no layer listed are implied as folders (0755, root).
 *
 * Alongside, it keeps what the analyses need: each shipped file version with the layer that
 * shipped it and a count of the paths showing it; a waste record when a version leaves the
 * filesystem for good (deleted, overwritten, or copied up for a metadata change); per-layer
 * diffs; and dive's view of every layer (waste-dive.ts).
 */
import { classifyChange, emptyDiff, type LayerDiff, type PathChange, type PriorState } from './diff.js';
import type { InvalidEntry, LayerEntry, LayerEvent, LayerNotice, Whiteout } from './types.js';
import {
  BLOCK,
  CHAR,
  Float64Column,
  Int16Column,
  Int32Column,
  Uint16Column,
  Uint32Column,
  Uint8Column,
  DIR,
  FIFO,
  FILE,
  HARDLINK,
  IMPLIED,
  Interner,
  NodeStore,
  NONE,
  ROOT,
  SYMLINK,
  typeCode,
} from './union-store.js';
import { DiveModel } from './waste-dive.js';

export const CAUSE_DELETED = 0;
export const CAUSE_OVERWRITTEN = 1;
export const CAUSE_COPY_UP = 2;

/** Which attributes a metadata-only copy-up changed (bits of `WasteLog.detail`). */
export const CHANGED_MODE = 1;
export const CHANGED_OWNER = 2;
export const CHANGED_XATTRS = 4;

/** Something odd but survivable in a layer, reported with the image's facts (never fatal here). */
export interface LayerProblem {
  layer: number;
  path?: string;
  code: string;
  message: string;
  /** `error` for entries that had to be skipped; the command turns these into input errors. */
  severity: 'error' | 'warning' | 'note';
}

export interface LayerApplyResult {
  diff: LayerDiff;
  /** dive's size of the layer: Σ header sizes of its entries. */
  diveSize: number;
  entries: number;
  whiteouts: number;
  opaqueWhiteouts: number;
  /** Recorded only for the layer named in `recordChangesOf` (or every layer with `'all'`). */
  changes?: PathChange[];
}

/** File versions: one per regular file entry shipped in some layer. */
export class VersionTable {
  readonly size = new Float64Column();
  readonly content = new Int32Column();
  readonly layer = new Int16Column();
  readonly refs = new Int32Column();
  readonly node = new Int32Column();
  get length(): number {
    return this.size.length;
  }
}

/** A version that left the filesystem for good: its bytes are reclaimable. */
export class WasteLog {
  readonly version = new Int32Column();
  /** The path where the last name of the version went. */
  readonly node = new Int32Column();
  readonly cause = new Uint8Column();
  /** The layer that removed it. */
  readonly layer = new Int16Column();
  readonly detail = new Uint8Column();
  readonly oldMode = new Uint16Column();
  readonly newMode = new Uint16Column();
  readonly oldUid = new Uint32Column();
  readonly newUid = new Uint32Column();
  readonly oldGid = new Uint32Column();
  readonly newGid = new Uint32Column();
  get length(): number {
    return this.version.length;
  }
}

export interface UnionOptions {
  /** Record the per-path changes of this layer (for `--files --layer N`), or of every layer (`'all'`, for the HTML report). */
  recordChangesOf?: number | 'all';
}

export class UnionFs {
  readonly store = new NodeStore();
  readonly contents = new Interner();
  readonly xattrs = new Interner();
  readonly versions = new VersionTable();
  readonly waste = new WasteLog();
  readonly dive: DiveModel;
  /** Hardlink path -> target path as written. */
  readonly hardlinkTargets = new Map<number, string>();
  readonly problems: LayerProblem[] = [];
  readonly layerResults: LayerApplyResult[] = [];

  private L = -1;
  private L1 = 0;
  private unknownContent = 0;
  private current: LayerApplyResult | null = null;
  // Pre-layer state of each path the layer touches.
  private readonly tNode = new Int32Column();
  private readonly tType = new Uint8Column();
  private readonly tContent = new Int32Column();
  private readonly tXattr = new Int32Column();
  private readonly tMode = new Uint16Column();
  private readonly tUid = new Uint32Column();
  private readonly tGid = new Uint32Column();
  private readonly tSize = new Float64Column();

  constructor(private readonly options: UnionOptions = {}) {
    this.dive = new DiveModel(this.store);
  }

  get layerCount(): number {
    return this.layerResults.length;
  }

  /** Applies the next layer (layers must come base first, each once). */
  applyLayer(events: Iterable<LayerEvent>): LayerApplyResult {
    this.beginLayer();
    for (const e of events) this.apply(e);
    return this.endLayer();
  }

  beginLayer(): void {
    this.L = this.layerResults.length;
    this.L1 = this.L + 1;
    this.tNode.length = 0;
    this.tType.length = 0;
    this.tContent.length = 0;
    this.tXattr.length = 0;
    this.tMode.length = 0;
    this.tUid.length = 0;
    this.tGid.length = 0;
    this.tSize.length = 0;
    this.current = { diff: emptyDiff(), diveSize: 0, entries: 0, whiteouts: 0, opaqueWhiteouts: 0 };
    this.dive.beginLayer(this.L);
  }

  apply(e: LayerEvent): void {
    switch (e.kind) {
      case 'whiteout':
      case 'opaque':
        this.applyWhiteout(e as Whiteout);
        return;
      case 'invalid':
        this.invalid(e as InvalidEntry);
        return;
      case 'notice':
        this.notice(e as LayerNotice);
        return;
      default:
        this.applyEntry(e as LayerEntry);
    }
  }

  endLayer(): LayerApplyResult {
    const result = this.current!;
    const s = this.store;
    const record = this.options.recordChangesOf;
    const changes: PathChange[] | undefined = record === this.L || record === 'all' ? [] : undefined;
    const prior: PriorState = { type: 0, content: 0, xattr: 0, mode: 0, uid: 0, gid: 0, size: 0 };
    for (let k = 0; k < this.tNode.length; k++) {
      const id = this.tNode.get(k);
      prior.type = this.tType.get(k);
      prior.content = this.tContent.get(k);
      prior.xattr = this.tXattr.get(k);
      prior.mode = this.tMode.get(k);
      prior.uid = this.tUid.get(k);
      prior.gid = this.tGid.get(k);
      prior.size = this.tSize.get(k);
      classifyChange(s, id, prior, s.entryStamp[id] === this.L1, result.diff, changes);
    }
    if (changes) result.changes = changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.dive.endLayer();
    this.layerResults.push(result);
    this.current = null;
    return result;
  }

  private problem(code: string, message: string, path: string | undefined, severity: LayerProblem['severity']): void {
    this.problems.push({ layer: this.L, path, code, message, severity });
  }

  private invalid(e: InvalidEntry): void {
    this.problem(e.reason, e.message, e.path ?? e.name, e.kept ? 'warning' : 'error');
  }

  private notice(e: LayerNotice): void {
    // Duplicates are found (and reported once) by the tree itself; cross-layer hardlinks are handled.
    if (e.code === 'aufs-meta') this.problem(e.code, e.message, e.path, 'note');
  }

  /** Saves the pre-layer state of a path the first time this layer touches it. */
  private touch(id: number): void {
    const s = this.store;
    if (s.touchStamp[id] === this.L1) return;
    s.touchStamp[id] = this.L1;
    this.tNode.push(id);
    this.tType.push(s.type[id]);
    this.tContent.push(s.content[id]);
    this.tXattr.push(s.xattr[id]);
    this.tMode.push(s.mode[id]);
    this.tUid.push(s.uid[id]);
    this.tGid.push(s.gid[id]);
    this.tSize.push(s.size[id]);
  }

  private applyEntry(e: LayerEntry): void {
    const s = this.store;
    const r = this.current!;
    r.entries++;
    r.diveSize += e.size;
    const path: string = e.path;
    if (path === '/' || path === '') {
      if (e.type === 'dir') {
        s.mode[ROOT] = e.mode & 0o7777;
        s.uid[ROOT] = e.uid;
        s.gid[ROOT] = e.gid;
      }
      return;
    }
    // dive never follows symlinks: its tree is keyed by the path as written.
    this.dive.entry(s.ensure(e.path), e.size, e.type === 'dir');
    const id = this.resolved(e.path);
    if (s.entryStamp[id] === this.L1) {
      this.problem('duplicate-entry', `${e.path} is listed more than once in this layer; the last entry wins`, e.path, 'note');
    }
    s.entryStamp[id] = this.L1;
    this.ensureParents(id);
    const t = typeCode(e.type);
    const cur = s.type[id];
    this.touch(id);
    if (cur !== NONE) {
      if (cur === DIR && t === DIR) {
        this.setAttributes(id, e);
        s.flags[id] = 0;
        s.layer[id] = this.L;
        return;
      }
      if (cur === DIR) this.removeChildren(id, CAUSE_DELETED, false);
      else this.supersede(id, e, t);
    }
    this.create(id, e, t);
  }

  /** The version at `id` gives way to entry `e`: a copy-up when the content is the same. */
  private supersede(id: number, e: LayerEntry, t: number): void {
    const s = this.store;
    if (s.version[id] < 0) return;
    let cause = CAUSE_OVERWRITTEN;
    let detail = 0;
    const newContent = t === FILE ? this.fileContent(e) : t === HARDLINK ? this.hardlinkContent(e) : -2;
    if ((t === FILE || t === HARDLINK) && newContent === s.content[id]) {
      cause = CAUSE_COPY_UP;
      if ((e.mode & 0o7777) !== s.mode[id]) detail |= 1;
      if (e.uid !== s.uid[id] || e.gid !== s.gid[id]) detail |= 2;
      if (this.xattrId(e) !== s.xattr[id]) detail |= 4;
    } else if (t !== FILE && t !== HARDLINK) {
      cause = CAUSE_DELETED;
    }
    this.release(id, cause, detail, e);
  }

  private create(id: number, e: LayerEntry, t: number): void {
    const s = this.store;
    s.type[id] = t;
    s.flags[id] = 0;
    s.layer[id] = this.L;
    s.version[id] = -1;
    s.size[id] = 0;
    s.content[id] = -1;
    this.setAttributes(id, e);
    this.hardlinkTargets.delete(id);
    switch (t) {
      case FILE: {
        const c = this.fileContent(e);
        s.content[id] = c;
        s.size[id] = e.size;
        s.version[id] = this.newVersion(e.size, c, id);
        break;
      }
      case HARDLINK:
        this.link(id, e);
        break;
      case SYMLINK:
        s.content[id] = this.contents.id(`l:${e.linkname ?? ''}`);
        break;
      case CHAR:
      case BLOCK:
        s.content[id] = this.contents.id(`d:${t}:${e.devmajor ?? 0},${e.devminor ?? 0}`);
        break;
      case FIFO:
        s.content[id] = this.contents.id('p:');
        break;
      default:
        break;
    }
  }

  private link(id: number, e: LayerEntry): void {
    const s = this.store;
    const target = e.linkname ?? '';
    this.hardlinkTargets.set(id, target);
    let tid = s.get(target);
    if (tid === undefined || s.type[tid] === NONE) tid = s.get(this.followParents(target));
    if (tid === undefined || s.type[tid] === NONE || tid === id) {
      this.problem('hardlink-target-missing', `hardlink ${e.path} points to ${target}, which no layer up to this one has`, e.path, 'warning');
      s.content[id] = this.contents.id(`u:${this.unknownContent++}`);
      return;
    }
    s.content[id] = s.content[tid];
    s.size[id] = s.size[tid];
    const v = s.version[tid];
    if (v >= 0) {
      s.version[id] = v;
      this.versions.refs.set(v, this.versions.refs.get(v) + 1);
    }
  }

  private hardlinkContent(e: LayerEntry): number {
    const tid = this.store.get(e.linkname ?? '');
    return tid === undefined ? -3 : this.store.content[tid];
  }

  private setAttributes(id: number, e: LayerEntry): void {
    const s = this.store;
    s.mode[id] = e.mode & 0o7777;
    s.uid[id] = e.uid;
    s.gid[id] = e.gid;
    s.xattr[id] = this.xattrId(e);
  }

  private xattrId(e: LayerEntry): number {
    if (!e.xattrs) return -1;
    const keys = Object.keys(e.xattrs);
    if (keys.length === 0) return -1;
    keys.sort();
    return this.xattrs.id(keys.map((k) => `${k}=${e.xattrs![k]}`).join('\n'));
  }

  private fileContent(e: LayerEntry): number {
    // Without a hash the content is unknown: never equal to anything, so never a copy-up or duplicate.
    // Hashes are bare hex; other contents carry a prefix (`l:`, `d:`, `u:`), so none collide.
    return e.contentHash ? this.contents.id(e.contentHash) : this.contents.id(`u:${this.unknownContent++}`);
  }

  private newVersion(size: number, content: number, node: number): number {
    const v = this.versions;
    v.size.push(size);
    v.content.push(content);
    v.layer.push(this.L);
    v.refs.push(1);
    return v.node.push(node);
  }

  /** Drops the path's reference to its version; the last reference leaving makes it waste. */
  private release(id: number, cause: number, detail: number, e?: LayerEntry): void {
    const s = this.store;
    const v = s.version[id];
    s.version[id] = -1;
    if (v < 0) return;
    const refs = this.versions.refs.get(v) - 1;
    this.versions.refs.set(v, refs);
    if (refs > 0) return;
    const w = this.waste;
    w.version.push(v);
    w.node.push(id);
    w.cause.push(cause);
    w.layer.push(this.L);
    w.detail.push(detail);
    w.oldMode.push(s.mode[id]);
    w.newMode.push(e ? e.mode & 0o7777 : 0);
    w.oldUid.push(s.uid[id]);
    w.newUid.push(e ? e.uid : 0);
    w.oldGid.push(s.gid[id]);
    w.newGid.push(e ? e.gid : 0);
  }

  /**
   * The row for `path` in the union: the path itself, unless one of its folders is a symlink
   * (merged-usr's `/lib -> usr/lib`), which is followed within the root as containerd's apply
   * does, so `lib/x` written in a layer lands at `/usr/lib/x`.
   */
  private resolved(path: string): number {
    const s = this.store;
    const id = s.ensure(path);
    const p = s.parent[id];
    if (p === ROOT || s.type[p] === DIR) return id;
    const target = this.followParents(path);
    return target === path ? id : s.ensure(target);
  }

  private followParents(path: string): string {
    const s = this.store;
    let parts = path.split('/').filter(Boolean);
    let hops = 0;
    let i = 0;
    while (i < parts.length - 1) {
      const prefix = `/${parts.slice(0, i + 1).join('/')}`;
      const id = s.get(prefix);
      if (id === undefined || s.type[id] !== SYMLINK) {
        if (id !== undefined && s.type[id] === DIR) {
          i++;
          continue;
        }
        // Missing: the rest is implied there (as MkdirAll through a dangling link). A file:
        // not a folder to follow into; the path as written replaces what blocks it.
        return id === undefined || s.type[id] === NONE ? `/${parts.join('/')}` : path;
      }
      // A symlink loop (or a very long chain) is left alone: the folder is then replaced.
      if (++hops > 40) return path;
      const target = this.contents.values[s.content[id]].slice(2);
      const base = target.startsWith('/') ? [] : parts.slice(0, i);
      parts = [...normalize([...base, ...target.split('/')]), ...parts.slice(i + 1)];
      i = 0;
    }
    return `/${parts.join('/')}`;
  }

  /** Makes every missing or non-folder ancestor of `id` a folder (implied by the entry). */
  private ensureParents(id: number): void {
    const s = this.store;
    const chain: number[] = [];
    for (let p = s.parent[id]; p !== ROOT && s.type[p] !== DIR; p = s.parent[p]) chain.push(p);
    for (let i = chain.length - 1; i >= 0; i--) {
      const p = chain[i];
      this.touch(p);
      if (s.type[p] !== NONE) {
        this.problem(
          'file-replaced-by-folder',
          `${s.pathOf(id)} needs ${s.pathOf(p)} to be a folder, but it is a ${s.type[p] === SYMLINK ? 'symlink' : 'file'} from layer ${s.layer[p]}: replaced`,
          s.pathOf(p),
          'warning',
        );
        this.release(p, CAUSE_DELETED, 0);
      }
      this.makeImpliedDir(p);
    }
  }

  private makeImpliedDir(p: number): void {
    const s = this.store;
    s.type[p] = DIR;
    s.flags[p] = IMPLIED;
    s.mode[p] = 0o755;
    s.uid[p] = 0;
    s.gid[p] = 0;
    s.xattr[p] = -1;
    s.content[p] = -1;
    s.size[p] = 0;
    s.version[p] = -1;
    s.layer[p] = this.L;
    this.hardlinkTargets.delete(p);
  }

  private applyWhiteout(w: Whiteout): void {
    const s = this.store;
    const r = this.current!;
    if (w.kind === 'opaque') {
      r.opaqueWhiteouts++;
      this.dive.opaque(s.ensure(w.path));
      const id = this.resolved(w.path);
      if (s.type[id] === DIR) this.removeChildren(id, CAUSE_DELETED, true);
      return;
    }
    r.whiteouts++;
    if (w.path === '/' || w.path === '') return;
    this.dive.whiteout(s.ensure(w.path));
    const id = this.resolved(w.path);
    if (s.type[id] === NONE) return;
    this.removeTree(id, CAUSE_DELETED, true);
  }

  private removeChildren(id: number, cause: number, keepSameLayer: boolean): boolean {
    const s = this.store;
    let survivors = false;
    for (let c = s.firstChild[id]; c !== -1; c = s.nextSibling[c]) {
      if (s.type[c] !== NONE && this.removeTree(c, cause, keepSameLayer)) survivors = true;
    }
    return survivors;
  }

  /**
   * Removes a path and everything below it. With `keepSameLayer` (whiteouts), what this layer's
   * own entries put there stays, and a folder above them stays as an implied folder.
   */
  private removeTree(id: number, cause: number, keepSameLayer: boolean): boolean {
    const s = this.store;
    const survivors = s.type[id] === DIR ? this.removeChildren(id, cause, keepSameLayer) : false;
    if (keepSameLayer && s.entryStamp[id] === this.L1) return true;
    this.touch(id);
    if (survivors) {
      this.makeImpliedDir(id);
      return true;
    }
    this.release(id, cause, 0);
    s.type[id] = NONE;
    this.hardlinkTargets.delete(id);
    return false;
  }

  /** dive's per-layer size, for each layer applied so far. */
  diveLayerSizes(): number[] {
    return this.layerResults.map((r) => r.diveSize);
  }
}

/** Cleans path components: `.` and empty ones dropped, `..` climbs but never above the root. */
function normalize(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out;
}
