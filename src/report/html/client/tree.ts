/**
 * The file tree: the final filesystem, or with a layer selected that layer's own changes with
 * A/C/D marks. Rows are made only when their folder is opened, and a layer's tree is parsed
 * from its JSON block only when the layer is first selected.
 */
import { bytes, clear, count, h, readJson } from './dom.js';
import type { Selection } from './state.js';
import type { ChangeNode, FinalNode, PageData } from './types.js';

type AnyNode = FinalNode | ChangeNode;

const MARK_TITLE: Record<string, string> = { A: 'added', C: 'changed', D: 'deleted' };
const SEARCH_LIMIT = 300;

export interface TreeSection {
  el: HTMLElement;
  reveal(path: string): void;
}

export function treeSection(final: FinalNode, data: PageData, sel: Selection): TreeSection {
  const layerTrees = new Map<number, ChangeNode | undefined>();
  const title = h('h2', {});
  const info = h('p', { class: 'hint' });
  const back = h('button', { type: 'button', class: 'link', hidden: true, onclick: () => sel.set(null) }, 'back to the final filesystem');
  const search = h('input', { type: 'search', placeholder: 'find a path…', 'aria-label': 'find a path', oninput: () => render() });
  const body = h('div', { class: 'tree', role: 'tree' });

  function layerTree(i: number): ChangeNode | undefined {
    if (!layerTrees.has(i)) layerTrees.set(i, readJson<ChangeNode>(`plimsoll-layer-${i}`));
    return layerTrees.get(i);
  }

  function isFinal(n: AnyNode): n is FinalNode {
    return typeof n[3] === 'number';
  }

  function kids(n: AnyNode): AnyNode[] {
    const c = isFinal(n) ? n[6] : n[5];
    return Array.isArray(c) ? c : [];
  }

  function kind(n: AnyNode): string {
    return isFinal(n) ? n[1] : n[3];
  }

  function row(n: AnyNode, path: string, depth: number): HTMLElement {
    const children = kids(n);
    const isDir = kind(n) === 'd';
    const mark = isFinal(n) ? '' : n[1];
    const toggle = h('span', { class: 'toggle' }, isDir && children.length > 0 ? '▸' : '');
    const extra: Array<Node | string> = [];
    if (isFinal(n)) {
      if (n[3] >= 0 && n[1] !== 's') extra.push(h('span', { class: 'badge', title: n[1] === 'd' ? 'the layer of most of its bytes' : 'the layer that put it here' }, `L${n[3]}`));
      if (n[4] > 0) extra.push(h('span', { class: 'badge reclaim', title: 'reclaimable: caches and duplicate copies' }, `${bytes(n[4])} reclaimable`));
      if (n[5] > 0) extra.push(h('span', { class: 'badge removed', title: 'shipped by a layer and removed or replaced by a later one' }, `${bytes(n[5])} removed later`));
    } else if (n[4]) {
      extra.push(h('span', { class: 'badge' }, kind(n) === 's' ? n[4] : `${n[4]} only`));
    }
    const name = `${n[0]}${isDir ? '/' : ''}${kind(n) === 'l' ? ' (symlink)' : kind(n) === 'h' ? ' (hardlink)' : ''}`;
    const line = h(
      'div',
      { class: `row${mark ? ` mark-${mark}` : ''}${kind(n) === 's' ? ' folded' : ''}`, role: 'treeitem', 'data-path': path, 'data-mark': mark, style: `padding-left:${depth * 16 + 4}px` },
      toggle,
      h('span', { class: 'mark', title: MARK_TITLE[mark] ?? '' }, mark || ' '),
      h('span', { class: 'size' }, kind(n) === 'd' || kind(n) === 'f' || kind(n) === 's' ? bytes(n[2]) : ''),
      h('span', { class: 'name' }, name),
      ...extra,
    );
    const wrap = h('div', { class: 'node' }, line);
    if (isDir && children.length > 0) {
      let box: HTMLElement | undefined;
      const open = (yes: boolean) => {
        if (yes && !box) {
          box = h('div', { class: 'children', role: 'group' });
          for (const c of children) box.appendChild(row(c, path === '/' ? `/${c[0]}` : `${path}/${c[0]}`, depth + 1));
          wrap.appendChild(box);
        }
        if (box) box.hidden = !yes;
        toggle.textContent = yes ? '▾' : '▸';
        line.setAttribute('aria-expanded', String(yes));
      };
      line.addEventListener('click', () => open(!box || box.hidden));
      (wrap as HTMLElement & { open?: (yes: boolean) => void }).open = open;
      // A folder with one child opens by itself: /usr/lib/python3 reads in one glance.
      if (children.length === 1 && depth < 8) open(true);
    }
    return wrap;
  }

  function current(): { root: AnyNode | undefined; layer: number | null } {
    return sel.layer === null ? { root: final, layer: null } : { root: layerTree(sel.layer), layer: sel.layer };
  }

  function render(): void {
    clear(body);
    const { root, layer } = current();
    back.hidden = layer === null;
    if (layer === null) {
      title.textContent = 'Final filesystem';
      info.textContent = `Every path of the image as it runs, largest first.${data.tree && data.tree.foldedBelow > 0 ? ` Files under ${bytes(data.tree.foldedBelow)} are folded into “(n small files)” rows (${count(data.tree.folded)} paths) to keep the page light; \`plimsoll image --files\` lists every one.` : ''}`;
    } else {
      const l = data.image?.layers[layer];
      title.textContent = `Layer ${layer}: its changes`;
      info.textContent = l ? `${count(l.added)} added (A), ${count(l.changed)} changed (C), ${count(l.deleted)} deleted (D); sizes are the bytes the layer ships (for D, the bytes it removes). Click the layer again to go back.` : '';
    }
    if (!root) {
      body.appendChild(h('p', { class: 'empty' }, 'No file data for this layer.'));
      return;
    }
    const q = search.value.trim().toLowerCase();
    if (q) {
      const hits: Array<{ n: AnyNode; path: string }> = [];
      const walk = (n: AnyNode, path: string) => {
        for (const c of kids(n)) {
          if (hits.length >= SEARCH_LIMIT) return;
          const p = path === '/' ? `/${c[0]}` : `${path}/${c[0]}`;
          if (p.toLowerCase().includes(q)) hits.push({ n: c, path: p });
          walk(c, p);
        }
      };
      walk(root, '/');
      for (const hit of hits) body.appendChild(row(hit.n, hit.path, 0));
      if (hits.length === 0) body.appendChild(h('p', { class: 'empty' }, 'No path matches.'));
      if (hits.length >= SEARCH_LIMIT) body.appendChild(h('p', { class: 'hint' }, `The first ${SEARCH_LIMIT} matches.`));
      return;
    }
    const top = kids(root);
    if (top.length === 0) body.appendChild(h('p', { class: 'empty' }, layer === null ? 'The filesystem is empty.' : 'This layer changes nothing.'));
    for (const c of top) body.appendChild(row(c, `/${c[0]}`, 0));
  }

  function reveal(path: string): void {
    if (sel.layer !== null) sel.set(null);
    search.value = '';
    render();
    const parts = path.split('/').filter(Boolean);
    let container: Element = body;
    let p = '';
    let target: HTMLElement | undefined;
    for (const part of parts) {
      p += `/${part}`;
      const node = [...container.children].find((c) => (c.firstElementChild as HTMLElement | null)?.dataset.path === p) as (HTMLElement & { open?: (yes: boolean) => void }) | undefined;
      if (!node) break;
      target = node.firstElementChild as HTMLElement;
      node.open?.(true);
      container = node.querySelector(':scope > .children') ?? node;
    }
    if (target) {
      body.querySelectorAll('.row.hit').forEach((r) => r.classList.remove('hit'));
      target.classList.add('hit');
      target.scrollIntoView({ block: 'center' });
    }
  }

  sel.onChange(() => render());
  render();
  const el = h('section', { id: 'files' }, h('div', { class: 'controls' }, title, h('span', { class: 'spacer' }), back, search), info, body);
  return { el, reveal };
}
