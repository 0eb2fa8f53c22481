import { describe, expect, it } from 'vitest';
import { build, dir, file, hardlink, listing, opq, paths, symlink, wh } from './union-helpers.js';

describe('union filesystem: whiteouts', () => {
  it('a whiteout removes the path from lower layers', () => {
    const u = build([[dir('/a'), file('/a/x', 10), file('/a/y', 5)], [wh('/a/x')]]);
    expect(paths(u)).toEqual(['/a', '/a/y']);
  });

  it('a same-layer NAME survives its whiteout, whether the whiteout comes first or last', () => {
    const before = build([[file('/a/x', 10)], [wh('/a/x'), file('/a/x', 3)]]);
    const after = build([[file('/a/x', 10)], [file('/a/x', 3), wh('/a/x')]]);
    expect(listing(before)['/a/x']).toBe('file 3 644 0:0 L1');
    expect(listing(after)['/a/x']).toBe('file 3 644 0:0 L1');
  });

  it('a folder whiteout removes the whole lower subtree but keeps what the same layer put inside', () => {
    const lower = [dir('/d'), dir('/d/sub'), file('/d/sub/old', 7), file('/d/old', 1)];
    const first = build([lower, [wh('/d'), dir('/d'), file('/d/new', 2)]]);
    const last = build([lower, [file('/d/new', 2), wh('/d')]]);
    expect(paths(first)).toEqual(['/d', '/d/new']);
    expect(paths(last)).toEqual(['/d', '/d/new']);
    // Without its own entry the folder stays as an implied folder of the whiting-out layer.
    expect(listing(last)['/d']).toBe('dir 755 0:0 L1');
  });

  it('an opaque whiteout hides everything below its folder in lower layers, wherever it sits in the tar', () => {
    const lower = [dir('/d'), file('/d/a', 1), dir('/d/s'), file('/d/s/b', 2), file('/e', 3)];
    const opaqueFirst = build([lower, [dir('/d'), opq('/d'), file('/d/c', 4)]]);
    const opaqueLast = build([lower, [dir('/d'), file('/d/c', 4), dir('/d/s'), file('/d/s/z', 1), opq('/d')]]);
    expect(paths(opaqueFirst)).toEqual(['/d', '/d/c', '/e']);
    expect(paths(opaqueLast)).toEqual(['/d', '/d/c', '/d/s', '/d/s/z', '/e']);
  });

  it('an opaque whiteout leaves the folder itself and other folders alone', () => {
    const u = build([[dir('/d', { mode: 0o700 }), file('/d/a', 1), file('/x/y', 1)], [opq('/d')]]);
    expect(listing(u)['/d']).toBe('dir 700 0:0 L0');
    expect(paths(u)).toEqual(['/d', '/x', '/x/y']);
  });

  it('a whiteout of a path no lower layer has changes nothing', () => {
    const u = build([[file('/a', 1)], [wh('/nope'), wh('/a/b')]]);
    expect(paths(u)).toEqual(['/a']);
    expect(u.problems).toEqual([]);
  });

  it('whiteouts of a later layer remove what an earlier whiteout-layer re-added', () => {
    const u = build([[file('/a', 1)], [wh('/a'), file('/a', 2)], [wh('/a')]]);
    expect(paths(u)).toEqual([]);
  });
});

describe('union filesystem: entries', () => {
  it('duplicate entries in one layer: the last wins, and it is reported', () => {
    const u = build([[file('/a', 1, { content: 'one' }), file('/a', 2, { content: 'two', mode: 0o600 })]]);
    expect(listing(u)['/a']).toBe('file 2 600 0:0 L0');
    expect(u.problems).toMatchObject([{ layer: 0, path: '/a', code: 'duplicate-entry', severity: 'note' }]);
  });

  it('a file replacing a folder removes the old subtree', () => {
    const u = build([[dir('/p'), file('/p/a', 1), dir('/p/q'), file('/p/q/b', 2)], [file('/p', 9)]]);
    expect(paths(u)).toEqual(['/p']);
    expect(listing(u)['/p']).toBe('file 9 644 0:0 L1');
  });

  it('a folder replacing a file unlinks the file', () => {
    const u = build([[file('/p', 9)], [dir('/p'), file('/p/a', 1)]]);
    expect(paths(u)).toEqual(['/p', '/p/a']);
    expect(listing(u)['/p']).toBe('dir 755 0:0 L1');
  });

  it('a folder listed again only updates its attributes and keeps its children', () => {
    const u = build([[dir('/p'), file('/p/a', 1)], [dir('/p', { mode: 0o700, uid: 5, gid: 6 })]]);
    expect(listing(u)).toEqual({ '/p': 'dir 700 5:6 L1', '/p/a': 'file 1 644 0:0 L0' });
  });

  it('implies missing parent folders (0755, root), and a later entry for them sets their attributes', () => {
    const u = build([[file('/usr/share/doc/x', 3)], [dir('/usr/share', { mode: 0o750 })]]);
    expect(listing(u)).toEqual({
      '/usr': 'dir 755 0:0 L0',
      '/usr/share': 'dir 750 0:0 L1',
      '/usr/share/doc': 'dir 755 0:0 L0',
      '/usr/share/doc/x': 'file 3 644 0:0 L0',
    });
  });

  it('parents listed after their children (mmdebstrap order) are fine', () => {
    const u = build([[file('/dev/null2', 0), dir('/dev', { mode: 0o711 }), dir('/')]]);
    expect(listing(u)['/dev']).toBe('dir 711 0:0 L0');
  });

  it('an entry below a lower-layer file replaces the file with a folder, and says so', () => {
    const u = build([[file('/a', 5)], [file('/a/b', 1)]]);
    expect(listing(u)['/a']).toBe('dir 755 0:0 L1');
    expect(u.problems).toMatchObject([{ code: 'file-replaced-by-folder', path: '/a', layer: 1 }]);
  });

  it('symlinks keep their target', () => {
    const u = build([[symlink('/bin/sh', 'busybox')]]);
    expect(listing(u)['/bin/sh']).toBe('symlink 0 777 0:0 L0 -> busybox');
  });
});

describe('union filesystem: hardlinks', () => {
  it('a hardlink shows its target content and shares its version', () => {
    const u = build([[file('/data/a', 2, { content: 'a' }), hardlink('/data/hard', '/data/a')]]);
    expect(listing(u)['/data/hard']).toBe('hardlink 2 644 0:0 L0 -> /data/a');
    const s = u.store;
    expect(s.version[s.get('/data/hard')!]).toBe(s.version[s.get('/data/a')!]);
  });

  it('deleting one name of a hardlinked file frees nothing while the other name remains', () => {
    const u = build([[file('/data/a', 100, { content: 'a' }), hardlink('/data/hard', '/data/a')], [wh('/data/a')]]);
    expect(paths(u)).toEqual(['/data', '/data/hard']);
    expect(u.waste.length).toBe(0);
    const gone = build([[file('/data/a', 100, { content: 'a' }), hardlink('/data/hard', '/data/a')], [wh('/data/a'), wh('/data/hard')]]);
    expect(gone.waste.length).toBe(1);
  });

  it('a hardlink to a lower-layer file is accepted', () => {
    const u = build([[file('/a', 4, { content: 'x' })], [hardlink('/b', '/a')]]);
    expect(listing(u)['/b']).toBe('hardlink 4 644 0:0 L1 -> /a');
    expect(u.problems).toEqual([]);
  });

  it('a hardlink whose target no layer has is reported and kept as an empty file', () => {
    const u = build([[hardlink('/b', '/missing')]]);
    expect(listing(u)['/b']).toBe('hardlink 0 644 0:0 L0 -> /missing');
    expect(u.problems).toMatchObject([{ code: 'hardlink-target-missing', path: '/b', severity: 'warning' }]);
  });
});

describe('union filesystem: reader events', () => {
  it('records invalid entries (skipped ones as errors) and ignores notices it handles itself', () => {
    const u = build([
      [
        { kind: 'invalid', reason: 'bare-whiteout', name: 'etc/.wh.', path: '/etc/.wh.', message: 'a bare .wh. is invalid', kept: false },
        { kind: 'notice', code: 'hardlink-to-lower-layer', path: '/x', message: 'cross-layer' },
        file('/etc/passwd', 10),
      ],
    ]);
    expect(paths(u)).toEqual(['/etc', '/etc/passwd']);
    expect(u.problems).toMatchObject([{ code: 'bare-whiteout', severity: 'error', layer: 0 }]);
  });
});

describe('union filesystem: scale', () => {
  it('holds 100,000 files over 20 layers with whiteouts in a compact table', () => {
    const layers = [];
    for (let l = 0; l < 20; l++) {
      const events = [];
      for (let i = 0; i < 5000; i++) events.push(file(`/l${l}/d${i % 50}/f${i}`, 100 + i));
      if (l > 0) for (let i = 0; i < 500; i++) events.push(wh(`/l${l - 1}/d${i % 50}/f${i}`));
      if (l > 1) events.push(opq(`/l${l - 2}/d1`));
      layers.push(events);
    }
    const u = build(layers);
    // 100,000 files + 20 top folders + 1,000 subfolders ever seen; whiteouts removed 19 × 500.
    expect(u.store.count).toBe(1 + 20 + 1000 + 100_000);
    const s = u.store;
    let present = 0;
    for (let id = 1; id < s.count; id++) if (s.type[id] === 1) present++;
    expect(present).toBeLessThan(100_000 - 19 * 500 + 1);
    expect(present).toBeGreaterThan(80_000);
  });
});

describe('union filesystem: symlinked folders (merged /usr)', () => {
  const base = [dir('/usr'), dir('/usr/lib'), symlink('/lib', 'usr/lib'), symlink('/lib64', '/usr/lib'), dir('/usr/local'), symlink('/usr/local/lib', '../lib')];

  it('an entry below a symlinked folder lands where the link points, as containerd applies it', () => {
    const u = build([base, [file('/lib/libc.so', 10), file('/lib64/ld.so', 2), file('/usr/local/lib/x.so', 3)]]);
    expect(listing(u)['/lib']).toBe('symlink 0 777 0:0 L0 -> usr/lib');
    expect(paths(u).filter((p) => p.startsWith('/usr/lib/'))).toEqual(['/usr/lib/ld.so', '/usr/lib/libc.so', '/usr/lib/x.so']);
    expect(u.problems).toEqual([]);
  });

  it('whiteouts and hardlinks below a symlinked folder follow it too', () => {
    const u = build([base, [file('/usr/lib/a.so', 10, { content: 'a' })], [hardlink('/usr/lib/b.so', '/lib/a.so')], [wh('/lib/a.so')]]);
    expect(paths(u).filter((p) => p.startsWith('/usr/lib/'))).toEqual(['/usr/lib/b.so']);
    expect(listing(u)['/usr/lib/b.so']).toBe('hardlink 10 644 0:0 L2 -> /lib/a.so');
    expect(u.waste.length).toBe(0);
  });

  it('a dangling folder link is followed (its target folders are implied); a link loop is replaced, and said so', () => {
    const dangling = build([[symlink('/opt', '/data/opt')], [file('/opt/x', 1)]]);
    expect(paths(dangling)).toEqual(['/data', '/data/opt', '/data/opt/x', '/opt']);
    const loop = build([[symlink('/a', 'b'), symlink('/b', 'a')], [file('/a/x', 1)]]);
    expect(listing(loop)['/a']).toBe('dir 755 0:0 L1');
    expect(loop.problems).toMatchObject([{ code: 'file-replaced-by-folder', path: '/a' }]);
  });

  it('a link to a file is not a folder: the entry replaces it', () => {
    const u = build([[file('/etc/real', 1), symlink('/etc/conf', 'real')], [file('/etc/conf/x', 1)]]);
    expect(listing(u)['/etc/conf']).toBe('dir 755 0:0 L1');
    expect(listing(u)['/etc/real']).toBe('file 1 644 0:0 L0');
  });
});
