/**
 * The compact node table behind the union filesystem: one row per path ever seen in any layer,
 * stored column-wise in typed arrays, so memory grows with the number of paths (about 100 bytes
 * each) and never with file bytes. Rows are never freed: a deleted path keeps its row (its type
 * becomes NONE), which keeps ids stable for the dive figures and the waste records.
 */

export const NONE = 0;
export const FILE = 1;
export const DIR = 2;
export const SYMLINK = 3;
export const HARDLINK = 4;
export const CHAR = 5;
export const BLOCK = 6;
export const FIFO = 7;

export const TYPE_NAMES = ['none', 'file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo'] as const;
export type NodeTypeName = (typeof TYPE_NAMES)[number];

export function typeCode(name: string): number {
  const i = (TYPE_NAMES as readonly string[]).indexOf(name);
  return i > 0 ? i : FILE;
}

/** Node flag: a folder the layer never listed (implied by an entry below it). */
export const IMPLIED = 1;

/** dive's view of a path (dive stacks layers its own way: see waste-dive.ts). */
export const DIVE_PRESENT = 1;
export const DIVE_IS_DIR = 2;

export const ROOT = 0;

export class NodeStore {
  capacity = 0;
  count = 0;
  /** Path -> row; paths are absolute and cleaned (`/`, `/a/b`). */
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  parent = new Int32Array(0);
  firstChild = new Int32Array(0);
  nextSibling = new Int32Array(0);

  // The union filesystem (OCI rules): the current state of each path.
  type = new Uint8Array(0);
  flags = new Uint8Array(0);
  mode = new Uint16Array(0);
  uid = new Uint32Array(0);
  gid = new Uint32Array(0);
  /** Content bytes; for a hardlink, its target's content bytes. */
  size = new Float64Array(0);
  /** Interned content id (file hash, symlink target, device numbers); -1 for none. */
  content = new Int32Array(0);
  /** Interned xattr set; -1 for none. */
  xattr = new Int32Array(0);
  /** The shipped file version this path shows (files and hardlinks); -1 for none. */
  version = new Int32Array(0);
  /** The layer whose entry set this path (or implied it). */
  layer = new Int16Array(0);
  /** layer + 1 of the last explicit entry for this path. */
  entryStamp = new Int16Array(0);
  /** layer + 1 when the pre-layer state of this path was saved for the diff. */
  touchStamp = new Int16Array(0);

  // dive's view (see waste-dive.ts).
  diveFlags = new Uint8Array(0);
  diveSize = new Float64Array(0);
  /** layer + 1 when the path is a node of that layer's own tree (as dive builds it). */
  diveStamp = new Int16Array(0);
  /** layer + 1 when the path has a child in that layer's own tree. */
  diveChild = new Int16Array(0);
  diveItem = new Int32Array(0);
  effCum = new Float64Array(0);
  effMin = new Float64Array(0);
  effCount = new Uint16Array(0);

  constructor(initial = 1024) {
    this.grow(initial);
    this.names.push('');
    this.count = 1;
    this.parent[ROOT] = -1;
    this.firstChild[ROOT] = -1;
    this.nextSibling[ROOT] = -1;
    this.type[ROOT] = DIR;
    this.mode[ROOT] = 0o755;
    this.content[ROOT] = -1;
    this.xattr[ROOT] = -1;
    this.version[ROOT] = -1;
    this.layer[ROOT] = -1;
    this.diveFlags[ROOT] = DIVE_PRESENT | DIVE_IS_DIR;
    this.ids.set('/', ROOT);
  }

  private grow(min: number): void {
    let cap = Math.max(1024, this.capacity);
    while (cap < min) cap *= 2;
    if (cap === this.capacity) return;
    const g = <T extends Int32Array | Uint8Array | Uint16Array | Uint32Array | Float64Array | Int16Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      if (fill !== undefined) b.fill(fill, a.length);
      return b;
    };
    this.parent = g(this.parent);
    this.firstChild = g(this.firstChild);
    this.nextSibling = g(this.nextSibling);
    this.type = g(this.type);
    this.flags = g(this.flags);
    this.mode = g(this.mode);
    this.uid = g(this.uid);
    this.gid = g(this.gid);
    this.size = g(this.size);
    this.content = g(this.content, -1);
    this.xattr = g(this.xattr, -1);
    this.version = g(this.version, -1);
    this.layer = g(this.layer);
    this.entryStamp = g(this.entryStamp);
    this.touchStamp = g(this.touchStamp);
    this.diveFlags = g(this.diveFlags);
    this.diveSize = g(this.diveSize);
    this.diveStamp = g(this.diveStamp);
    this.diveChild = g(this.diveChild);
    this.diveItem = g(this.diveItem);
    this.effCum = g(this.effCum);
    this.effMin = g(this.effMin);
    this.effCount = g(this.effCount);
    this.capacity = cap;
  }

  /** The row of a path, created (with its missing parents) when new. Rows start absent. */
  ensure(path: string): number {
    const known = this.ids.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const parentId = slash <= 0 ? ROOT : this.ensure(path.slice(0, slash));
    if (this.count >= this.capacity) this.grow(this.count + 1);
    const id = this.count++;
    this.names.push(path.slice(slash + 1));
    this.parent[id] = parentId;
    this.firstChild[id] = -1;
    this.nextSibling[id] = this.firstChild[parentId];
    this.firstChild[parentId] = id;
    this.ids.set(path, id);
    return id;
  }

  get(path: string): number | undefined {
    return this.ids.get(path);
  }

  pathOf(id: number): string {
    if (id === ROOT) return '/';
    const parts: string[] = [];
    for (let n = id; n > ROOT; n = this.parent[n]) parts.push(this.names[n]);
    return `/${parts.reverse().join('/')}`;
  }

  /** Present children (union view), in no particular order. */
  *children(id: number): Generator<number> {
    for (let c = this.firstChild[id]; c !== -1; c = this.nextSibling[c]) if (this.type[c] !== NONE) yield c;
  }

  isAncestor(ancestor: number, id: number): boolean {
    for (let n = this.parent[id]; n !== -1; n = this.parent[n]) if (n === ancestor) return true;
    return false;
  }

  /** Approximate bytes held, for the benchmark's memory notes. */
  approximateBytes(): number {
    return this.capacity * 100 + this.count * 90;
  }
}

/** Interns strings (content hashes, link targets, xattr sets) to small integers. */
export class Interner {
  private readonly map = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.map.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.map.set(value, id);
    }
    return id;
  }
}

export interface Column {
  length: number;
  push(v: number): number;
  get(i: number): number;
  set(i: number, v: number): void;
}

/*
 * Growable columns of numbers, one class written out per typed-array kind: each keeps its own
 * monomorphic element access. (A generic class, or classes made by one factory, share their
 * call-site feedback and run several times slower on the per-entry path.)
 */
export class Int32Column implements Column {
  length = 0;
  data = new Int32Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Int32Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class Int16Column implements Column {
  length = 0;
  data = new Int16Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Int16Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class Uint8Column implements Column {
  length = 0;
  data = new Uint8Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Uint8Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class Uint16Column implements Column {
  length = 0;
  data = new Uint16Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Uint16Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class Uint32Column implements Column {
  length = 0;
  data = new Uint32Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Uint32Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

export class Float64Column implements Column {
  length = 0;
  data = new Float64Array(256);
  push(v: number): number {
    if (this.length >= this.data.length) {
      const b = new Float64Array(this.data.length * 2);
      b.set(this.data);
      this.data = b;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i];
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

