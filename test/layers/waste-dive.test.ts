/**
 * dive's figures: hand-computed small cases (including dive's own TestEfficency), and a second,
 * deliberately naive implementation of dive's algorithm (copied trees, re-stacked for every
 * whiteout, as dive does) compared with plimsoll's on many generated layer sets.
 */
import { describe, expect, it } from 'vitest';
import type { LayerEvent } from '../../src/layers/types.js';
import { prng } from '../../fixtures/generator/content.js';
import { build, dir, file, opq, wh } from './union-helpers.js';

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

// ---------------------------------------------------------------------------------------------
// A naive dive, written from dive's description: whole trees, copied and re-stacked.

interface DNode {
  size: number;
  isDir: boolean;
  children: Map<string, DNode>;
}
const dnode = (): DNode => ({ size: 0, isDir: false, children: new Map() });

function addPath(root: DNode, path: string, info?: { size: number; isDir: boolean }): void {
  const names = path.split('/').filter(Boolean);
  let n = root;
  for (let i = 0; i < names.length; i++) {
    let c = n.children.get(names[i]);
    if (!c) {
      if (names[i].startsWith('.wh..wh..')) return;
      c = dnode();
      n.children.set(names[i], c);
    }
    n = c;
    if (i === names.length - 1 && info) {
      n.size = info.size;
      n.isDir = info.isDir;
    }
  }
}

function getNode(root: DNode, path: string): DNode | undefined {
  let n: DNode | undefined = root;
  for (const name of path.split('/').filter(Boolean)) n = n?.children.get(name);
  return n;
}

function removePath(root: DNode, path: string): void {
  const names = path.split('/').filter(Boolean);
  const parent = getNode(root, names.slice(0, -1).join('/'));
  parent?.children.delete(names[names.length - 1]);
}

function copy(n: DNode): DNode {
  return { size: n.size, isDir: n.isDir, children: new Map([...n.children].map(([k, v]) => [k, copy(v)])) };
}

/** Child-first, children sorted by name; calls visit(path, node, name); stops when it returns false. */
function visitChildFirst(n: DNode, path: string, visit: (path: string, node: DNode, name: string) => boolean, name = ''): boolean {
  for (const k of [...n.children.keys()].sort()) {
    if (!visitChildFirst(n.children.get(k)!, `${path}/${k}`, visit, k)) return false;
  }
  return path === '' ? true : visit(path, n, name);
}

function stack(lower: DNode, upper: DNode): void {
  visitChildFirst(upper, '', (path, node, name) => {
    if (name.startsWith('.wh.')) removePath(lower, path.slice(0, path.length - name.length) + name.slice(4));
    else addPath(lower, path, { size: node.size, isDir: node.isDir });
    return true;
  });
}

function naiveDive(layers: LayerEvent[][]) {
  const trees = layers.map((events) => {
    const t = dnode();
    for (const e of events) {
      if (e.kind === 'whiteout') {
        const i = e.path.lastIndexOf('/');
        addPath(t, `${e.path.slice(0, i)}/.wh.${e.path.slice(i + 1)}`, { size: 0, isDir: false });
      } else if (e.kind === 'opaque') addPath(t, `${e.path}/.wh..wh..opq`, { size: 0, isDir: false });
      else if (e.kind === 'entry' || e.kind === undefined) {
        const le = e as { path: string; size: number; type: string };
        addPath(t, le.path, { size: le.size, isDir: le.type === 'dir' });
      }
    }
    return t;
  });
  const data = new Map<string, { count: number; cum: number; min: number }>();
  trees.forEach((tree, idx) => {
    visitChildFirst(tree, '', (path, node, name) => {
      if (node.children.size > 0) return true;
      let size = node.size;
      let key = path;
      if (name.startsWith('.wh.')) {
        key = path.slice(0, path.length - name.length) + name.slice(4);
        const stacked = copy(trees[0]);
        for (let i = 0; i <= idx - 1; i++) stack(stacked, trees[i]);
        const prev = getNode(stacked, key);
        if (!prev) return false;
        size = 0;
        if (prev.isDir) visitChildFirst({ size: 0, isDir: true, children: new Map([['x', prev]]) }, '', (_p, n) => ((size += n.size), true));
      }
      const d = data.get(key) ?? { count: 0, cum: 0, min: -1 };
      d.count++;
      d.cum += size;
      if (d.min < 0 || size < d.min) d.min = size;
      data.set(key, d);
      return true;
    });
  });
  let min = 0;
  let cum = 0;
  let wasted = 0;
  for (const d of data.values()) {
    min += d.min;
    cum += d.cum;
    if (d.count >= 2) wasted += d.cum;
  }
  return { efficiency: cum === 0 ? 1 : min / cum, wastedBytes: wasted, paths: [...data].filter(([, d]) => d.count >= 2).map(([p]) => p).sort() };
}

function randomLayers(seed: number): LayerEvent[][] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const dirs = ['/a', '/a/b', '/a/b/c', '/d', '/d/e', '/f'];
  const names = ['x', 'y', 'z', 'big', '-dash', 'sub'];
  const layers: LayerEvent[][] = [];
  const n = 2 + Math.floor(rnd() * 6);
  for (let l = 0; l < n; l++) {
    const events: LayerEvent[] = [];
    const count = 1 + Math.floor(rnd() * 10);
    for (let k = 0; k < count; k++) {
      const r = rnd();
      const d = pick(dirs);
      if (r < 0.15) events.push(dir(d));
      else if (r < 0.65) events.push(file(`${d}/${pick(names)}`, Math.floor(rnd() * 1000), { content: String(Math.floor(rnd() * 3)) }));
      else if (l > 0 && r < 0.85) events.push(wh(rnd() < 0.5 ? d : `${d}/${pick(names)}`));
      else if (l > 0) events.push(opq(d));
    }
    layers.push(events);
  }
  return layers;
}

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
