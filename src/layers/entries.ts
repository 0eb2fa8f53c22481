/**
 * Turns raw tar headers into the layer model: cleaned absolute paths, whiteouts told apart,
 * hostile names refused, cross-layer hardlinks and duplicates noticed. One instance per layer.
 */
import type { TarHeader } from './tar.js';
import type { EntryType, InvalidEntry, LayerEntry, LayerEvent, LayerNotice, Whiteout } from './types.js';

export type CleanResult = { path: string; dotDot?: undefined } | { path?: undefined; dotDot: true };

/** `./a//b/`, `a/b` and `/a/b` are all `/a/b`; `.`, `./` and `/` are `/`. A `..` component is refused. */
export function cleanPath(name: string): CleanResult {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { dotDot: true };
    parts.push(part);
  }
  return { path: `/${parts.join('/')}` };
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

const TYPES: Record<string, EntryType> = {
  '0': 'file',
  S: 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  D: 'dir', // GNU dumpdir: a folder with a listing as content
  '6': 'fifo',
};

const OPAQUE = '.wh..wh..opq';
const WH = '.wh.';
const AUFS_META = '.wh..wh.';

/** The outcome for one header: events to deliver in order, and the file entry whose content follows. */
export interface Classified {
  events: LayerEvent[];
  /** Set for regular files: the reader fills `contentHash` (and probe hits) as the bytes stream. */
  file?: LayerEntry;
}

export class EntryClassifier {
  /** Path → type of entries seen in this layer: duplicates, and hardlink targets. */
  private readonly seen = new Map<string, EntryType>();
  readonly duplicates: string[] = [];

  classify(h: TarHeader): Classified {
    const name = h.name;
    const type = TYPES[h.typeflag];
    if (name === '') return one(invalid('empty-name', name, undefined, 'tar entry with an empty name', false));
    const cleaned = cleanPath(name);
    if (cleaned.dotDot) {
      return one(invalid('dot-dot', name, undefined, `entry name "${name}" has a ".." component (refused)`, false));
    }
    const path = cleaned.path;
    const parts = path === '/' ? [] : path.slice(1).split('/');
    const base = parts.length ? parts[parts.length - 1]! : '';

    // AUFS bookkeeping (`.wh..wh.plnk/…`, `.wh..wh.aufs`, `.wh..wh.orph`): skipped, as moby does.
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.startsWith(AUFS_META) && !(i === parts.length - 1 && p === OPAQUE)) {
        return one(notice('aufs-meta', path, `AUFS metadata entry ${path} skipped`));
      }
      if (i < parts.length - 1 && p.startsWith(WH)) {
        return one(invalid('bad-whiteout', name, path, `entry ${path} lies inside a whiteout-named folder`, false));
      }
    }
    if (base.startsWith(WH)) {
      const dir = parentOf(path);
      if (base === OPAQUE) return one<Whiteout>({ kind: 'opaque', path: dir });
      if (base === WH) {
        return one(
          invalid('bare-whiteout', name, path, `bare whiteout "${name}" names nothing to delete (ignored; the folder is kept)`, false),
        );
      }
      const target = base.slice(WH.length);
      if (target === '.' || target === '..') {
        return one(invalid('bad-whiteout', name, path, `whiteout "${name}" names "${target}" (ignored)`, false));
      }
      return one<Whiteout>({ kind: 'whiteout', path: dir === '/' ? `/${target}` : `${dir}/${target}` });
    }

    if (!type) {
      return one(
        invalid('unknown-type', name, path, `entry ${path} has tar type "${printable(h.typeflag)}", which is not a file type (skipped)`, false),
      );
    }
    if (path === '/' && type !== 'dir') {
      return one(invalid('root-not-directory', name, path, `entry "${name}" makes the root a ${type} (refused)`, false));
    }

    const events: LayerEvent[] = [];
    const entry: LayerEntry = {
      kind: 'entry',
      path,
      type,
      size: type === 'file' ? (h.sparse && h.realSize !== undefined ? h.realSize : h.size) : 0,
      mode: h.mode & 0o7777,
      uid: h.uid,
      gid: h.gid,
      mtime: h.mtime,
    };
    if (h.sparse) entry.sparse = true;
    if (type === 'char' || type === 'block') {
      entry.devmajor = h.devmajor;
      entry.devminor = h.devminor;
    }
    if (h.xattrs) {
      entry.xattrs = {};
      for (const [k, v] of Object.entries(h.xattrs)) entry.xattrs[k] = v.toString('base64');
    }
    if (type === 'symlink') {
      entry.linkname = h.linkname;
      if (symlinkClimbsAboveRoot(path, h.linkname)) {
        events.push(
          invalid(
            'symlink-escapes-root',
            name,
            path,
            `symlink ${path} -> ${h.linkname} climbs above the image root (kept; never followed)`,
            true,
            h.linkname,
          ),
        );
      }
    } else if (type === 'hardlink') {
      const target = h.linkname === '' ? { dotDot: true as const } : cleanPath(h.linkname);
      if (target.dotDot || target.path === '/') {
        return one(
          invalid('hardlink-escapes', name, path, `hardlink ${path} -> "${h.linkname}" points outside the layer root (refused)`, false, h.linkname),
        );
      }
      entry.linkname = target.path;
      const targetType = this.seen.get(target.path);
      if (targetType === 'dir') {
        return one(invalid('hardlink-escapes', name, path, `hardlink ${path} -> ${target.path} points at a folder (refused)`, false, target.path));
      }
      if (targetType === undefined) {
        events.push(
          notice('hardlink-to-lower-layer', path, `hardlink ${path} -> ${target.path}: the target is not earlier in this layer`, target.path),
        );
      }
    }
    const before = this.seen.get(path);
    if (before !== undefined) {
      this.duplicates.push(path);
      events.push(notice('duplicate-entry', path, `${path} occurs more than once in this layer; the last one wins`));
    }
    this.seen.set(path, type);
    events.push(entry);
    return type === 'file' ? { events, file: entry } : { events };
  }
}

/** Resolves a relative target lexically from the link's folder; absolute targets stay inside `/`. */
export function symlinkClimbsAboveRoot(path: string, target: string): boolean {
  if (target.startsWith('/')) return false;
  let depth = parentOf(path) === '/' ? 0 : parentOf(path).slice(1).split('/').length;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      depth--;
      if (depth < 0) return true;
    } else depth++;
  }
  return false;
}

function one<T extends LayerEvent>(e: T): Classified {
  return { events: [e] };
}

function invalid(
  reason: InvalidEntry['reason'],
  name: string,
  path: string | undefined,
  message: string,
  kept: boolean,
  linkname?: string,
): InvalidEntry {
  const e: InvalidEntry = { kind: 'invalid', reason, name, message, kept };
  if (path !== undefined) e.path = path;
  if (linkname !== undefined) e.linkname = linkname;
  return e;
}

function notice(code: LayerNotice['code'], path: string, message: string, linkname?: string): LayerNotice {
  const n: LayerNotice = { kind: 'notice', code, path, message };
  if (linkname !== undefined) n.linkname = linkname;
  return n;
}

function printable(c: string): string {
  return /^[\x21-\x7e]$/.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
