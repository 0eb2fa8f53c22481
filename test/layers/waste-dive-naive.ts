/**
 * A naive dive, written from dive's description: whole trees, copied and re-stacked for every
 * whiteout, as dive does. Slow and obviously faithful: the yardstick for waste-dive.ts.
 */
import type { LayerEvent } from '../../src/layers/types.js';
import { prng } from '../../fixtures/generator/content.js';
import { dir, file, opq, wh } from './union-helpers.js';

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

export function naiveDive(layers: LayerEvent[][]) {
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

export function randomLayers(seed: number): LayerEvent[][] {
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

