import { describe, expect, it } from 'vitest';
import { build, dir, file, hardlink, opq, symlink, wh } from './union-helpers.js';

const diffOf = (layers: Parameters<typeof build>[0], index = layers.length - 1) => build(layers).layerResults[index].diff;

describe('per-layer diffs', () => {
  it('counts Added paths and their bytes, implied folders included', () => {
    const d = diffOf([[file('/a/b', 10), file('/a/c', 5), symlink('/a/l', 'b')]]);
    expect(d.added).toEqual({ count: 4, bytes: 15 });
    expect(d.changed.count).toBe(0);
    expect(d.deleted.count).toBe(0);
  });

  it('splits Changed into content changes and metadata-only changes by the content hash', () => {
    const d = diffOf([
      [file('/c', 10, { content: 'v1' }), file('/m', 20, { content: 'same' }), file('/o', 30, { content: 'o' }), file('/t', 1, { content: 't' })],
      [file('/c', 12, { content: 'v2' }), file('/m', 20, { content: 'same', mode: 0o755 }), file('/o', 30, { content: 'o', uid: 1000, gid: 1000 }), file('/t', 1, { content: 't' })],
    ]);
    expect(d.changed.content).toEqual({ count: 1, bytes: 12 });
    // chmod, chown, and a file shipped again unchanged (timestamps only) are metadata-only.
    expect(d.changed.metadata).toEqual({ count: 3, bytes: 51 });
    expect(d.changed).toMatchObject({ count: 4, bytes: 63 });
    expect(d.added.count).toBe(0);
  });

  it('a folder listed again unchanged is no change; a chmod of a folder is a metadata change', () => {
    const d = diffOf([[dir('/x'), dir('/y')], [dir('/x'), dir('/y', { mode: 0o700 })]]);
    expect(d.changed).toMatchObject({ count: 1, metadata: { count: 1, bytes: 0 } });
  });

  it('counts every deleted path below a deleted folder and the bytes it held', () => {
    const d = diffOf([[dir('/d'), file('/d/a', 3), dir('/d/s'), file('/d/s/b', 4)], [wh('/d')]]);
    expect(d.deleted).toEqual({ count: 4, bytes: 7 });
  });

  it('an opaque whiteout deletes the lower children and adds the new ones', () => {
    const d = diffOf([[dir('/d'), file('/d/a', 3), file('/d/b', 4)], [dir('/d'), opq('/d'), file('/d/a', 5, { content: 'new' })]]);
    expect(d.deleted).toEqual({ count: 1, bytes: 4 });
    expect(d.changed.content).toEqual({ count: 1, bytes: 5 });
  });

  it('a type change is a content change', () => {
    const d = diffOf([[file('/p', 3)], [symlink('/p', '/q')]]);
    expect(d.changed.content.count).toBe(1);
  });

  it('hardlinks ship no bytes', () => {
    const d = diffOf([[file('/a', 100, { content: 'a' }), hardlink('/b', '/a')]]);
    expect(d.added).toEqual({ count: 2, bytes: 100 });
  });

  it('a path added and removed in the same layer is no change', () => {
    const d = diffOf([[file('/keep', 1)], [file('/tmp/x', 3), wh('/nothing')]]);
    expect(d.added.count).toBe(2);
  });

  it('records the per-path changes of one layer with A/C/D marks', () => {
    const u = build(
      [
        [dir('/d'), file('/d/a', 3, { content: 'a' }), file('/d/b', 4), file('/e', 1)],
        [file('/d/a', 3, { content: 'a', mode: 0o600, uid: 1 }), wh('/d/b'), file('/f', 2)],
      ],
      { recordChangesOf: 1 },
    );
    expect(u.layerResults[1].changes).toEqual([
      { path: '/d/a', mark: 'C', metadataOnly: ['mode', 'owner'], type: 'file', size: 3 },
      { path: '/d/b', mark: 'D', metadataOnly: undefined, type: 'file', size: 4 },
      { path: '/f', mark: 'A', metadataOnly: undefined, type: 'file', size: 2 },
    ]);
    expect(u.layerResults[0].changes).toBeUndefined();
  });
});
