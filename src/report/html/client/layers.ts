/** The layers: a stacked bar (one segment per layer, its reclaimable part hatched) and a table. */
import { bytes, count, h, layerColor, shortStep } from './dom.js';
import type { Selection } from './state.js';
import type { PageImage } from './types.js';

export function layersSection(img: PageImage, sel: Selection): HTMLElement {
  const total = img.layers.reduce((n, l) => n + l.size, 0);
  const bar = h('div', { class: 'layer-bar', role: 'list', 'aria-label': 'layers by size' });
  for (const l of img.layers) {
    const share = total > 0 ? l.size / total : 1 / Math.max(1, img.layers.length);
    const waste = l.waste !== undefined && l.size > 0 ? Math.min(1, l.waste / l.size) : 0;
    const seg = h(
      'div',
      {
        class: 'layer-seg',
        role: 'listitem',
        'data-layer': l.index,
        style: `flex-grow:${Math.max(share, 0.004)};background:${layerColor(l.index)}`,
        title: `layer ${l.index}: ${bytes(l.size)}${l.waste ? `, ${bytes(l.waste)} reclaimable` : ''}\n${shortStep(l.createdBy, 200)}`,
        onclick: () => sel.select(l.index),
      },
      waste > 0 ? h('div', { class: 'layer-waste', style: `width:${(waste * 100).toFixed(2)}%` }) : null,
    );
    bar.appendChild(seg);
  }
  const rows = img.layers.map((l) =>
    h(
      'tr',
      { class: 'layer-row', 'data-layer': l.index, tabindex: 0, onclick: () => sel.select(l.index), onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && sel.select(l.index) },
      h('td', { class: 'num' }, h('span', { class: 'swatch', style: `background:${layerColor(l.index)}` }), String(l.index)),
      h('td', { class: 'num' }, bytes(l.size)),
      h('td', { class: 'num' }, l.waste ? h('span', { class: 'waste-text' }, bytes(l.waste)) : '—'),
      h('td', { class: 'num mark-A' }, count(l.added)),
      h('td', { class: 'num mark-C' }, l.metadata > 0 ? `${count(l.changed)} (${count(l.metadata)}m)` : count(l.changed)),
      h('td', { class: 'num mark-D' }, count(l.deleted)),
      h('td', { class: 'step', title: l.createdBy }, shortStep(l.createdBy)),
    ),
  );
  const table = h(
    'table',
    { class: 'layers' },
    h('thead', {}, h('tr', {}, ...['#', 'size', 'reclaimable', 'added', 'changed', 'deleted', 'created by'].map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows),
  );
  sel.onChange((layer) => {
    for (const el of [...bar.children, ...rows]) el.classList.toggle('selected', layer !== null && (el as HTMLElement).dataset.layer === String(layer));
  });
  return h(
    'section',
    { id: 'layers' },
    h('h2', {}, 'Layers'),
    h('p', { class: 'hint' }, 'Each segment is a layer, as wide as its content; the hatched part is what it shipped that could be reclaimed. Click a layer to see its changes.'),
    bar,
    img.historyNote ? h('p', { class: 'note' }, `Note: ${img.historyNote}`) : null,
    table,
    img.layers.some((l) => l.metadata > 0) ? h('p', { class: 'hint' }, '(Nm): N of the changes only change mode, owner or xattrs: the content is shipped again.') : null,
  );
}
