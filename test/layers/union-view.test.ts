import { describe, expect, it } from 'vitest';
import type { LayerEvent } from '../../src/layers/types.js';
import { analyseFake, dir, file, hardlink, symlink, wh } from './union-helpers.js';

describe('the final filesystem view and the event hook', () => {
  it('stat, has and entries show the final state with the layer that put each path there', async () => {
    const a = await analyseFake([
      [dir('/bin'), file('/bin/busybox', 100, { content: 'bb', mode: 0o755 }), symlink('/bin/sh', 'busybox'), file('/etc/shadow', 5)],
      [file('/bin/busybox', 100, { content: 'bb', mode: 0o4755, xattrs: { 'security.capability': 'AQ==' } }), hardlink('/bin/bb2', '/bin/busybox'), wh('/etc/shadow')],
    ]);
    const fs = a.filesystem;
    expect(fs.stat('/bin/busybox')).toEqual({ path: '/bin/busybox', type: 'file', size: 100, mode: 0o4755, uid: 0, gid: 0, layer: 1, contentHash: undefined, xattrs: 'security.capability=AQ==' });
    expect(fs.stat('/bin/sh')).toMatchObject({ type: 'symlink', linkTarget: 'busybox', layer: 0 });
    expect(fs.stat('/bin/bb2')).toMatchObject({ type: 'hardlink', linkTarget: '/bin/busybox', size: 100 });
    expect(fs.has('/etc/shadow')).toBe(false);
    expect(fs.stat('/etc/shadow')).toBeUndefined();
    expect([...fs.entries()].map((e) => e.path).sort()).toEqual(['/bin', '/bin/bb2', '/bin/busybox', '/bin/sh', '/etc']);
    expect(fs.size).toBe(5);
  });

  it('reports the content hash when it is a real sha256', async () => {
    const hex = 'ab'.repeat(32);
    const a = await analyseFake([[{ kind: 'entry', path: '/k', type: 'file', size: 3, mode: 0o600, uid: 0, gid: 0, contentHash: hex }]]);
    expect(a.filesystem.stat('/k')?.contentHash).toBe(hex);
  });

  it('onEvent sees every event of every layer, in order, with its layer', async () => {
    const seen: string[] = [];
    const layers: LayerEvent[][] = [[file('/a', 1)], [wh('/a'), file('/b', 2)]];
    await analyseFake(layers, { onEvent: (l, e) => seen.push(`${l} ${e.kind} ${'path' in e ? e.path : ''}`) });
    expect(seen).toEqual(['0 entry /a', '1 whiteout /a', '1 entry /b']);
  });
});
