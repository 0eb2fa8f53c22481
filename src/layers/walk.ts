/**
 * One pass over one layer's stored bytes: hash them (digest), sniff and decompress, hash the
 * tar (diffId), parse it, hash every regular file's content, run content probes, enforce the
 * byte limit. Runs inside a worker thread (worker.ts) or in-process (reader.ts, workers: false).
 */
import crypto, { createHash, type Hash } from 'node:crypto';
import { createInflater, DecompressError, sniffCompression, type Inflater } from './decompress.js';
import { EntryClassifier } from './entries.js';
import { TarFormatError, TarParser, type TarHeader } from './tar.js';
import type { LoadedProbe } from './probes.js';
import type { Compression, LayerEntry, LayerEvent, ProbeHit } from './types.js';

export interface WalkOptions {
  /** `sha256:…` the stored bytes must hash to; unknown for some legacy archives. */
  expectDigest?: string;
  /** Size of the stored blob from its descriptor, when known. */
  expectSize?: number;
  /** `sha256:…` from the config's rootfs.diff_ids. */
  expectDiffId?: string;
  /** Uncompressed bytes allowed for this layer before it is refused (gzip bombs). */
  maxBytes: number;
  /** What `maxBytes` comes from, for the message: the per-layer limit or what is left of the image's. */
  limitOf?: { kind: 'layer' | 'image'; limit: number };
  probes: LoadedProbe[];
  /** Called with events in tar order, in batches, always between entries. */
  onEvents(events: LayerEvent[]): void;
}

export interface WalkSummary {
  compression: Compression;
  compressedSize: number;
  uncompressedSize: number;
  digest: string;
  diffId: string;
  duplicates: string[];
  entryCount: number;
  fileBytes: number;
}

export type WalkErrorCode = 'digest' | 'diffid' | 'size' | 'truncated' | 'corrupt' | 'limit' | 'tar';

/** A failure inside the walk; the reader turns it into an input error naming image and layer. */
export class WalkError extends Error {
  constructor(
    readonly code: WalkErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'WalkError';
  }
}

/** The error for a layer past `maxBytes`: the per-layer limit, or what is left of the image's. */
export function limitError(o: Pick<WalkOptions, 'maxBytes' | 'limitOf'>): WalkError {
  const of = o.limitOf ?? { kind: 'layer', limit: o.maxBytes };
  return new WalkError(
    'limit',
    of.kind === 'layer'
      ? `uncompressed layer exceeds the limit of ${of.limit} bytes (a decompression bomb, or raise --max-layer-bytes)`
      : `uncompressed image exceeds the limit of ${of.limit} bytes (a decompression bomb, or raise --max-image-bytes)`,
  );
}

const BATCH = 2048;

/** `crypto.hash` (Node 20.12 and later): a one-shot digest, much cheaper than a Hash object for small inputs. */
const hashOnce = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export class LayerWalker {
  private readonly digestHash: Hash = createHash('sha256');
  private readonly diffHash: Hash = createHash('sha256');
  private inflater: Inflater | null = null;
  private compression: Compression = 'none';
  private head: Buffer | null = null;
  private compressedSize = 0;
  private uncompressedSize = 0;
  private readonly parser: TarParser;
  private readonly classifier = new EntryClassifier();
  private pending: LayerEvent[] = [];
  private file: LayerEntry | null = null;
  /** The current file's content hash: streamed, or `fileDigest` when the file came in one chunk. */
  private fileHash: Hash | null = null;
  private fileDigest: string | null = null;
  private probeWants: LoadedProbe[] = [];
  /** Bytes of the current file the probes want (0: none). */
  private captureWant = 0;
  /** Where they are: the tar chunk itself when the file came in one piece, else a copy. */
  private capture: Buffer | null = null;
  private captured = 0;
  /** The file's size: a file that comes whole in one chunk is inspected before the chunk is left. */
  private fileSize = 0;
  private entryCount = 0;
  private fileBytes = 0;
  private currentName = '';

  constructor(private readonly opts: WalkOptions) {
    this.parser = new TarParser({
      entry: (h) => this.onEntry(h),
      data: (c) => this.onFileData(c),
      entryEnd: () => this.onEntryEnd(),
    });
  }

  /** Feed stored (possibly compressed) bytes; resolves when they have been consumed. */
  async write(chunk: Buffer): Promise<void> {
    this.compressedSize += chunk.length;
    this.digestHash.update(chunk);
    if (!this.inflater) {
      // Magic bytes decide; wait for 4 bytes (a blob shorter than that is taken as it is).
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 4) return;
      chunk = this.head;
      this.head = null;
      this.startInflater(chunk);
    }
    await this.guard(this.inflater!.write(chunk));
  }

  async end(): Promise<WalkSummary> {
    if (!this.inflater) {
      const h = this.head ?? Buffer.alloc(0);
      this.head = null;
      this.startInflater(h);
      if (h.length) await this.guard(this.inflater!.write(h));
    }
    await this.guard(this.inflater!.end());
    try {
      this.parser.end();
    } catch (e) {
      throw this.translate(e);
    }
    this.flush();
    const digest = `sha256:${this.digestHash.digest('hex')}`;
    // An uncompressed blob is its own tar: one hash serves both.
    const diffId = this.compression === 'none' ? digest : `sha256:${this.diffHash.digest('hex')}`;
    const o = this.opts;
    if (o.expectSize !== undefined && o.expectSize !== this.compressedSize) {
      throw new WalkError(
        this.compressedSize < o.expectSize ? 'truncated' : 'size',
        `blob is ${this.compressedSize} bytes but its descriptor says ${o.expectSize}${this.compressedSize < o.expectSize ? ' (truncated blob)' : ''}`,
      );
    }
    if (o.expectDigest && o.expectDigest !== digest) {
      throw new WalkError('digest', `blob digest mismatch: expected ${o.expectDigest}, got ${digest}`);
    }
    if (o.expectDiffId && o.expectDiffId !== diffId) {
      throw new WalkError('diffid', `diffId mismatch: the config says ${o.expectDiffId}, the uncompressed tar hashes to ${diffId}`);
    }
    return {
      compression: this.compression,
      compressedSize: this.compressedSize,
      uncompressedSize: this.uncompressedSize,
      digest,
      diffId,
      duplicates: this.classifier.duplicates,
      entryCount: this.entryCount,
      fileBytes: this.fileBytes,
    };
  }

  private startInflater(head: Buffer): void {
    this.compression = sniffCompression(head);
    this.inflater = createInflater(this.compression, (c) => this.onTarBytes(c));
  }

  private async guard(p: Promise<void>): Promise<void> {
    try {
      await p;
    } catch (e) {
      throw this.translate(e);
    }
  }

  private translate(e: unknown): Error {
    if (e instanceof WalkError) return e;
    if (e instanceof DecompressError) return new WalkError(e.truncated ? 'truncated' : 'corrupt', e.message);
    if (e instanceof TarFormatError) {
      return new WalkError(e.truncated ? 'truncated' : 'tar', e.message, this.currentName || undefined);
    }
    return new WalkError('corrupt', (e as Error).message ?? String(e));
  }

  /** Uncompressed tar bytes, synchronously from the inflater. */
  private onTarBytes(chunk: Buffer): void {
    this.uncompressedSize += chunk.length;
    if (this.uncompressedSize > this.opts.maxBytes) {
      const err = limitError(this.opts);
      this.inflater?.destroy(err);
      throw err;
    }
    if (this.compression !== 'none') this.diffHash.update(chunk);
    this.parser.write(chunk);
  }

  private onEntry(h: TarHeader): void {
    this.currentName = h.name;
    const { events, file } = this.classifier.classify(h);
    for (const e of events) this.pending.push(e);
    if (file) {
      this.entryCount++;
      this.file = file;
      this.fileSize = h.size;
      this.probeWants = [];
      for (const p of this.opts.probes) {
        try {
          if (p.wants(file)) this.probeWants.push(p);
        } catch (err) {
          addHit(file, { probe: p.name, code: 'probe-error', message: `wants() threw: ${(err as Error).message}` });
        }
      }
      if (this.probeWants.length) {
        const want = Math.max(...this.probeWants.map((p) => p.maxBytes));
        this.captureWant = Math.min(want, h.size);
        this.captured = 0;
      }
    } else if (events.some((e) => e.kind === 'entry')) {
      this.entryCount++;
    }
  }

  private onFileData(chunk: Buffer): void {
    if (!this.file) return;
    // Most files come whole in one chunk: one call hashes them (no hash object per file).
    if (chunk.length === this.fileSize && !this.fileHash && hashOnce) this.fileDigest = hashOnce('sha256', chunk, 'hex');
    else (this.fileHash ??= createHash('sha256')).update(chunk);
    this.fileBytes += chunk.length;
    if (this.captured < this.captureWant) {
      const n = Math.min(chunk.length, this.captureWant - this.captured);
      if (this.captured === 0 && n === this.fileSize) {
        // The whole file in this chunk: the tar parser ends the entry (and the probes read it)
        // before it returns, so the chunk can be read in place, with no copy.
        this.capture = chunk;
      } else {
        this.capture ??= Buffer.allocUnsafe(this.captureWant);
        chunk.copy(this.capture, this.captured, 0, n);
      }
      this.captured += n;
    }
  }

  private onEntryEnd(): void {
    const file = this.file;
    if (file) {
      file.contentHash = this.fileDigest ?? (this.fileHash ? this.fileHash.digest('hex') : EMPTY_SHA256);
      if (this.probeWants.length) {
        const bytes = this.capture ? this.capture.subarray(0, this.captured) : Buffer.alloc(0);
        for (const p of this.probeWants) {
          try {
            const hits = p.inspect(file, bytes.subarray(0, Math.min(bytes.length, p.maxBytes)));
            for (const hit of hits ?? []) addHit(file, { ...hit, probe: p.name });
          } catch (err) {
            addHit(file, { probe: p.name, code: 'probe-error', message: `inspect() threw: ${(err as Error).message}` });
          }
        }
      }
    }
    this.file = null;
    this.fileHash = null;
    this.fileDigest = null;
    this.capture = null;
    this.captureWant = 0;
    this.probeWants = [];
    this.currentName = '';
    if (this.pending.length >= BATCH) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.opts.onEvents(batch);
  }
}

function addHit(entry: LayerEntry, hit: ProbeHit): void {
  (entry.probeHits ??= []).push(hit);
}
