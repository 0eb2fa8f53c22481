/**
 * The keyword prefilter of the detector: finds where detector keywords occur in a text, with
 * exactly the semantics of one case-insensitive regex alternation (`/k1|k2|.../gi`, longest
 * keywords first) run with `exec` in a loop: leftmost occurrences, the longest keyword at a
 * position, no two overlapping (a hit hides the hits it overlaps). A second keyword list (the
 * names the assignment scan looks for) gets the same treatment, independently, in the same pass.
 *
 * Why not the regex itself: on text with many letters (every file of an image), the alternation
 * of ~80 short keywords runs at ~150 MB/s, because none of its first characters can be skipped.
 * Here one pass in WebAssembly looks every 3 characters (ASCII case folded) up in a 32 KiB table
 * of keyword prefixes (~1 GB/s whatever the text, no toolchain: the loop is assembled below), and
 * only the few positions whose prefix is some keyword's are compared in JavaScript. Keywords of 1 or 2 characters are found with
 * `indexOf` of their last character. The regex semantics are kept exactly: case folding is
 * ASCII only (a non-unicode `/i` never folds a non-ASCII character to an ASCII one), and hidden
 * overlaps are resolved after the fact, leftmost first, longest first.
 */

/** What `KeywordScanner.hits` finds. */
export interface KeywordHitsResult {
  /** Start offsets of the value-keyword hits, per keyword (lower-case), in text order. */
  value: Array<{ keyword: string; start: number }>;
  /** Start offsets of the assignment-keyword hits, in text order. */
  assignment: number[];
}

/** Text bytes handled per call into WebAssembly (the input copy and the candidate list are sized by it). */
const BLOCK = 64 * 1024;

// Memory layout of the module (one 64 KiB page is 65536 bytes).
const CLS = 0; // 256 bytes: byte -> 5-bit class (0: no keyword has it)
const TABLES = 256; // two tables of 32768 bytes: 3 classes (15 bits) -> 1 when some keyword starts so
const TABLE_SIZE = 1 << 15;
const HSLOT = TABLES + 2 * TABLE_SIZE; // the rolling hash, carried from one block to the next
const OUT = HSLOT + 8; // candidate end offsets (u32), at most one per input byte
const IN = OUT + 4 * BLOCK; // the input block
/** Bytes the scan loop takes per round (unrolled: about 35 % faster than 4). */
const UNROLL = 8;
const MEMORY_BYTES = IN + BLOCK + UNROLL;

/**
 * The scanning functions, assembled by hand (one small loop; no toolchain needed). `scan0`
 * looks up table 0 (value keywords), `scan1` table 1 (both lists); `end - p` is a multiple of
 * UNROLL:
 *
 *   scanT(p, end) -> n:
 *     h = mem32[HSLOT]
 *     do {                                                 // unrolled, k = 0 .. UNROLL - 1
 *       h = (h << 5) | mem8[CLS + mem8[p + k]]             // the classes of the last bytes
 *       if (mem8[TABLES + T * TABLE_SIZE + (h & 0x7fff)])  // the last 3 start a keyword?
 *         out32[n++] = p + k
 *     } while ((p += UNROLL) < end)
 *     mem32[HSLOT] = h
 *     return n
 */
function scannerModule(): Uint8Array {
  const uleb = (n: number): number[] => {
    const o: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      o.push(b);
    } while (n);
    return o;
  };
  const sleb = (n: number): number[] => {
    const o: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
      o.push(b | 0x80);
    }
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'latin1')];
  const i32 = 0x7f;
  // Opcodes (WebAssembly core specification, binary format).
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const tee = (i: number) => [0x22, i];
  const konst = (n: number) => [0x41, ...sleb(n)];
  const load8 = (offset: number) => [0x2d, 0, ...uleb(offset)];
  const load32 = (offset: number) => [0x28, 2, ...uleb(offset)];
  const store32 = (offset: number) => [0x36, 2, ...uleb(offset)];
  const [add, and, or, shl, ltu, loop, brIf, iff, end, empty] = [0x6a, 0x71, 0x72, 0x74, 0x49, 0x03, 0x0d, 0x04, 0x0b, 0x40];
  // Parameters 0 p, 1 end; locals 2 h, 3 n.
  const step = (table: number, k: number) => [
    ...get(2), ...konst(5), shl,
    ...get(0), ...load8(k), ...load8(CLS),
    or, ...tee(2),
    ...konst(TABLE_SIZE - 1), and, ...load8(table),
    iff, empty,
    ...get(3), ...konst(2), shl, ...get(0), ...konst(k), add, ...store32(OUT),
    ...get(3), ...konst(1), add, ...set(3),
    end,
  ];
  const body = (table: number) => [
    ...vec([[2, i32]]),
    ...konst(0), ...load32(HSLOT), ...set(2),
    loop, empty,
    ...Array.from({ length: UNROLL }, (_, k) => step(table, k)).flat(),
    ...get(0), ...konst(UNROLL), add, ...tee(0), ...get(1), ltu, brIf, 0,
    end,
    ...konst(0), ...get(2), ...store32(HSLOT),
    ...get(3),
    end,
  ];
  const code0 = body(TABLES);
  const code1 = body(TABLES + TABLE_SIZE);
  const pages = Math.ceil(MEMORY_BYTES / 65536);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[i32], [i32]]), ...vec([[i32]])]])),
    ...section(3, vec([[0], [0]])),
    ...section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]])),
    ...section(7, vec([[...name('scan0'), 0x00, 0], [...name('scan1'), 0x00, 1], [...name('memory'), 0x02, 0]])),
    ...section(10, vec([[...uleb(code0.length), ...code0], [...uleb(code1.length), ...code1]])),
  ]);
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Keyword {
  text: string;
  /** In the detectors' list (value hits). */
  value: boolean;
  /** In the assignment-name list. */
  assignment: boolean;
}

interface Occurrence {
  start: number;
  keyword: Keyword;
}

const isUpper = (c: number) => c >= 65 && c <= 90;

/** A scanner for two fixed keyword lists. Not reentrant; each thread builds its own (module state). */
export class KeywordScanner {
  /** The scan with table 0 (value keywords) and with table 1 (both lists). */
  private readonly scans: Array<(p: number, end: number) => number>;
  private readonly u8: Uint8Array;
  private readonly u32: Uint32Array;
  private readonly mem: Buffer;
  /** 3-class prefix -> keywords starting so, longest first. */
  private readonly byPrefix: Array<Keyword[] | undefined> = new Array(TABLE_SIZE);
  /** Keywords of 1 or 2 characters, found by `indexOf` of their last character. */
  private readonly short: Keyword[] = [];
  private readonly cls: Uint8Array;

  constructor(valueKeywords: readonly string[], assignmentKeywords: readonly string[]) {
    const all = new Map<string, Keyword>();
    for (const k of valueKeywords) all.set(k, { text: k, value: true, assignment: false });
    for (const k of assignmentKeywords) {
      const e = all.get(k);
      if (e) e.assignment = true;
      else all.set(k, { text: k, value: false, assignment: true });
    }
    for (const k of all.keys()) {
      if (k.length === 0 || !/^[\x20-\x7e]+$/.test(k) || k !== k.toLowerCase()) {
        throw new Error(`detector keyword ${JSON.stringify(k)} must be printable ASCII in lower case`);
      }
    }
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const exports = new wasm.Instance(new wasm.Module(scannerModule())).exports;
    this.scans = [exports.scan0, exports.scan1] as Array<(p: number, end: number) => number>;
    const memory = exports.memory as { buffer: ArrayBuffer };
    this.u8 = new Uint8Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.mem = Buffer.from(memory.buffer);

    // Classes: each letter its own (both cases); other keyword characters share the rest.
    // Sharing only lets more positions through to the exact comparison.
    const cls = new Uint8Array(256);
    let next = 1;
    const others: number[] = [];
    for (const c of new Set([...all.keys()].join(''))) {
      const code = c.charCodeAt(0);
      if (code >= 97 && code <= 122) {
        cls[code] = next;
        cls[code - 32] = next;
        next++;
      } else {
        others.push(code);
      }
    }
    const free = 31 - next + 1;
    if (free < 1 && others.length > 0) throw new Error('too many distinct keyword characters');
    others.sort((a, b) => a - b).forEach((code, i) => (cls[code] = next + (i % free)));
    this.cls = cls;
    this.u8.set(cls, CLS);

    const keywords = [...all.values()].sort((a, b) => b.text.length - a.text.length);
    for (const k of keywords) {
      if (k.text.length < 3) {
        this.short.push(k);
        continue;
      }
      const h = (cls[k.text.charCodeAt(0)] << 10) | (cls[k.text.charCodeAt(1)] << 5) | cls[k.text.charCodeAt(2)];
      // Table 0: value keywords only; table 1: both lists.
      if (k.value) this.u8[TABLES + h] = 1;
      this.u8[TABLES + TABLE_SIZE + h] = 1;
      (this.byPrefix[h] ??= []).push(k);
    }
  }

  /**
   * Keyword hits in `text` (a string, or bytes read as latin1: one character per byte), value
   * keywords always, assignment keywords when `assignments` is set.
   */
  hits(text: string | Uint8Array, assignments: boolean): KeywordHitsResult {
    const occurrences = this.occurrences(text, assignments);
    const value: KeywordHitsResult['value'] = [];
    const assignment: number[] = [];
    // Both lists resolved as their own regex would: leftmost first, longest first, no overlap.
    let valueEnd = 0;
    let assignmentEnd = 0;
    for (const o of occurrences) {
      const k = o.keyword;
      if (k.value && o.start >= valueEnd) {
        value.push({ keyword: k.text, start: o.start });
        valueEnd = o.start + k.text.length;
      }
      if (assignments && k.assignment && o.start >= assignmentEnd) {
        assignment.push(o.start);
        assignmentEnd = o.start + k.text.length;
      }
    }
    return { value, assignment };
  }

  /** Every occurrence of every keyword of the lists asked for, by start, longest first. */
  private occurrences(text: string | Uint8Array, assignments: boolean): Occurrence[] {
    const out: Occurrence[] = [];
    const length = text.length;
    const scan = this.scans[assignments ? 1 : 0]!;
    const isString = typeof text === 'string';
    this.u32[HSLOT >> 2] = 0;
    for (let s = 0; s < length; s += BLOCK) {
      const e = Math.min(length, s + BLOCK);
      if (isString) {
        // One byte per UTF-16 unit (latin1 keeps the low byte): offsets stay the same, and a
        // unit above 0xff can only let a false candidate through, which the comparison drops.
        this.mem.write(s === 0 && e === length ? text : text.slice(s, e), IN, e - s, 'latin1');
      } else {
        this.u8.set(text.subarray(s, e), IN);
      }
      // The loop takes UNROLL bytes at a time: the last block is padded with bytes of class 0,
      // which start no keyword (BLOCK is a multiple of UNROLL, so only the last block can need it).
      let padded = e - s;
      while (padded % UNROLL) this.u8[IN + padded++] = 0;
      const n = scan(IN, IN + padded);
      if (isString) this.confirmInString(text, s, n, assignments, out);
      else this.confirmInBytes(text, s, n, assignments, out);
    }
    if (this.short.length > 0) this.addShort(text, assignments, out);
    return out;
  }

  /** The candidates of the last scan (a block starting at `base`): which keywords really start there. */
  private confirmInString(text: string, base: number, n: number, assignments: boolean, out: Occurrence[]): void {
    const { cls, u32, byPrefix } = this;
    for (let j = 0; j < n; j++) {
      const start = u32[(OUT >> 2) + j]! - IN + base - 2;
      const h = (cls[text.charCodeAt(start) & 0xff]! << 10) | (cls[text.charCodeAt(start + 1) & 0xff]! << 5) | cls[text.charCodeAt(start + 2) & 0xff]!;
      next: for (const k of byPrefix[h] ?? []) {
        if (!(k.value || assignments)) continue;
        const kw = k.text;
        if (start + kw.length > text.length) continue;
        for (let i = 0; i < kw.length; i++) {
          const c = text.charCodeAt(start + i);
          if ((isUpper(c) ? c + 32 : c) !== kw.charCodeAt(i)) continue next;
        }
        out.push({ start, keyword: k });
      }
    }
  }

  private confirmInBytes(text: Uint8Array, base: number, n: number, assignments: boolean, out: Occurrence[]): void {
    const { cls, u32, byPrefix } = this;
    for (let j = 0; j < n; j++) {
      const start = u32[(OUT >> 2) + j]! - IN + base - 2;
      const h = (cls[text[start]!]! << 10) | (cls[text[start + 1]!]! << 5) | cls[text[start + 2]!]!;
      next: for (const k of byPrefix[h] ?? []) {
        if (!(k.value || assignments)) continue;
        const kw = k.text;
        if (start + kw.length > text.length) continue;
        for (let i = 0; i < kw.length; i++) {
          const c = text[start + i]!;
          if ((isUpper(c) ? c + 32 : c) !== kw.charCodeAt(i)) continue next;
        }
        out.push({ start, keyword: k });
      }
    }
  }

  private addShort(text: string | Uint8Array, assignments: boolean, out: Occurrence[]): void {
    const found: Occurrence[] = [];
    for (const k of this.short) {
      if (!k.value && !assignments) continue;
      const last = k.text.charCodeAt(k.text.length - 1);
      const forms = last >= 97 && last <= 122 ? [last, last - 32] : [last];
      for (const form of forms) {
        for (let i = indexOf(text, form, k.text.length - 1); i >= 0; i = indexOf(text, form, i + 1)) {
          const start = i - k.text.length + 1;
          if (matchesAt(text, start, k.text)) found.push({ start, keyword: k });
        }
      }
    }
    if (found.length === 0) return;
    const merged = [...out, ...found].sort((a, b) => a.start - b.start || b.keyword.text.length - a.keyword.text.length);
    out.length = 0;
    for (const o of merged) out.push(o);
  }
}

function charAt(text: string | Uint8Array, i: number): number {
  return typeof text === 'string' ? text.charCodeAt(i) : (text[i] ?? NaN);
}

function indexOf(text: string | Uint8Array, code: number, from: number): number {
  return typeof text === 'string' ? text.indexOf(String.fromCharCode(code), from) : text.indexOf(code, from);
}

/** `keyword` (lower-case ASCII) at `start`, ASCII letters compared case-insensitively. */
function matchesAt(text: string | Uint8Array, start: number, keyword: string): boolean {
  if (start < 0 || start + keyword.length > text.length) return false;
  for (let j = 0; j < keyword.length; j++) {
    let c = charAt(text, start + j);
    if (isUpper(c)) c += 32;
    if (c !== keyword.charCodeAt(j)) return false;
  }
  return true;
}
