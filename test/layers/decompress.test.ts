import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentBytes } from '../../fixtures/generator/index.js';
import { checkZstdWindow, createInflater, sniffCompression, type ZstdDecoder } from '../../src/layers/decompress.js';

const hasCli = spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCli) console.warn('zstd command missing: zstd-cli decoder tests skipped (apt-get install zstd)');
const DATA = contentBytes(3_000_000, 11);
const ZST = hasCli ? spawnSync('zstd', ['-q', '-c', '-3'], { input: DATA }).stdout : Buffer.alloc(0);

async function inflate(kind: 'gzip' | 'zstd' | 'none', input: Buffer, decoder?: ZstdDecoder, chunk = 65536): Promise<Buffer> {
  const parts: Buffer[] = [];
  const inf = createInflater(kind, (c) => parts.push(Buffer.from(c)), decoder);
  for (let i = 0; i < input.length; i += chunk) await inf.write(input.subarray(i, i + chunk));
  await inf.end();
  return Buffer.concat(parts);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('compression by magic bytes', () => {
  it('tells gzip, zstd and plain apart by their first bytes only', () => {
    expect(sniffCompression(gzipSync(Buffer.from('x')))).toBe('gzip');
    expect(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(sniffCompression(Buffer.from('ustar'))).toBe('none');
    expect(sniffCompression(Buffer.alloc(0))).toBe('none');
  });

  it('gunzips concatenated gzip members (estargz is made of them)', async () => {
    const a = Buffer.from('first member ');
    const b = Buffer.from('second member');
    expect((await inflate('gzip', Buffer.concat([gzipSync(a), gzipSync(b)]))).toString()).toBe('first member second member');
  });

  it('reports a truncated gzip stream as truncated', async () => {
    const gz = gzipSync(DATA);
    await expect(inflate('gzip', gz.subarray(0, gz.length / 2))).rejects.toThrow(/truncated/);
  });
});

describe.skipIf(!hasCli)('zstd decoders', () => {
  it.each(['fzstd', 'zstd-cli'] as const)('%s decodes byte for byte, in any chunking', async (decoder) => {
    expect(sha(await inflate('zstd', ZST, decoder))).toBe(sha(DATA));
    expect(sha(await inflate('zstd', ZST, decoder, 7))).toBe(sha(DATA));
  });

  it.each(['fzstd', 'zstd-cli'] as const)('%s reports a truncated stream as truncated', async (decoder) => {
    await expect(inflate('zstd', ZST.subarray(0, ZST.length - 1000), decoder)).rejects.toThrow(/truncated|corrupt/);
  });

  it.each(['fzstd', 'zstd-cli'] as const)('%s reports garbage after the magic as corrupt', async (decoder) => {
    const bad = Buffer.concat([ZST.subarray(0, 8), Buffer.alloc(5000, 0xaa)]);
    await expect(inflate('zstd', bad, decoder)).rejects.toThrow(/corrupt zstd data|truncated/);
  });

  it('refuses a frame header asking for a window above 128 MiB before allocating it', () => {
    // Frame header descriptor 0x00 (no single segment), window descriptor: exponent 20 → 2^30.
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3]);
    expect(() => checkZstdWindow(header)).toThrow(/window, above the 134217728-byte limit/);
  });
});
