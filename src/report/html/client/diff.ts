/** `plimsoll diff`: the change in a sentence, sizes, folders, files, layers, resolved findings. */
import { bytes, count, h, shortStep } from './dom.js';
import type { Change, FileChange, FolderChange, PageDiff } from './types.js';

const SIZE_LABELS: Record<string, string> = {
  content: 'content (dive’s image size)',
  compressed: 'stored (what a pull downloads)',
  uncompressed: 'uncompressed layers',
  final: 'final filesystem',
  reclaimable: 'reclaimable',
};

function signed(n: number): string {
  return n === 0 ? '0 B' : n < 0 ? `−${bytes(-n)}` : `+${bytes(n)}`;
}

function ratio(c: Change): string {
  if (c.ratio === null) return c.delta === 0 ? '' : 'new';
  return `${c.ratio >= 0 ? '+' : ''}${(c.ratio * 100).toFixed(1)} %`;
}

function deltaCell(c: { delta: number }, max: number): HTMLElement {
  const width = max > 0 ? Math.max(1, Math.round((Math.abs(c.delta) / max) * 120)) : 0;
  return h(
    'td',
    { class: `num delta ${c.delta > 0 ? 'grow' : c.delta < 0 ? 'shrink' : ''}` },
    h('span', { class: 'delta-bar', style: `width:${width}px` }),
    signed(c.delta),
  );
}

function folderTable(rows: FolderChange[]): HTMLElement {
  const max = Math.max(0, ...rows.map((r) => Math.abs(r.delta)));
  return h(
    'table',
    { class: 'diff-folders' },
    h('thead', {}, h('tr', {}, ...['path', 'before', 'after', 'change', '', 'added', 'removed', 'changed'].map((t) => h('th', {}, t)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, h('code', {}, `${r.path}${r.file ? '' : '/'}`)),
          h('td', { class: 'num' }, bytes(r.before)),
          h('td', { class: 'num' }, bytes(r.after)),
          deltaCell(r, max),
          h('td', { class: 'num dim-text' }, ratio(r)),
          h('td', { class: 'num mark-A' }, count(r.added)),
          h('td', { class: 'num mark-D' }, count(r.removed)),
          h('td', { class: 'num mark-C' }, count(r.changed)),
        ),
      ),
    ),
  );
}

function fileTable(title: string, rows: FileChange[]): HTMLElement | null {
  if (rows.length === 0) return null;
  const max = Math.max(0, ...rows.map((r) => Math.abs(r.delta)));
  return h(
    'details',
    { open: true },
    h('summary', {}, title),
    h(
      'table',
      { class: 'diff-files' },
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h('tr', {}, deltaCell(r, max), h('td', {}, h('code', {}, r.path)), h('td', { class: 'dim-text' }, r.change === 'metadata' ? `only ${(r.attributes ?? []).join(', ')}` : r.change)),
        ),
      ),
    ),
  );
}

export function diffSection(d: PageDiff, headline: string | undefined): HTMLElement {
  const sizes = Object.entries(d.size);
  const f = d.files;
  const l = d.layers;
  return h(
    'section',
    { id: 'diff' },
    h('h2', {}, 'Changes between the images'),
    h('p', { class: 'dim-text' }, `A: `, h('code', {}, d.a.reference), ` (${d.a.layers} layers) → B: `, h('code', {}, d.b.reference), ` (${d.b.layers} layers)`),
    headline ? h('p', { class: 'headline' }, headline) : null,
    h(
      'table',
      { class: 'diff-sizes' },
      h('thead', {}, h('tr', {}, ...['', 'A', 'B', 'change', ''].map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        ...sizes.map(([k, c]) => h('tr', {}, h('td', {}, SIZE_LABELS[k] ?? k), h('td', { class: 'num' }, bytes(c.before)), h('td', { class: 'num' }, bytes(c.after)), deltaCell(c, Math.max(...sizes.map(([, x]) => Math.abs(x.delta)))), h('td', { class: 'num dim-text' }, ratio(c)))),
      ),
    ),
    d.folders.length ? h('h3', {}, 'Top-level folders') : null,
    d.folders.length ? folderTable(d.folders) : null,
    d.explain.length ? h('h3', {}, 'What explains it') : null,
    d.explain.length ? folderTable(d.explain) : null,
    h(
      'p',
      {},
      `Files: ${count(f.added.count)} added (${bytes(f.added.bytes)}), ${count(f.removed.count)} removed (${bytes(f.removed.bytes)}), ${count(f.changed.count)} changed (${signed(f.changed.delta)}).`,
    ),
    fileTable('Largest added', f.largest.added),
    fileTable('Largest removed', f.largest.removed),
    fileTable('Largest changed', f.largest.changed),
    h('h3', {}, 'B’s layers'),
    h('p', { class: 'dim-text' }, `${l.shared} shared with A (the first ${l.sharedPrefix} are the common base), ${l.new} new (${bytes(l.newBytes)}), ${l.removed} of A’s gone.`),
    h(
      'table',
      { class: 'diff-layers' },
      h('tbody', {}, ...l.list.map((x) => h('tr', { class: `layer-${x.status}` }, h('td', { class: 'num' }, String(x.index)), h('td', {}, x.status + (x.indexInA !== undefined && x.status !== 'shared' ? ` (A’s ${x.indexInA})` : '')), h('td', { class: 'num' }, bytes(x.size)), h('td', { class: 'step' }, shortStep(x.createdBy ?? ''))))),
    ),
    d.findings && d.findings.resolved.length
      ? h(
          'details',
          {},
          h('summary', {}, `${d.findings.resolved.length} of A’s findings are gone in B`),
          h('ul', {}, ...d.findings.resolved.map((r) => h('li', {}, `${r.ruleId} (${r.level}): ${r.message}${r.where ? ` · ${r.where}` : ''}`))),
        )
      : null,
  );
}
