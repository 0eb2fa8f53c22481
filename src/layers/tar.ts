/**
 * A push-style tar reader: feed it chunks of an uncompressed tar stream, it calls back with each
 * entry's header and then its content bytes. Synchronous, allocation-light, never buffers an
 * entry's content, and never trusts a size it has not seen bytes for.
 *
 * Why not tar-stream: its PAX decoder turns every value into a UTF-8 string (binary
 * `SCHILY.xattr.security.capability` values are corrupted), it merges global PAX headers into
 * later entries (moby ignores them), it does not know GNU sparse files (type `S`), it refuses
 * v7 headers, and it makes a stream object per entry. test/layers/tar-quirks.test.ts shows each.
 */

export interface TarHeader {
  /** The name after GNU long names, PAX `path` and the USTAR prefix are applied. */
  name: string;
  /** Link target after GNU long links and PAX `linkpath`. */
  linkname: string;
  /** The typeflag character (`'0'`, `'5'`, `'S'`...); `'\0'` is reported as `'0'`. */
  typeflag: string;
  /** Content bytes that follow in the archive (0 for header-only types). */
  size: number;
  /** For sparse files: the expanded size. */
  realSize?: number;
  sparse?: boolean;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  devmajor: number;
  devminor: number;
  /** `SCHILY.xattr.*` values, as bytes (they are binary: `security.capability` starts with NUL). */
  xattrs?: Record<string, Buffer>;
  /** Offset of the header block in the tar stream, for messages. */
  offset: number;
}

export interface TarSink {
  entry(header: TarHeader): void;
  data(chunk: Buffer): void;
  entryEnd(): void;
}

export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly truncated = false,
  ) {
    super(message);
    this.name = 'TarFormatError';
  }
}

const BLOCK = 512;
/** Typeflags whose size field is ignored: no content follows (as Go's archive/tar reads them). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

export interface PaxState {
  path?: string;
  linkpath?: string;
  size?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  xattrs?: Record<string, Buffer>;
  sparseName?: string;
  sparseRealSize?: number;
  sparse?: boolean;
}

type State = 'header' | 'data' | 'ext' | 'sparse-ext' | 'pad' | 'eof';

export interface TarParserOptions {
  /** Largest PAX or GNU long-name record accepted (default 1 MiB). */
  maxExtendedHeader?: number;
}

export class TarParser {
  private state: State = 'header';
  private readonly hbuf = Buffer.alloc(BLOCK);
  private hlen = 0;
  /** Bytes left in the current entry's content or extended record. */
  private remaining = 0;
  private padRemaining = 0;
  private pos = 0;
  private blockStart = 0;
  private zeroBlocks = 0;
  private ext: { type: string; parts: Buffer[]; len: number } | null = null;
  private pax: PaxState | null = null;
  private longName: string | null = null;
  private longLink: string | null = null;
  private current: TarHeader | null = null;
  private pendingSparse: TarHeader | null = null;
  private readonly maxExt: number;
  /** True once the end-of-archive marker (two zero blocks) was read. */
  sawEnd = false;
  entries = 0;

  constructor(
    private readonly sink: TarSink,
    options: TarParserOptions = {},
  ) {
    this.maxExt = options.maxExtendedHeader ?? 1 << 20;
  }

  /** Bytes of tar stream consumed so far. */
  get position(): number {
    return this.pos;
  }

  write(chunk: Buffer): void {
    let off = 0;
    const n = chunk.length;
    while (off < n) {
      switch (this.state) {
        case 'eof':
          this.pos += n - off;
          return;
        case 'header':
        case 'sparse-ext': {
          const take = Math.min(BLOCK - this.hlen, n - off);
          if (this.hlen === 0) this.blockStart = this.pos;
          if (this.hlen === 0 && take === BLOCK) {
            this.onBlock(chunk.subarray(off, off + BLOCK));
          } else {
            chunk.copy(this.hbuf, this.hlen, off, off + take);
            this.hlen += take;
            if (this.hlen === BLOCK) {
              this.hlen = 0;
              this.onBlock(this.hbuf);
            }
          }
          off += take;
          this.pos += take;
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, n - off);
          if (take > 0) this.sink.data(chunk.subarray(off, off + take));
          off += take;
          this.pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishEntry();
          break;
        }
        case 'ext': {
          const take = Math.min(this.remaining, n - off);
          const ext = this.ext!;
          ext.parts.push(Buffer.from(chunk.subarray(off, off + take)));
          ext.len += take;
          off += take;
          this.pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishExt();
          break;
        }
        case 'pad': {
          const take = Math.min(this.padRemaining, n - off);
          off += take;
          this.pos += take;
          this.padRemaining -= take;
          if (this.padRemaining === 0) this.state = 'header';
          break;
        }
      }
    }
  }

  /** Call at the end of the stream; throws when it stopped inside an entry. */
  end(): void {
    if (this.state === 'data' || this.state === 'ext' || this.state === 'sparse-ext') {
      const name = this.current?.name ?? this.pendingSparse?.name ?? '(extended header)';
      const claimed = this.current?.size ?? this.pendingSparse?.size ?? 0;
      throw new TarFormatError(
        `the tar stream ends inside entry "${name}", which claims ${claimed} bytes (truncated or corrupt blob)`,
        this.pos,
        true,
      );
    }
    if (this.state === 'header' && this.hlen > 0) {
      throw new TarFormatError(`the tar stream ends inside a header block (truncated blob)`, this.pos, true);
    }
    // 'pad' at the very end (last padding missing) and no end marker are tolerated, as Go does.
  }

  private onBlock(block: Buffer): void {
    if (this.state === 'sparse-ext') {
      this.onSparseExtBlock(block);
      return;
    }
    if (isZero(block)) {
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) {
        this.state = 'eof';
        this.sawEnd = true;
      }
      return;
    }
    this.zeroBlocks = 0;
    const h = decodeHeader(block, this.blockStart);
    const t = h.typeflag;
    if (t === 'x' || t === 'X' || t === 'g' || t === 'L' || t === 'K') {
      if (h.size > this.maxExt) {
        throw new TarFormatError(
          `extended header of ${h.size} bytes at offset ${h.offset} exceeds the ${this.maxExt}-byte limit`,
          h.offset,
        );
      }
      this.ext = { type: t, parts: [], len: 0 };
      this.remaining = h.size;
      this.padRemaining = pad(h.size);
      if (h.size === 0) this.finishExt();
      else this.state = 'ext';
      return;
    }
    this.applyExtended(h);
    if (HEADER_ONLY.has(t)) h.size = 0;
    if (t === 'S') {
      h.sparse = true;
      const isExtended = block[482] !== 0;
      if (isExtended) {
        this.pendingSparse = h;
        this.state = 'sparse-ext';
        return;
      }
    }
    this.beginEntry(h);
  }

  private onSparseExtBlock(block: Buffer): void {
    // 21 sparse descriptors we do not need, then the "is extended" byte at 504.
    if (block[504] === 0) {
      const h = this.pendingSparse!;
      this.pendingSparse = null;
      this.state = 'header';
      this.beginEntry(h);
    }
  }

  private beginEntry(h: TarHeader): void {
    this.entries++;
    this.current = h;
    this.sink.entry(h);
    this.remaining = h.size;
    this.padRemaining = pad(h.size);
    if (h.size === 0) this.finishEntry();
    else this.state = 'data';
  }

  private finishEntry(): void {
    this.current = null;
    this.sink.entryEnd();
    this.state = this.padRemaining > 0 ? 'pad' : 'header';
  }

  private finishExt(): void {
    const ext = this.ext!;
    this.ext = null;
    const data = Buffer.concat(ext.parts, ext.len);
    switch (ext.type) {
      case 'L':
        this.longName = cString(data);
        break;
      case 'K':
        this.longLink = cString(data);
        break;
      case 'g':
        // Global PAX headers are ignored, as moby does ("PAX Global Extended Headers found and ignored").
        break;
      default:
        this.pax = parsePax(data, this.pos);
    }
    this.state = this.padRemaining > 0 ? 'pad' : 'header';
  }

  private applyExtended(h: TarHeader): void {
    if (this.longName !== null) h.name = this.longName;
    if (this.longLink !== null) h.linkname = this.longLink;
    this.longName = this.longLink = null;
    const p = this.pax;
    this.pax = null;
    if (!p) return;
    if (p.path !== undefined) h.name = p.path;
    if (p.linkpath !== undefined) h.linkname = p.linkpath;
    if (p.size !== undefined) h.size = p.size;
    if (p.uid !== undefined) h.uid = p.uid;
    if (p.gid !== undefined) h.gid = p.gid;
    if (p.mtime !== undefined) h.mtime = p.mtime;
    if (p.xattrs) h.xattrs = p.xattrs;
    if (p.sparse) {
      h.sparse = true;
      if (p.sparseName !== undefined) h.name = p.sparseName;
      if (p.sparseRealSize !== undefined) h.realSize = p.sparseRealSize;
    }
  }
}

/** Decodes one 512-byte header block (no PAX or GNU long names applied). */
export function decodeHeader(b: Buffer, offset: number): TarHeader {
  if (!checksumOk(b)) {
    throw new TarFormatError(
      `invalid tar header at offset ${offset} (bad checksum): not a tar stream, or a corrupt one`,
      offset,
    );
  }
  const ustar = b.toString('latin1', 257, 263);
  const posix = ustar === 'ustar\0';
  const gnu = ustar === 'ustar ';
  let name = cString(b.subarray(0, 100));
  if (posix) {
    const prefix = cString(b.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
  }
  let typeflag = String.fromCharCode(b[156]!);
  // v7 archives (typeflag NUL) mark folders with a trailing slash only; Go reads them so too.
  if (typeflag === '\0') typeflag = name.endsWith('/') ? '5' : '0';
  if (typeflag === '7') typeflag = '0';
  const h: TarHeader = {
    name,
    linkname: cString(b.subarray(157, 257)),
    typeflag,
    size: num(b, 124, 12, offset, 'size'),
    mode: num(b, 100, 8, offset, 'mode'),
    uid: num(b, 108, 8, offset, 'uid'),
    gid: num(b, 116, 8, offset, 'gid'),
    mtime: num(b, 136, 12, offset, 'mtime'),
    devmajor: posix || gnu ? num(b, 329, 8, offset, 'devmajor') : 0,
    devminor: posix || gnu ? num(b, 337, 8, offset, 'devminor') : 0,
    offset,
  };
  if (typeflag === 'S') h.realSize = num(b, 483, 12, offset, 'realsize');
  return h;
}

export function pad(size: number): number {
  const r = size % BLOCK;
  return r === 0 ? 0 : BLOCK - r;
}

export function isZero(b: Buffer): boolean {
  if (b[0] !== 0) return false; // a header starts with its name: the common case, decided at once
  for (let i = 0; i < BLOCK; i += 8) {
    if (b.readBigUInt64LE(i) !== 0n) return false;
  }
  return true;
}

function checksumOk(b: Buffer): boolean {
  const stored = parseOctal(b, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const v = i >= 148 && i < 156 ? 32 : b[i]!;
    unsigned += v;
    signed += v > 127 ? v - 256 : v;
  }
  return stored === unsigned || stored === signed;
}

export function cString(b: Buffer): string {
  const z = b.indexOf(0);
  return b.toString('utf8', 0, z < 0 ? b.length : z);
}

function parseOctal(b: Buffer, off: number, len: number): number | undefined {
  let i = off;
  const end = off + len;
  while (i < end && (b[i] === 32 || b[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === 0 || c === 32) break;
    if (c < 48 || c > 55) return undefined;
    v = v * 8 + (c - 48);
    digits++;
  }
  return digits === 0 ? 0 : v;
}

/** Octal, or GNU base-256 (high bit of the first byte set). */
function num(b: Buffer, off: number, len: number, offset: number, field: string): number {
  const first = b[off]!;
  if (first & 0x80) {
    if (first === 0xff) {
      throw new TarFormatError(`negative base-256 ${field} in tar header at offset ${offset}`, offset);
    }
    let v = first & 0x7f;
    for (let i = off + 1; i < off + len; i++) {
      v = v * 256 + b[i]!;
      if (v > Number.MAX_SAFE_INTEGER) {
        throw new TarFormatError(`${field} too large in tar header at offset ${offset}`, offset);
      }
    }
    return v;
  }
  const v = parseOctal(b, off, len);
  if (v === undefined) {
    throw new TarFormatError(`invalid ${field} field in tar header at offset ${offset}`, offset);
  }
  return v;
}

function parseDecimal(v: Buffer, key: string, offset: number): number {
  const s = v.toString('latin1');
  if (!/^\d+$/.test(s) || s.length > 15) {
    throw new TarFormatError(`invalid PAX ${key}=${JSON.stringify(s.slice(0, 40))} at offset ${offset}`, offset);
  }
  return Number(s);
}

/** PAX records `"<len> <key>=<value>\n"`; values stay bytes until we know what they are. */
export function parsePax(data: Buffer, offset: number): PaxState {
  const p: PaxState = {};
  let i = 0;
  while (i < data.length) {
    if (data[i] === 0) break; // padding some writers leave
    const sp = data.indexOf(32, i);
    if (sp < 0) throw new TarFormatError(`malformed PAX record at offset ${offset}`, offset);
    const len = Number(data.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= sp - i + 1 || i + len > data.length || data[i + len - 1] !== 10) {
      throw new TarFormatError(`malformed PAX record at offset ${offset}`, offset);
    }
    const rec = data.subarray(sp + 1, i + len - 1);
    i += len;
    const eq = rec.indexOf(61);
    if (eq < 0) continue;
    const key = rec.toString('utf8', 0, eq);
    const value = rec.subarray(eq + 1);
    switch (key) {
      case 'path':
        p.path = value.toString('utf8');
        break;
      case 'linkpath':
        p.linkpath = value.toString('utf8');
        break;
      case 'size':
        p.size = parseDecimal(value, key, offset);
        break;
      case 'uid':
        p.uid = parseDecimal(value, key, offset);
        break;
      case 'gid':
        p.gid = parseDecimal(value, key, offset);
        break;
      case 'mtime': {
        const m = Number(value.toString('latin1'));
        if (Number.isFinite(m)) p.mtime = Math.floor(m);
        break;
      }
      case 'GNU.sparse.name':
        p.sparse = true;
        p.sparseName = value.toString('utf8');
        break;
      case 'GNU.sparse.realsize':
      case 'GNU.sparse.size':
        p.sparse = true;
        p.sparseRealSize = parseDecimal(value, key, offset);
        break;
      case 'GNU.sparse.major':
      case 'GNU.sparse.map':
      case 'GNU.sparse.numblocks':
        p.sparse = true;
        break;
      default:
        if (key.startsWith('SCHILY.xattr.')) {
          (p.xattrs ??= {})[key.slice('SCHILY.xattr.'.length)] = Buffer.from(value);
        }
    }
  }
  return p;
}
