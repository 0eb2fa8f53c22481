/**
 * The blob cache: registry blobs (layers, configs, manifests) on disk by digest, so a second
 * run, or a second image sharing a base, downloads nothing again. A blob is written while it
 * streams (a tee), and becomes visible (rename from a temp file) only after its size and
 * sha256 were checked. Bounded: after a run that added blobs, the least recently used ones
 * (by mtime, touched on each use) go until the cache is under 90 % of its bound.
 *
 * Folder: `$PLIMSOLL_CACHE_DIR`, else `$XDG_CACHE_HOME/plimsoll`, else `~/.cache/plimsoll`;
 * blobs in `blobs/sha256/<hex>`. Bound: `$PLIMSOLL_CACHE_MAX` (`20GB`, `5GiB`), default 10 GiB.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, utimes, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';

export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 ** 3;
const DIGEST = /^sha256:([0-9a-f]{64})$/;
const STALE_TEMP_MS = 24 * 3600 * 1000;

/** `20GB`, `5GiB`, `1.5G`, `123` (bytes); undefined when unreadable. */
export function parseCacheSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$/i.exec(text);
  if (!m) return undefined;
  const power = ' kmgt'.indexOf(m[2]!.toLowerCase() || ' ');
  const base = m[3] ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** power);
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.PLIMSOLL_CACHE_DIR) return env.PLIMSOLL_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache'), 'plimsoll');
}

export class BlobCache {
  readonly blobs: string;
  private readonly tmp: string;
  private added = 0;

  constructor(
    readonly root: string,
    readonly maxBytes: number = DEFAULT_CACHE_MAX_BYTES,
  ) {
    this.blobs = join(root, 'blobs', 'sha256');
    this.tmp = join(root, 'tmp');
  }

  private ensureDirs(): void {
    mkdirSync(this.blobs, { recursive: true, mode: 0o700 });
    mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
  }

  path(digest: string): string {
    const m = DIGEST.exec(digest);
    if (!m) throw new Error(`not a sha256 digest: ${digest}`);
    return join(this.blobs, m[1]!);
  }

  /** The cached file of a blob when present (and of the expected size); marks it used. */
  async lookup(digest: string, size?: number): Promise<string | undefined> {
    const p = this.path(digest);
    try {
      const s = await stat(p);
      if (!s.isFile() || (size !== undefined && size >= 0 && s.size !== size)) return undefined;
      const now = new Date();
      await utimes(p, now, now).catch(() => undefined);
      return p;
    } catch {
      return undefined;
    }
  }

  /** A small cached blob (manifest, config), checked against its digest; a damaged one is removed. */
  async readBytes(digest: string, limit: number): Promise<Buffer | undefined> {
    const p = await this.lookup(digest);
    if (!p) return undefined;
    const s = await stat(p);
    if (s.size > limit) return undefined;
    const buf = await readFile(p);
    if (`sha256:${createHash('sha256').update(buf).digest('hex')}` !== digest) {
      await unlink(p).catch(() => undefined);
      return undefined;
    }
    return buf;
  }

  /** Stores a small blob whose digest was already checked by the caller (checked again here). */
  async writeBytes(digest: string, buf: Buffer): Promise<void> {
    if (`sha256:${createHash('sha256').update(buf).digest('hex')}` !== digest) return;
    try {
      this.ensureDirs();
      const t = this.tempName(digest);
      const fh = await open(t, 'wx', 0o600);
      try {
        await fh.writeFile(buf);
      } finally {
        await fh.close();
      }
      await rename(t, this.path(digest));
      this.added += buf.length;
    } catch {
      // a cache that cannot be written is no cache; the run goes on
    }
  }

  private tempName(digest: string): string {
    return join(this.tmp, `${DIGEST.exec(digest)![1]}.${process.pid}.${randomBytes(4).toString('hex')}`);
  }

  /**
   * A pass-through stream that writes what passes to a temp file and, when the stream ends
   * with the expected size and digest, renames it into the cache. On a mismatch the file is
   * dropped, and the stream fails when `verify` is set (otherwise the reader downstream
   * reports it). A stream destroyed early leaves nothing behind.
   */
  tee(digest: string, size: number | undefined, verify: boolean, describe: () => string): Transform {
    const hash = createHash('sha256');
    let n = 0;
    let fh: FileHandle | null = null;
    let failed = false;
    let temp = '';
    const opening = (async () => {
      try {
        this.ensureDirs();
        temp = this.tempName(digest);
        fh = await open(temp, 'wx', 0o600);
      } catch {
        failed = true; // cache not writable: stream on without it
      }
    })();
    const drop = async () => {
      const f = fh;
      fh = null;
      if (f) await f.close().catch(() => undefined);
      if (temp) await unlink(temp).catch(() => undefined);
    };
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        hash.update(chunk);
        n += chunk.length;
        void (async () => {
          await opening;
          if (fh && !failed) {
            try {
              await fh.write(chunk);
            } catch {
              failed = true;
              await drop();
            }
          }
          cb(null, chunk);
        })();
      },
      flush: (cb) => {
        void (async () => {
          await opening;
          const got = `sha256:${hash.digest('hex')}`;
          const sizeOk = size === undefined || size < 0 || size === n;
          if (!sizeOk || got !== digest) {
            await drop();
            if (verify) {
              cb(new Error(sizeOk ? `${describe()}: blob digest mismatch: expected ${digest}, got ${got}` : `${describe()}: blob is ${n} bytes but its descriptor says ${size}`));
            } else cb();
            return;
          }
          if (fh && !failed) {
            try {
              const f = fh as FileHandle;
              fh = null;
              await f.close();
              await rename(temp, this.path(digest));
              temp = '';
              this.added += n;
            } catch {
              await drop();
            }
          }
          cb();
        })();
      },
      destroy: (err, cb) => {
        void drop().then(() => cb(err));
      },
    });
  }

  /** After a run: when blobs were added, evicts least recently used blobs past the bound; removes stale temp files. */
  async prune(): Promise<void> {
    if (this.added === 0) return;
    this.added = 0;
    try {
      const now = Date.now();
      for (const n of await readdir(this.tmp)) {
        const p = join(this.tmp, n);
        const s = await stat(p).catch(() => undefined);
        if (s && now - s.mtimeMs > STALE_TEMP_MS) await unlink(p).catch(() => undefined);
      }
      const files: Array<{ p: string; size: number; used: number }> = [];
      let total = 0;
      for (const n of await readdir(this.blobs)) {
        const p = join(this.blobs, n);
        const s = await stat(p).catch(() => undefined);
        if (!s?.isFile()) continue;
        files.push({ p, size: s.size, used: s.mtimeMs });
        total += s.size;
      }
      if (total <= this.maxBytes) return;
      files.sort((a, b) => a.used - b.used);
      const target = this.maxBytes * 0.9;
      for (const f of files) {
        if (total <= target) break;
        await unlink(f.p).catch(() => undefined);
        total -= f.size;
      }
    } catch {
      // pruning is best effort
    }
  }
}

/** The cache for these options, or undefined for `--no-cache`. */
export function cacheFor(opts: { cache?: boolean; cacheDir?: string; cacheMaxBytes?: number; env?: NodeJS.ProcessEnv }): BlobCache | undefined {
  if (opts.cache === false) return undefined;
  const env = opts.env ?? process.env;
  const max = opts.cacheMaxBytes ?? parseCacheSize(env.PLIMSOLL_CACHE_MAX) ?? DEFAULT_CACHE_MAX_BYTES;
  return new BlobCache(opts.cacheDir ?? defaultCacheDir(env), max);
}
