/**
 * Tar quirks real layers carry, written header by header, read by plimsoll's tar reader.
 * Where tar-stream (the obvious library) gets one wrong, the test shows it: that is why
 * src/layers/tar.ts exists.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { tar } from '../../fixtures/generator/index.js';
import type { LayerEntry, LayerEvent } from '../../src/layers/types.js';
import { LayerWalker } from '../../src/layers/walk.js';

const { entryHeader, headerBlock, extendedEntry, paxData, padding, endOfArchive } = tar;

function file(name: string, content: string | Buffer, extra: Partial<tar.WriteEntryOptions> = {}): Buffer {
  const b = typeof content === 'string' ? Buffer.from(content) : content;
  return Buffer.concat([entryHeader({ name, typeflag: '0', size: b.length, ...extra }), b, padding(b.length)]);
}

async function walk(parts: Buffer[], chunkSize?: number) {
  const buf = Buffer.concat(parts);
  const events: LayerEvent[] = [];
  const w = new LayerWalker({ maxBytes: 1e12, probes: [], onEvents: (b) => events.push(...b) });
  if (chunkSize) for (let i = 0; i < buf.length; i += chunkSize) await w.write(buf.subarray(i, i + chunkSize));
  else await w.write(buf);
  const summary = await w.end();
  return { events, summary, entries: events.filter((e): e is LayerEntry => e.kind === 'entry') };
}

const CAP = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x80, 0xc3, 0x28]);

describe('PAX headers', () => {
  it('apply path, linkpath and binary SCHILY.xattr values byte for byte', async () => {
    const long = `usr/share/${'x'.repeat(150)}/file.txt`;
    const target = `/opt/${'y'.repeat(120)}`;
    const { entries } = await walk([
      file(long, 'hello', { xattrs: { 'security.capability': CAP, 'user.note': 'plain' } }),
      entryHeader({ name: 'link', typeflag: '2', linkname: target }),
      endOfArchive(),
    ]);
    expect(entries[0]).toMatchObject({ path: `/${long}`, size: 5 });
    expect(Buffer.from(entries[0]!.xattrs!['security.capability']!, 'base64')).toEqual(CAP);
    expect(Buffer.from(entries[0]!.xattrs!['user.note']!, 'base64').toString()).toBe('plain');
    expect(entries[1]).toMatchObject({ path: '/link', type: 'symlink', linkname: target });
  });

  it('tar-stream corrupts the same binary xattr (why plimsoll has its own tar reader)', async () => {
    const extract = tarStream.extract();
    let pax: Record<string, string> | undefined;
    extract.on('entry', (h, stream, next) => {
      pax = (h as { pax?: Record<string, string> }).pax;
      stream.resume();
      stream.on('end', next);
    });
    const done = new Promise<void>((r) => extract.on('finish', () => r()));
    Readable.from([Buffer.concat([file('f', 'x', { xattrs: { 'security.capability': CAP } }), endOfArchive()])]).pipe(extract);
    await done;
    const value = pax?.['SCHILY.xattr.security.capability'] ?? '';
    expect(Buffer.from(value, 'utf8').equals(CAP)).toBe(false);
    expect(Buffer.from(value, 'latin1').equals(CAP)).toBe(false);
  });

  it('take the size from PAX size= over the header field', async () => {
    const body = Buffer.alloc(1000, 0x61);
    const { entries } = await walk([
      extendedEntry('x', paxData([['size', '1000']])),
      headerBlock({ name: 'big', typeflag: '0', size: 0 }),
      body,
      padding(1000),
      file('after', 'ok'),
      endOfArchive(),
    ]);
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ['/big', 1000],
      ['/after', 2],
    ]);
    expect(entries[0]!.contentHash).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('ignore global PAX headers (moby does), including their path and xattrs', async () => {
    const { entries } = await walk([
      extendedEntry('g', paxData([['path', 'evil'], ['SCHILY.xattr.user.x', 'y'], ['comment', 'built by git archive']])),
      file('real', 'r'),
      endOfArchive(),
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ path: '/real' });
    expect(entries[0]!.xattrs).toBeUndefined();
  });

  it('refuse a malformed PAX record with a tar error', async () => {
    await expect(walk([extendedEntry('x', Buffer.from('99 path=x\n')), file('f', 'x'), endOfArchive()])).rejects.toThrow(/malformed PAX record/);
  });
});

describe('GNU extensions', () => {
  it('read GNU long names and long link targets (././@LongLink)', async () => {
    const long = `a/${'n'.repeat(200)}`;
    const target = `b/${'t'.repeat(200)}`;
    const { entries } = await walk([
      file(long, 'x', { format: 'gnu' }),
      entryHeader({ name: 'hl', typeflag: '1', linkname: long, format: 'gnu' }),
      entryHeader({ name: 'sl', typeflag: '2', linkname: target, format: 'gnu' }),
      endOfArchive(),
    ]);
    expect(entries.map((e) => [e.path, e.linkname])).toEqual([
      [`/${long}`, undefined],
      ['/hl', `/${long}`],
      ['/sl', target],
    ]);
  });

  it('read base-256 sizes', async () => {
    const { entries } = await walk([
      Buffer.concat([headerBlock({ name: 'b256', typeflag: '0', size: 5, base256Size: true }), Buffer.from('12345'), padding(5)]),
      endOfArchive(),
    ]);
    expect(entries[0]).toMatchObject({ path: '/b256', size: 5 });
  });

  it('report the real size of a GNU sparse (S) file and keep reading after it', async () => {
    const stored = Buffer.alloc(512, 0x62);
    const { entries } = await walk([
      headerBlock({ name: 'sparse.img', typeflag: 'S', size: 512, magic: 'gnu', sparse: { realSize: 10 * 1024 * 1024, map: [[0, 512]] } }),
      stored,
      file('next', 'n'),
      endOfArchive(),
    ]);
    expect(entries[0]).toMatchObject({ path: '/sparse.img', type: 'file', size: 10 * 1024 * 1024, sparse: true });
    expect(entries[1]).toMatchObject({ path: '/next', size: 1 });
  });

  it('skip the extended sparse header blocks of a GNU sparse file', async () => {
    const h = headerBlock({ name: 'many-holes', typeflag: 'S', size: 512, magic: 'gnu', sparse: { realSize: 1 << 30, map: [[0, 512]] } });
    h[482] = 1; // "is extended": one more sparse block follows
    // fix the checksum after the change
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
    const ext = Buffer.alloc(512); // 21 empty descriptors, isextended (504) = 0
    const { entries } = await walk([h, ext, Buffer.alloc(512, 0x63), file('after', 'a'), endOfArchive()]);
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ['/many-holes', 1 << 30],
      ['/after', 1],
    ]);
  });

  it('read PAX sparse files (GNU.sparse.name, GNU.sparse.realsize)', async () => {
    const { entries } = await walk([
      extendedEntry('x', paxData([['GNU.sparse.major', '1'], ['GNU.sparse.minor', '0'], ['GNU.sparse.name', 'data/disk.img'], ['GNU.sparse.realsize', '4194304']])),
      Buffer.concat([headerBlock({ name: 'data/GNUSparseFile.0/disk.img', typeflag: '0', size: 512 }), Buffer.alloc(512)]),
      endOfArchive(),
    ]);
    expect(entries[0]).toMatchObject({ path: '/data/disk.img', size: 4194304, sparse: true });
  });

  it('read archives mixing GNU and POSIX magic (mmdebstrap)', async () => {
    const { entries } = await walk([
      entryHeader({ name: './dev/null', typeflag: '3', devmajor: 1, devminor: 3, magic: 'gnu' }),
      file('./etc/os-release', 'ID=debian'),
      endOfArchive(),
    ]);
    expect(entries.map((e) => e.path)).toEqual(['/dev/null', '/etc/os-release']);
    expect(entries[0]).toMatchObject({ type: 'char', devmajor: 1, devminor: 3 });
  });
});

describe('names', () => {
  it('join the USTAR prefix field (Go splits long paths this way without PAX)', async () => {
    const long = `data/${'x'.repeat(120)}/${'y'.repeat(60)}/f`;
    const header = entryHeader({ name: long, typeflag: '0', size: 1, format: 'ustar' });
    expect(header.length).toBe(512); // no PAX header: prefix + name
    const { entries } = await walk([header, Buffer.from('z'), padding(1), endOfArchive()]);
    expect(entries[0]!.path).toBe(`/${long}`);
  });

  it('clean ./-prefixed, bare and absolute names to one absolute form', async () => {
    const { entries } = await walk([
      entryHeader({ name: './', typeflag: '5' }),
      file('./a/b', '1'),
      file('c//d/', '2'),
      file('/e/./f', '3'),
      entryHeader({ name: '/', typeflag: '5' }),
      endOfArchive(),
    ]);
    expect(entries.map((e) => e.path)).toEqual(['/', '/a/b', '/c/d', '/e/f', '/']);
  });

  it('deliver entries in tar order, parents listed after their children included', async () => {
    const { entries } = await walk([file('a/b/c', 'c'), entryHeader({ name: 'a/b/', typeflag: '5', mode: 0o700 }), entryHeader({ name: 'a/', typeflag: '5' }), endOfArchive()]);
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual(['file:/a/b/c', 'dir:/a/b', 'dir:/a']);
    expect(entries[1]!.mode).toBe(0o700);
  });

  it('read v7 headers (no magic) and take a trailing slash as a folder', async () => {
    const { entries } = await walk([
      headerBlock({ name: 'old/', typeflag: '\0', magic: 'v7' }),
      Buffer.concat([headerBlock({ name: 'old/f', typeflag: '\0', magic: 'v7', size: 2 }), Buffer.from('v7'), padding(2)]),
      endOfArchive(),
    ]);
    expect(entries.map((e) => `${e.type}:${e.path}:${e.size}`)).toEqual(['dir:/old:0', 'file:/old/f:2']);
  });
});

describe('entry types', () => {
  it('read hardlinks, symlinks, devices and FIFOs, ignoring size fields of header-only types (as Go does)', async () => {
    const { entries } = await walk([
      file('bin/busybox', 'bb', { mode: 0o4755 }),
      entryHeader({ name: 'bin/sh', typeflag: '1', linkname: './bin/busybox' }),
      entryHeader({ name: 'bin/ls', typeflag: '2', linkname: 'busybox' }),
      entryHeader({ name: 'dev/null', typeflag: '3', devmajor: 1, devminor: 3 }),
      entryHeader({ name: 'dev/loop0', typeflag: '4', devmajor: 7, devminor: 0 }),
      entryHeader({ name: 'run/fifo', typeflag: '6' }),
      headerBlock({ name: 'dir-with-size/', typeflag: '5', size: 4096 }),
      file('after', 'x'),
      endOfArchive(),
    ]);
    expect(entries.map((e) => [e.path, e.type, e.linkname])).toEqual([
      ['/bin/busybox', 'file', undefined],
      ['/bin/sh', 'hardlink', '/bin/busybox'],
      ['/bin/ls', 'symlink', 'busybox'],
      ['/dev/null', 'char', undefined],
      ['/dev/loop0', 'block', undefined],
      ['/run/fifo', 'fifo', undefined],
      ['/dir-with-size', 'dir', undefined],
      ['/after', 'file', undefined],
    ]);
    expect(entries[0]!.mode).toBe(0o4755);
  });

  it('skip unknown typeflags as invalid entries, content and all', async () => {
    const { events, entries } = await walk([
      Buffer.concat([headerBlock({ name: 'weird', typeflag: 'Z', size: 3 }), Buffer.from('abc'), padding(3)]),
      file('after', 'x'),
      endOfArchive(),
    ]);
    expect(events[0]).toMatchObject({ kind: 'invalid', reason: 'unknown-type', path: '/weird', kept: false });
    expect(entries.map((e) => e.path)).toEqual(['/after']);
  });
});

describe('whiteouts', () => {
  it('turn .wh.NAME into a whiteout and only the exact .wh..wh..opq into an opaque folder', async () => {
    const { events } = await walk([
      file('etc/.wh.passwd', ''),
      file('var/cache/.wh..wh..opq', ''),
      file('etc/.wh..wh..opqX', ''),
      file('.wh.top', ''),
      endOfArchive(),
    ]);
    expect(events.map((e) => `${e.kind}:${'path' in e ? e.path : ''}`)).toEqual([
      'whiteout:/etc/passwd',
      'opaque:/var/cache',
      'notice:/etc/.wh..wh..opqX',
      'whiteout:/top',
    ]);
  });

  it('report a bare .wh. as invalid and never as a whiteout of its folder', async () => {
    const { events } = await walk([file('etc/.wh.', ''), endOfArchive()]);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'invalid', reason: 'bare-whiteout', name: 'etc/.wh.', path: '/etc/.wh.', kept: false }),
    ]);
  });

  it('skip AUFS metadata (.wh..wh.plnk, .wh..wh.aufs, .wh..wh.orph) with a notice', async () => {
    const { events, entries } = await walk([
      entryHeader({ name: '.wh..wh.plnk/', typeflag: '5' }),
      file('.wh..wh.plnk/1234.5678', 'hardlinked'),
      file('.wh..wh.aufs', ''),
      entryHeader({ name: '.wh..wh.orph/', typeflag: '5' }),
      endOfArchive(),
    ]);
    expect(entries).toHaveLength(0);
    expect(events.every((e) => e.kind === 'notice' && e.code === 'aufs-meta')).toBe(true);
    expect(events).toHaveLength(4);
  });
});

describe('stream shape', () => {
  it('gives the same result fed one byte at a time', async () => {
    const parts = [file(`x/${'l'.repeat(130)}`, 'pax name', { xattrs: { 'security.capability': CAP } }), file('y', 'z'.repeat(700)), endOfArchive()];
    const whole = await walk(parts);
    const bytewise = await walk(parts, 1);
    expect(bytewise.events).toEqual(whole.events);
    expect(bytewise.summary).toEqual(whole.summary);
  });

  it('accept a tar without the end-of-archive blocks, and ignore bytes after them while hashing them into the diffId', async () => {
    const noEnd = await walk([file('a', 'a')]);
    expect(noEnd.entries).toHaveLength(1);
    const trailing = Buffer.concat([file('a', 'a'), endOfArchive(), Buffer.from('estargz-like footer after the tar end')]);
    const r = await walk([trailing]);
    expect(r.entries).toHaveLength(1);
    expect(r.summary.diffId).toBe(`sha256:${createHash('sha256').update(trailing).digest('hex')}`);
  });

  it('report duplicates in one layer (./etc/ and etc collide), the last one winning', async () => {
    const { events, summary } = await walk([
      entryHeader({ name: './etc/', typeflag: '5' }),
      entryHeader({ name: 'etc', typeflag: '5', mode: 0o700 }),
      file('etc/f', '1'),
      file('./etc/f', '2'),
      endOfArchive(),
    ]);
    expect(summary.duplicates).toEqual(['/etc', '/etc/f']);
    expect(events.filter((e) => e.kind === 'notice').map((e) => (e as { code: string }).code)).toEqual(['duplicate-entry', 'duplicate-entry']);
  });

  it('fail on a bad header checksum with a tar error', async () => {
    await expect(walk([headerBlock({ name: 'x', typeflag: '0', badChecksum: true }), endOfArchive()])).rejects.toThrow(/bad checksum/);
  });
});
