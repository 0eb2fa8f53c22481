/**
 * A read-only view of an analysed image's final filesystem, for rules that look at files
 * (filesystem rules: setuid bits, secrets, credentials): what is at a path now, which layer put
 * it there, and every path present. Backed by the union's node table; nothing is copied.
 */
import type { UnionFs } from './union.js';
import { FILE, HARDLINK, NONE, SYMLINK, TYPE_NAMES, type NodeTypeName } from './union-store.js';

export interface FinalEntry {
  path: string;
  type: NodeTypeName;
  /** Content bytes (a hardlink shows its target's). */
  size: number;
  /** Permission bits with setuid/setgid/sticky (`0o4755`). */
  mode: number;
  uid: number;
  gid: number;
  /** The layer whose entry put this version here (or implied the folder). */
  layer: number;
  /** Symlink target as written, or a hardlink's target path. */
  linkTarget?: string;
  /** Content hash (sha256 hex) of a file or hardlink, when the reader computed it. */
  contentHash?: string;
  /** Extended attributes as `name=base64` lines, when any. */
  xattrs?: string;
}

export class FinalFilesystem {
  constructor(private readonly union: UnionFs) {}

  /** What is at `path` (absolute, cleaned) in the final filesystem, or undefined. */
  stat(path: string): FinalEntry | undefined {
    const id = this.union.store.get(path);
    if (id === undefined || this.union.store.type[id] === NONE) return undefined;
    return this.entry(id, path);
  }

  has(path: string): boolean {
    const id = this.union.store.get(path);
    return id !== undefined && this.union.store.type[id] !== NONE;
  }

  /** Every path present, folders included, in no particular order. */
  *entries(): Generator<FinalEntry> {
    const s = this.union.store;
    for (let id = 1; id < s.count; id++) if (s.type[id] !== NONE) yield this.entry(id, s.pathOf(id));
  }

  get size(): number {
    let n = 0;
    const s = this.union.store;
    for (let id = 1; id < s.count; id++) if (s.type[id] !== NONE) n++;
    return n;
  }

  private entry(id: number, path: string): FinalEntry {
    const u = this.union;
    const s = u.store;
    const type = s.type[id];
    const e: FinalEntry = { path, type: TYPE_NAMES[type], size: s.size[id], mode: s.mode[id], uid: s.uid[id], gid: s.gid[id], layer: s.layer[id] };
    if (type === HARDLINK) e.linkTarget = u.hardlinkTargets.get(id);
    else if (type === SYMLINK) e.linkTarget = u.contents.values[s.content[id]]?.slice(2);
    if ((type === FILE || type === HARDLINK) && s.content[id] >= 0) {
      const c = u.contents.values[s.content[id]];
      if (c && /^[0-9a-f]{64}$/.test(c)) e.contentHash = c;
    }
    if (s.xattr[id] >= 0) e.xattrs = u.xattrs.values[s.xattr[id]];
    return e;
  }
}
