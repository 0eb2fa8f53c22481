/**
 * dive's figures: hand-computed small cases (including dive's own TestEfficency), and a second,
 * deliberately naive implementation of dive's algorithm (copied trees, re-stacked for every
 * whiteout, as dive does) compared with plimsoll's on many generated layer sets.
 */
import { describe, expect, it } from 'vitest';
import type { LayerEvent } from '../../src/layers/types.js';
import { build, dir, file, opq, wh } from './union-helpers.js';
import { naiveDive, randomLayers } from './waste-dive-naive.js';

const figures = (layers: LayerEvent[][]) => {
  const u = build(layers);
  return u.dive.figures(u.diveLayerSizes());
};

describe('dive figures on hand-computed cases', () => {
  it("dive's TestEfficency: an implied folder's whiteout counts 0 bytes (score 0.75)", () => {
    const f = figures([
      [file('/etc/nginx/nginx.conf', 2000), file('/etc/nginx/public', 3000)],
      [file('/etc/nginx/nginx.conf', 5000), file('/etc/athing', 10000)],
      [wh('/etc/nginx')],
    ]);
    expect(f.efficiency).toBe(0.75);
    expect(f.inefficientPaths).toEqual([{ path: '/etc/nginx/nginx.conf', count: 2, cumulativeSize: 7000, minSize: 2000 }]);
    expect(f.wastedBytes).toBe(7000);
  });

  it('a folder with its own entry counts everything below it when whited out', () => {
    const f = figures([
      [dir('/etc'), dir('/etc/nginx'), file('/etc/nginx/nginx.conf', 2000), file('/etc/nginx/public', 3000)],
      [dir('/etc'), dir('/etc/nginx'), file('/etc/nginx/nginx.conf', 5000), file('/etc/athing', 10000)],
      [dir('/etc'), wh('/etc/nginx')],
    ]);
    // paths: nginx.conf 7000/2000, public 3000, athing 10000, /etc/nginx (whiteout) 8000
    expect(f.efficiency).toBe(23000 / 28000);
    expect(f.sizeBytes).toBe(20000);
    expect(f.userSizeBytes).toBe(15000);
    expect(f.userWastedPercent).toBe(7000 / 15000);
  });

  it('a chmod copy-up counts the file twice in wasted bytes; rm -rf of a folder does not count', () => {
    const f = figures([
      [dir('/a'), file('/a/big', 1000, { content: 'big' }), file('/a/del', 50)],
      [dir('/a'), file('/a/big', 1000, { content: 'big', mode: 0o755 })],
      [wh('/a')],
    ]);
    expect(f.wastedBytes).toBe(2000);
    expect(f.inefficientPaths.map((p) => p.path)).toEqual(['/a/big']);
  });

  it('deleting a single file counts it (the whiteout itself weighs 0)', () => {
    const f = figures([[file('/x', 10)], [wh('/x')]]);
    expect(f.inefficientPaths).toEqual([{ path: '/x', count: 2, cumulativeSize: 10, minSize: 0 }]);
    expect(f.efficiency).toBe(0);
  });

  it('ignores opaque whiteouts', () => {
    const f = figures([[dir('/d'), file('/d/a', 10)], [dir('/d'), opq('/d'), file('/d/b', 5)]]);
    expect(f.inefficientPaths).toEqual([]);
    expect(f.efficiency).toBe(1);
  });

  it('a scratch image scores 1 and its user wasted percent is undefined (NaN in dive)', () => {
    const f = figures([[file('/nothing', 0)]]);
    expect(f.efficiency).toBe(1);
    expect(f.userWastedPercent).toBeNull();
  });

  it('a whiteout of a path missing below stops the walk of that layer, as in dive', () => {
    const f = figures([[file('/b', 4), file('/z', 9)], [wh('/a'), file('/b', 4), file('/z', 9)]]);
    // Sorted: /.wh.a first, missing: /b and /z of layer 1 are never counted.
    expect(f.inefficientPaths).toEqual([]);
    expect(f.abortedLayers).toEqual([{ layer: 1, path: '/a' }]);
  });

  it('ties are ordered by path', () => {
    const f = figures([[file('/b', 1), file('/a', 1)], [file('/b', 1), file('/a', 1)]]);
    expect(f.inefficientPaths.map((p) => p.path)).toEqual(['/a', '/b']);
  });
});

describe('dive figures agree with a naive re-implementation of dive', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const layers = randomLayers(seed);
    it.runIf(seed <= 300)(`generated layer set ${seed}`, () => {
      const naive = naiveDive(layers);
      const f = figures(layers);
      expect(f.inefficientPaths.map((p) => p.path).sort()).toEqual(naive.paths);
      expect(f.wastedBytes).toBe(naive.wastedBytes);
      expect(f.efficiency).toBeCloseTo(naive.efficiency, 12);
    });
  }
});
