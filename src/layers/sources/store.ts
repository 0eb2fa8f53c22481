/**
 * Where a local image's files live: members of an archive (indexed once, read by byte range,
 * never extracted) or files in a layout folder. Both refuse links that leave the image.
 */
import { createReadStream } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { PlimsollInputError } from '../../rules/finding.js';
import { cString, decodeHeader, isZero, pad, parsePax, TarFormatError } from '../tar.js';

export interface StoredFile {
  /** The name asked for, after links were followed. */
  name: string;
  size: number;
  /** The bytes on disk: `file` from `start`, `size` long. */
  range: { file: string; start: number; size: number };
}

export interface FileStore {
  /** The archive or folder, for messages. */
  readonly location: string;
  /** Looks a file up (following links inside the image); undefined when missing. */
  get(name: string): Promise<StoredFile | undefined>;
  /** Names of regular files, for format detection and messages. */
  names(): Promise<string[]>;
}

export function openStored(f: StoredFile): Readable {
  if (f.size === 0) return createReadStream(f.range.file, { start: 0, end: -1 });
  return createReadStream(f.range.file, {
    start: f.range.start,
    end: f.range.start + f.size - 1,
    highWaterMark: 1 << 20,
  });
}

export async function readStored(f: StoredFile, limit: number, what: string, source: string): Promise<Buffer> {
  if (f.size > limit) {
    throw new PlimsollInputError({ source, path: f.name, message: `${what} is ${f.size} bytes, more than the ${limit}-byte limit` });
  }
  const fh = await open(f.range.file, 'r');
  try {
    const buf = Buffer.alloc(f.size);
    let got = 0;
    while (got < f.size) {
      const { bytesRead } = await fh.read(buf, got, f.size - got, f.range.start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got < f.size) {
      throw new PlimsollInputError({ source, path: f.name, message: `${what} is truncated (${got} of ${f.size} bytes)` });
    }
    return buf;
  } finally {
    await fh.close();
  }
}

interface Member {
  name: string;
  type: string;
  linkname: string;
  offset: number;
  size: number;
}

/** Normalises a member name: `./a//b/` → `a/b`; undefined when it has `..` or is empty. */
export function memberKey(name: string): string | undefined {
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') return undefined;
    parts.push(p);
  }
  return parts.length ? parts.join('/') : undefined;
}

/** An archive, indexed by reading its headers once (seeking past contents). */
export class TarStore implements FileStore {
  private constructor(
    readonly location: string,
    private readonly members: Map<string, Member>,
  ) {}

  static async open(file: string, source: string): Promise<TarStore> {
    const members = await indexTar(file, source);
    return new TarStore(file, members);
  }

  async names(): Promise<string[]> {
    return [...this.members.values()].filter((m) => m.type === '0').map((m) => m.name);
  }

  async get(name: string): Promise<StoredFile | undefined> {
    let key = memberKey(name);
    for (let hops = 0; key !== undefined && hops < 16; hops++) {
      const m = this.members.get(key);
      if (!m) return undefined;
      if (m.type === '0') return { name: key, size: m.size, range: { file: this.location, start: m.offset, size: m.size } };
      if (m.type === '2') {
        // `<id>/layer.tar -> ../<other>/layer.tar`: relative to the member's folder, inside the archive.
        if (m.linkname.startsWith('/')) throw escape(this.location, key, m.linkname);
        const joined = posix.join(posix.dirname(key), m.linkname);
        if (joined === '..' || joined.startsWith('../')) throw escape(this.location, key, m.linkname);
        key = memberKey(joined);
      } else if (m.type === '1') {
        key = memberKey(m.linkname);
        if (key === undefined) throw escape(this.location, m.name, m.linkname);
      } else {
        return undefined;
      }
    }
    throw new PlimsollInputError({ source: this.location, path: name, message: 'too many levels of links inside the archive' });
  }
}

function escape(source: string, name: string, target: string): PlimsollInputError {
  return new PlimsollInputError({
    source,
    path: name,
    message: `link to "${target}" leaves the archive (refused)`,
  });
}

async function indexTar(file: string, source: string): Promise<Map<string, Member>> {
  const fh = await open(file, 'r');
  const members = new Map<string, Member>();
  try {
    const { size: fileSize } = await fh.stat();
    const block = Buffer.alloc(512);
    let pos = 0;
    let longName: string | null = null;
    let longLink: string | null = null;
    let paxPath: string | undefined;
    let paxLink: string | undefined;
    let paxSize: number | undefined;
    let zeros = 0;
    while (pos + 512 <= fileSize) {
      const { bytesRead } = await fh.read(block, 0, 512, pos);
      if (bytesRead < 512) break;
      if (isZero(block)) {
        pos += 512;
        if (++zeros >= 2) break;
        continue;
      }
      zeros = 0;
      let h;
      try {
        h = decodeHeader(block, pos);
      } catch (e) {
        if (e instanceof TarFormatError) {
          throw new PlimsollInputError({ source, message: `corrupt archive: ${e.message}` });
        }
        throw e;
      }
      pos += 512;
      const t = h.typeflag;
      const dataSize = ['1', '2', '3', '4', '5', '6'].includes(t) ? 0 : h.size;
      if (t === 'x' || t === 'X' || t === 'g' || t === 'L' || t === 'K') {
        if (h.size > 1 << 20) throw new PlimsollInputError({ source, message: `corrupt archive: extended header of ${h.size} bytes` });
        const data = Buffer.alloc(h.size);
        await fh.read(data, 0, h.size, pos);
        if (t === 'L') longName = cString(data);
        else if (t === 'K') longLink = cString(data);
        else if (t !== 'g') {
          const p = parsePax(data, pos);
          paxPath = p.path;
          paxLink = p.linkpath;
          paxSize = p.size;
        }
        pos += h.size + pad(h.size);
        continue;
      }
      const name = paxPath ?? longName ?? h.name;
      const linkname = paxLink ?? longLink ?? h.linkname;
      const size = t === '0' && paxSize !== undefined ? paxSize : dataSize;
      paxPath = paxLink = paxSize = undefined;
      longName = longLink = null;
      if (pos + size > fileSize) {
        throw new PlimsollInputError({
          source,
          path: name,
          message: `archive is truncated: member "${name}" claims ${size} bytes but the file ends ${fileSize - pos} bytes later`,
        });
      }
      const key = memberKey(name);
      if (key !== undefined) members.set(key, { name: key, type: t, linkname, offset: pos, size });
      pos += size + pad(size);
    }
  } finally {
    await fh.close();
  }
  return members;
}

/** An OCI layout folder; links must stay inside it. */
export class DirStore implements FileStore {
  private constructor(
    readonly location: string,
    private readonly root: string,
  ) {}

  static async open(dir: string): Promise<DirStore> {
    return new DirStore(dir, await realpath(dir));
  }

  async names(): Promise<string[]> {
    return [];
  }

  async get(name: string): Promise<StoredFile | undefined> {
    const key = memberKey(name);
    if (key === undefined) return undefined;
    let real: string;
    try {
      real = await realpath(join(this.root, ...key.split('/')));
    } catch {
      return undefined;
    }
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      throw new PlimsollInputError({ source: this.location, path: key, message: 'link leaves the image folder (refused)' });
    }
    const st = await stat(real);
    if (!st.isFile()) return undefined;
    return { name: key, size: st.size, range: { file: real, start: 0, size: st.size } };
  }
}
