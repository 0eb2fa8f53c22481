/**
 * The treemap of the final filesystem: the folder in view and one level below it, laid out by
 * d3-hierarchy's squarified treemap; click a folder to go into it, the path above to go back.
 * Colour is the share of a cell's bytes that is reclaimable (caches, duplicates) or was removed
 * by a later layer, or, in layer mode, the layer that brought most of its bytes.
 */
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import { bytes, clear, count, h, layerColor } from './dom.js';
import type { Selection } from './state.js';
import type { FinalNode } from './types.js';

interface Datum {
  node: FinalNode;
  path: string;
  /** A stand-in for bytes removed by later layers in this very folder (not in any child). */
  ghost?: number;
  /** The least area the cell gets, so that a tiny top folder can still be seen and clicked. */
  floor?: number;
  children?: Datum[];
}

type Mode = 'waste' | 'layer';

const HEIGHT = 440;
/** A folder in view gets at least this share of the area (its size is in its label and tooltip). */
const MIN_SHARE = 0.004;

export function treemapSection(root: FinalNode, sel: Selection, reveal: (path: string) => void): HTMLElement {
  let current: { node: FinalNode; path: string } = { node: root, path: '/' };
  let mode: Mode = 'waste';
  let showRemoved = false;
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'treemap folder' });
  const area = h('div', { class: 'treemap', style: `height:${HEIGHT}px` });
  const modeSelect = h(
    'select',
    {
      'aria-label': 'colour',
      onchange: (e: Event) => {
        mode = (e.target as HTMLSelectElement).value as Mode;
        draw();
      },
    },
    h('option', { value: 'waste' }, 'colour: reclaimable and removed bytes'),
    h('option', { value: 'layer' }, 'colour: layer'),
  );
  const removedBox = h('input', {
    type: 'checkbox',
    onchange: (e: Event) => {
      showRemoved = (e.target as HTMLInputElement).checked;
      draw();
    },
  });
  const legend = h('div', { class: 'legend' });

  function go(node: FinalNode, path: string): void {
    current = { node, path };
    draw();
  }

  function drawCrumbs(): void {
    clear(crumbs);
    const parts = current.path.split('/').filter(Boolean);
    let node = root;
    let path = '';
    const trail: Array<{ node: FinalNode; path: string; name: string }> = [{ node: root, path: '/', name: '/' }];
    for (const p of parts) {
      const next = (node[6] as FinalNode[]).find((c) => c[0] === p);
      if (!next) break;
      node = next;
      path += `/${p}`;
      trail.push({ node, path, name: p });
    }
    trail.forEach((t, i) => {
      if (i > 0) crumbs.appendChild(document.createTextNode(i === 1 ? '' : ' / '));
      if (i === trail.length - 1) crumbs.appendChild(h('strong', {}, t.name));
      else crumbs.appendChild(h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), go(t.node, t.path)) }, t.name));
      if (i === 0 && trail.length > 1) crumbs.appendChild(document.createTextNode(' '));
    });
    crumbs.appendChild(h('span', { class: 'dim-text' }, `  ${bytes(current.node[2])}`));
  }

  function datum(node: FinalNode, path: string, depth: number, floor?: number): Datum {
    const d: Datum = { node, path };
    const kids = node[6];
    if (floor !== undefined && value(d) < floor) {
      // Too small to show its insides: one cell with the least area, so it is still there.
      d.floor = floor;
      return d;
    }
    if (depth < 2 && Array.isArray(kids) && kids.length > 0) {
      const least = depth === 0 ? value(d) * MIN_SHARE : undefined;
      d.children = kids.map((k) => datum(k, path === '/' ? `/${k[0]}` : `${path}/${k[0]}`, depth + 1, k[1] === 'd' ? least : undefined));
      if (showRemoved) {
        const own = node[5] - kids.reduce((n, k) => n + k[5], 0);
        if (own > 0) d.children.push({ node: ['(removed by later layers)', 'f', 0, -1, 0, own, 0], path, ghost: own });
      }
    }
    return d;
  }

  function value(d: Datum): number {
    if (d.ghost !== undefined) return d.ghost;
    const v = d.node[2] + (showRemoved ? d.node[5] : 0);
    return d.floor !== undefined && v > 0 ? Math.max(v, d.floor) : v;
  }

  function realValue(d: Datum): number {
    return d.ghost ?? d.node[2] + (showRemoved ? d.node[5] : 0);
  }

  function color(d: Datum): string {
    if (d.ghost !== undefined) return 'var(--removed)';
    const n = d.node;
    if (mode === 'layer') return n[3] >= 0 ? layerColor(n[3]) : '#bbb';
    const all = n[2] + n[5];
    const share = all > 0 ? Math.min(1, (n[4] + n[5]) / all) : 0;
    // from calm blue (nothing to reclaim) to red (all of it)
    const hue = 210 - 200 * Math.sqrt(share);
    return `hsl(${hue.toFixed(0)} ${(45 + 30 * share).toFixed(0)}% ${(62 - 10 * share).toFixed(0)}%)`;
  }

  function draw(): void {
    drawCrumbs();
    clear(area);
    const width = area.clientWidth || 960;
    const top = hierarchy<Datum>(datum(current.node, current.path, 0), (d) => d.children)
      .sum((d) => (d.children ? 0 : value(d)))
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    const layout = treemap<Datum>()
      .tile(treemapSquarify)
      .size([width, HEIGHT])
      .paddingInner(2)
      .paddingOuter(1)
      .paddingTop((n) => (n.depth === 1 && n.children ? 18 : 1))
      .round(true);
    const laid: HierarchyRectangularNode<Datum> = layout(top);
    if ((laid.value ?? 0) <= 0) {
      area.appendChild(h('p', { class: 'empty' }, 'No bytes here.'));
      return;
    }
    for (const n of laid.descendants()) {
      if (n.depth === 0 || (n.value ?? 0) <= 0) continue;
      const w = n.x1 - n.x0;
      const ht = n.y1 - n.y0;
      if (w < 1 || ht < 1) continue;
      const d = n.data;
      const node = d.node;
      const isDir = node[1] === 'd';
      const framed = n.depth === 1 && !!n.children;
      const cell = h('div', {
        class: `tm-cell d${n.depth}${framed ? ' frame' : ''}${d.ghost !== undefined ? ' ghost' : ''}`,
        'data-depth': n.depth,
        'data-kind': d.ghost !== undefined ? 'g' : node[1],
        'data-path': d.path,
        style: `left:${n.x0}px;top:${n.y0}px;width:${w}px;height:${ht}px;${framed ? `border-color:${color(d)}` : `background:${color(d)}`}`,
        title: tip(d),
      });
      if (sel.layer !== null && d.ghost === undefined && node[3] !== sel.layer) cell.classList.add('dim');
      if ((n.depth === 1 && w > 36 && ht > 14) || (n.depth === 2 && w > 60 && ht > 28)) {
        cell.appendChild(h('span', { class: 'tm-label' }, `${node[0]}${isDir ? '/' : ''} ${bytes(realValue(d))}`));
      }
      cell.addEventListener('click', (e) => {
        e.stopPropagation();
        if (d.ghost !== undefined || node[1] === 's') return;
        if (isDir && Array.isArray(node[6]) && node[6].length > 0) go(node, d.path);
        else reveal(d.path);
      });
      area.appendChild(cell);
    }
  }

  function tip(d: Datum): string {
    if (d.ghost !== undefined) return `${d.path}: ${bytes(d.ghost)} shipped here by a layer and removed by a later one`;
    const n = d.node;
    const lines = [`${d.path}${n[1] === 'd' ? '/' : ''}`, `${bytes(n[2])}${n[1] === 's' ? ` in ${count(n[6] as number)} paths` : ''}`];
    if (n[3] >= 0) lines.push(`${n[1] === 'f' ? 'from' : 'mostly from'} layer ${n[3]}`);
    if (n[4] > 0) lines.push(`${bytes(n[4])} reclaimable (caches, duplicate copies)`);
    if (n[5] > 0) lines.push(`${bytes(n[5])} shipped and removed or replaced by later layers`);
    return lines.join('\n');
  }

  function drawLegend(): void {
    clear(legend);
    legend.append(
      h('span', { class: 'key', style: `background:${color({ node: ['', 'f', 1, 0, 0, 0, 0], path: '' })}` }),
      ' nothing to reclaim ',
      h('span', { class: 'key', style: `background:${color({ node: ['', 'f', 1, 0, 1, 0, 0], path: '' })}` }),
      ' all reclaimable or removed ',
      h('span', { class: 'key', style: 'background:var(--removed)' }),
      ' removed by later layers (with the box ticked)',
    );
  }

  sel.onChange(() => draw());
  let resize: number | undefined;
  window.addEventListener('resize', () => {
    window.clearTimeout(resize);
    resize = window.setTimeout(draw, 150);
  });
  drawLegend();
  const section = h(
    'section',
    { id: 'treemap' },
    h('h2', {}, 'Where the bytes are'),
    h('div', { class: 'controls' }, crumbs, h('span', { class: 'spacer' }), modeSelect, h('label', {}, removedBox, ' show removed bytes')),
    area,
    legend,
  );
  // Drawn once in the document, when widths are known.
  queueMicrotask(draw);
  return section;
}
