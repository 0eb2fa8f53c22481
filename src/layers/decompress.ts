/**
 * Decompression told by magic bytes, never by name or media type: `1f 8b` gzip, `28 b5 2f fd`
 * zstd, anything else is taken as an uncompressed tar. Each inflater calls `onData`
 * synchronously with output chunks; `write` resolves once its input has been consumed, which
 * is what keeps memory flat (backpressure) and lets a byte limit stop a bomb early.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import zlib from 'node:zlib';
import { Decompress as FzstdDecompress } from 'fzstd';
import type { Compression } from './types.js';

export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export interface Inflater {
  write(chunk: Buffer): Promise<void>;
  end(): Promise<void>;
  /** Stop early (limit reached, error elsewhere); pending promises reject with `err`. */
  destroy(err: Error): void;
}

export class DecompressError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
    this.name = 'DecompressError';
  }
}

/**
 * Largest zstd window accepted, as the reference decoder's default (`ZSTD_WINDOWLOG_LIMIT_DEFAULT`
 * = 27, 128 MiB): a crafted frame header cannot make us allocate gigabytes.
 */
export const MAX_ZSTD_WINDOW = 1 << 27;

export type ZstdDecoder = 'node:zlib' | 'zstd-cli' | 'fzstd';

let zstdCliPresent: boolean | undefined;
function hasZstdCli(): boolean {
  zstdCliPresent ??= spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
  return zstdCliPresent;
}

/**
 * Which zstd decoder to use: Node's own (22.15+), else the `zstd` command when installed
 * (about 4.5 times less CPU than fzstd, measured in docs/image-sources.md), else the pure-JS
 * fzstd. `PLIMSOLL_ZSTD=fzstd|zstd-cli|node:zlib` forces one.
 */
export function zstdDecoder(): ZstdDecoder {
  const forced = process.env.PLIMSOLL_ZSTD;
  if (forced === 'fzstd' || forced === 'zstd-cli' || forced === 'node:zlib') return forced;
  if (typeof (zlib as unknown as Record<string, unknown>).createZstdDecompress === 'function') return 'node:zlib';
  return hasZstdCli() ? 'zstd-cli' : 'fzstd';
}

export function createInflater(kind: Compression, onData: (chunk: Buffer) => void, zstd: ZstdDecoder = zstdDecoder()): Inflater {
  if (kind === 'none') return new PassThroughInflater(onData);
  if (kind === 'gzip') return new ZlibInflater(zlib.createGunzip({ chunkSize: 256 * 1024 }), onData, 'gzip');
  if (zstd === 'zstd-cli') return new CliInflater(onData);
  if (zstd === 'node:zlib') {
    const create = (zlib as unknown as { createZstdDecompress(o?: object): zlib.Gunzip }).createZstdDecompress;
    return new ZlibInflater(create({ chunkSize: 256 * 1024 }), onData, 'zstd');
  }
  return new FzstdInflater(onData);
}

class PassThroughInflater implements Inflater {
  private failed: Error | null = null;
  constructor(private readonly onData: (chunk: Buffer) => void) {}
  async write(chunk: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    this.onData(chunk);
  }
  async end(): Promise<void> {
    if (this.failed) throw this.failed;
  }
  destroy(err: Error): void {
    this.failed = err;
  }
}

class ZlibInflater implements Inflater {
  private failed: Error | null = null;
  private ended: Promise<void>;
  private rejectors = new Set<(e: Error) => void>();

  constructor(
    private readonly z: zlib.Gunzip,
    onData: (chunk: Buffer) => void,
    private readonly kind: string,
  ) {
    z.on('data', (chunk: Buffer) => {
      if (this.failed) return;
      try {
        onData(chunk);
      } catch (e) {
        this.fail(e as Error);
      }
    });
    this.ended = new Promise<void>((resolve, reject) => {
      z.on('end', () => (this.failed ? reject(this.failed) : resolve()));
      z.on('error', (e: Error & { code?: string }) => {
        this.fail(this.translate(e));
        reject(this.failed);
      });
      this.rejectors.add(reject);
    });
    this.ended.catch(() => undefined);
  }

  private translate(e: Error & { code?: string }): Error {
    if (this.failed) return this.failed;
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) {
      return new DecompressError(`${this.kind} stream ends early (truncated blob)`, true);
    }
    return new DecompressError(`corrupt ${this.kind} data: ${e.message}`, false);
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    for (const r of this.rejectors) r(e);
    this.rejectors.clear();
    this.z.destroy();
  }

  write(chunk: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.rejectors.add(reject);
      this.z.write(chunk, (err) => {
        this.rejectors.delete(reject);
        if (this.failed) reject(this.failed);
        else if (err) reject(this.translate(err));
        else resolve();
      });
    });
  }

  async end(): Promise<void> {
    if (this.failed) throw this.failed;
    this.z.end();
    await this.ended;
    if (this.failed) throw this.failed;
  }

  destroy(err: Error): void {
    this.fail(err);
  }
}

/**
 * `zstd -dc` as a filter. Its window limit is zstd's own default (128 MiB); output arrives in
 * pipe-sized chunks and the pipe blocks zstd when we fall behind, so memory stays flat.
 */
class CliInflater implements Inflater {
  private readonly child: ChildProcessWithoutNullStreams;
  private failed: Error | null = null;
  private readonly closed: Promise<void>;
  private stderr = '';
  private rejectors = new Set<(e: Error) => void>();

  constructor(onData: (chunk: Buffer) => void) {
    this.child = spawn('zstd', ['-d', '-c', '-q', '--no-progress'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      if (this.failed) return;
      try {
        onData(chunk);
      } catch (e) {
        this.fail(e as Error);
      }
    });
    this.child.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 2000) this.stderr += d.toString();
    });
    this.child.stdin.on('error', () => undefined); // EPIPE when zstd quits early: its exit code tells why
    this.closed = new Promise<void>((resolve, reject) => {
      this.rejectors.add(reject);
      this.child.on('error', (e) => this.fail(new DecompressError(`cannot run zstd: ${e.message}`, false)));
      this.child.on('close', (code, signal) => {
        if (this.failed) return reject(this.failed);
        if (code === 0) return resolve();
        const msg = this.stderr.trim().split('\n').pop() ?? `exit ${code ?? signal}`;
        const truncated = /premature end|truncated|unexpected end/i.test(msg);
        this.fail(new DecompressError(truncated ? 'zstd stream ends early (truncated blob)' : `corrupt zstd data: ${msg}`, truncated));
        reject(this.failed);
      });
    });
    this.closed.catch(() => undefined);
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    for (const r of this.rejectors) r(e);
    this.rejectors.clear();
    this.child.kill('SIGKILL');
  }

  write(chunk: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.rejectors.add(reject);
      this.child.stdin.write(chunk, () => {
        this.rejectors.delete(reject);
        if (this.failed) reject(this.failed);
        else resolve();
      });
    });
  }

  async end(): Promise<void> {
    if (this.failed) throw this.failed;
    this.child.stdin.end();
    await this.closed;
    if (this.failed) throw this.failed;
  }

  destroy(err: Error): void {
    this.fail(err);
  }
}

class FzstdInflater implements Inflater {
  private readonly d: FzstdDecompress;
  private failed: Error | null = null;
  private checkedHeader = false;
  private head: Buffer | null = null;
  private done = false;

  constructor(onData: (chunk: Buffer) => void) {
    this.d = new FzstdDecompress((chunk, final) => {
      if (chunk.length) onData(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      if (final) this.done = true;
    });
  }

  private push(chunk: Uint8Array, final: boolean): void {
    try {
      this.d.push(chunk, final);
    } catch (e) {
      if (this.failed) throw this.failed;
      // fzstd's own errors carry a numeric code; anything else came from our onData (tar, limit).
      if (typeof (e as { code?: unknown }).code !== 'number') throw e;
      const msg = (e as Error).message;
      if (/unexpected EOF/i.test(msg)) throw new DecompressError('zstd stream ends early (truncated blob)', true);
      throw new DecompressError(`corrupt zstd data: ${msg}`, false);
    }
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.checkedHeader) {
      // Check the first frame's window before fzstd allocates it.
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 18) return;
      chunk = this.head;
      this.head = null;
      this.checkedHeader = true;
      checkZstdWindow(chunk);
    }
    this.push(chunk, false);
  }

  async end(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.head) {
      const h = this.head;
      this.head = null;
      this.checkedHeader = true;
      checkZstdWindow(h);
      this.push(h, true);
    } else {
      this.push(new Uint8Array(0), true);
    }
    if (this.failed) throw this.failed;
  }

  destroy(err: Error): void {
    this.failed = err;
  }
}

/** Reads a zstd frame header and refuses a window (or single-segment content size) above the limit. */
export function checkZstdWindow(b: Uint8Array): void {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return;
  const fhd = b[4]!;
  const singleSegment = (fhd >> 5) & 1;
  const fcsFlag = fhd >> 6;
  const dictFlag = fhd & 3;
  let window: number;
  if (!singleSegment) {
    const wd = b[5]!;
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  } else {
    const off = 5 + [0, 1, 2, 4][dictFlag]!;
    const len = [1, 2, 4, 8][fcsFlag]!;
    let v = 0;
    for (let i = len - 1; i >= 0; i--) v = v * 256 + (b[off + i] ?? 0);
    if (len === 2) v += 256;
    window = v;
  }
  if (window > MAX_ZSTD_WINDOW) {
    throw new DecompressError(
      `zstd frame asks for a ${window}-byte window, above the ${MAX_ZSTD_WINDOW}-byte limit zstd itself uses by default`,
      false,
    );
  }
}
