/**
 * The page script of the HTML report: reads the JSON blocks the renderer embedded and builds
 * the page. Everything from the input is set as text, never as markup.
 */
import { bytes, count, h, percent, readJson } from './dom.js';
import { diffSection } from './diff.js';
import { findingsSection } from './findings.js';
import { layersSection } from './layers.js';
import { Selection } from './state.js';
import { treeSection } from './tree.js';
import { treemapSection } from './treemap.js';
import type { FinalNode, PageData, PageDiff, PageImage } from './types.js';

const CAUSES: Record<string, string> = {
  deleted: 'deleted later',
  overwritten: 'overwritten later',
  metadataCopyUp: 'chmod/chown copies',
  cacheLeft: 'caches and temp files',
  duplicate: 'duplicates',
};

function header(d: PageData): HTMLElement {
  const what =
    d.command === 'image' && d.image
      ? d.image.reference
      : d.command === 'diff' && d.targets.length === 2
        ? `${d.targets[0]} → ${d.targets[1]}`
        : d.targets.length === 1
          ? d.targets[0]
          : `${count(d.targets.length)} files`;
  const facts: string[] = [];
  if (d.image) {
    facts.push(d.image.source);
    if (d.image.platform) facts.push(d.image.platform);
    facts.push(`id ${d.image.configDigest.replace(/^sha256:/, '').slice(0, 12)}`);
  }
  return h('header', {}, h('h1', {}, `plimsoll ${d.command} `, h('code', {}, what)), h('p', { class: 'dim-text' }, [...facts, `${d.tool.name} ${d.tool.version}`].join(' · ')));
}

function verdict(d: PageData): HTMLElement {
  const ok = d.exitCode === 0;
  const word = d.exitCode === 0 ? 'Passed' : d.exitCode === 1 ? 'Failed' : 'Could not finish';
  const why: string[] = [];
  if (d.exitCode === 2) why.push(`${count(d.errors.length)} input ${d.errors.length === 1 ? 'error' : 'errors'}`);
  if (d.gate && !d.gate.passed) why.push('the size gate failed');
  const s = d.summary;
  const counts = `${count(s.error)} ${s.error === 1 ? 'error' : 'errors'}, ${count(s.warning)} ${s.warning === 1 ? 'warning' : 'warnings'}, ${count(s.note)} ${s.note === 1 ? 'note' : 'notes'}${s.suppressed ? `, ${count(s.suppressed)} suppressed` : ''}${s.new !== undefined ? ` · ${count(s.new)} new, ${count(s.unchanged ?? 0)} ${d.command === 'diff' ? 'already in A' : 'in the baseline'}` : ''}`;
  const checks = d.gate?.checks ?? [];
  return h(
    'section',
    { id: 'gate', class: ok ? 'pass' : 'fail', 'data-exit-code': d.exitCode },
    h('div', { class: 'verdict' }, h('strong', {}, word), ` · exit code ${d.exitCode}${why.length ? ` · ${why.join(', ')}` : ''}`),
    h('div', {}, `${counts} · fails on ${d.failOn === 'none' ? 'nothing' : `${d.failOn} and above`}`),
    checks.length
      ? h(
          'table',
          { class: 'checks' },
          h('tbody', {}, ...checks.map((c) => h('tr', { class: c.passed ? 'pass' : 'fail' }, h('td', {}, c.passed ? 'PASS' : 'FAIL'), h('td', {}, c.name), h('td', {}, `${c.actual} (limit ${c.limit})`), h('td', {}, c.message ?? '')))),
        )
      : null,
  );
}

function errorsSection(d: PageData): HTMLElement | null {
  if (d.errors.length === 0) return null;
  return h('section', { id: 'errors' }, h('h2', {}, 'Input errors'), h('ul', {}, ...d.errors.map((e) => h('li', {}, e))));
}

function card(label: string, value: string, sub?: string, cls = ''): HTMLElement {
  return h('div', { class: `card ${cls}` }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
}

function overview(img: PageImage): HTMLElement {
  const r = img.reclaimable;
  const causes = Object.keys(CAUSES).filter((k) => r.byCause[k]?.bytes > 0);
  return h(
    'section',
    { id: 'overview' },
    h(
      'div',
      { class: 'cards' },
      card('content', bytes(img.size.content), `${bytes(img.size.compressed)} stored · ${bytes(img.size.uncompressed)} uncompressed`),
      card('files', count(img.final.files), `${count(img.final.folders)} folders · ${count(img.final.symlinks)} symlinks`),
      card('layers', count(img.layers.length)),
      card('reclaimable', bytes(r.totalBytes), img.size.content > 0 ? `${((r.totalBytes / img.size.content) * 100).toFixed(1)} % of the content` : undefined, r.totalBytes > 0 ? 'warn' : ''),
      card('dive efficiency', percent(img.efficiency), `wasted ${bytes(img.wastedBytes)} · user wasted ${percent(img.userWastedPercent)}`),
    ),
    causes.length
      ? h(
          'div',
          { class: 'causes' },
          'Reclaimable by cause: ',
          ...causes.flatMap((k, i) => [i > 0 ? ' · ' : '', h('span', { class: `cause cause-${k}` }, `${CAUSES[k]} ${bytes(r.byCause[k].bytes)} (${count(r.byCause[k].files)})`)]),
        )
      : null,
    img.largestWaste.length
      ? h(
          'details',
          {},
          h('summary', {}, 'Largest waste'),
          h(
            'table',
            { class: 'waste' },
            h('tbody', {}, ...img.largestWaste.map((w) => h('tr', {}, h('td', { class: 'num' }, bytes(w.bytes)), h('td', {}, CAUSES[w.cause] ?? w.cause), h('td', {}, h('code', {}, w.path)), h('td', { class: 'dim-text' }, `layer ${w.layer}${w.removedIn !== undefined ? ` → ${w.removedIn}` : ''}`)))),
          ),
        )
      : null,
  );
}

/** `plimsoll diff` facts, whatever their shape: scalars as a list, arrays of records as tables. */
function genericDiffSection(diff: unknown): HTMLElement {
  const render = (v: unknown, depth: number): Node => {
    if (v === null || typeof v !== 'object') return document.createTextNode(typeof v === 'number' && Math.abs(v) >= 1024 && Number.isInteger(v) ? `${count(v)}` : String(v));
    if (Array.isArray(v)) {
      if (v.length === 0) return document.createTextNode('none');
      const rows = v.slice(0, 200);
      if (rows.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
        const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
        return h(
          'table',
          { class: 'diff' },
          h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', {}, k)))),
          h('tbody', {}, ...rows.map((r) => h('tr', {}, ...keys.map((k) => h('td', {}, render((r as Record<string, unknown>)[k], depth + 1)))))),
        );
      }
      return document.createTextNode(rows.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', '));
    }
    if (depth > 3) return document.createTextNode(JSON.stringify(v));
    return h('dl', {}, ...Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [h('dt', {}, k), h('dd', {}, render(x, depth + 1))]));
  };
  return h('section', { id: 'diff' }, h('h2', {}, 'Changes between the images'), render(diff, 0));
}

function start(): void {
  const data = readJson<PageData>('plimsoll-data');
  const app = document.getElementById('app');
  if (!data || !app) return;
  app.appendChild(header(data));
  app.appendChild(verdict(data));
  const errors = errorsSection(data);
  if (errors) app.appendChild(errors);
  let sel: Selection | undefined;
  if (data.command === 'diff' && data.diff !== undefined) {
    const d = data.diff as PageDiff;
    app.appendChild(d && typeof d === 'object' && 'size' in d && 'layers' in d ? diffSection(d, data.diffHeadline) : genericDiffSection(data.diff));
  }
  if (data.image) {
    sel = new Selection();
    app.appendChild(overview(data.image));
    app.appendChild(layersSection(data.image, sel));
    const final = data.tree ? readJson<FinalNode>('plimsoll-final') : undefined;
    if (final) {
      const tree = treeSection(final, data, sel);
      app.appendChild(treemapSection(final, sel, (path) => tree.reveal(path)));
      app.appendChild(tree.el);
    }
  }
  app.appendChild(findingsSection(data, sel));
  document.body.dataset.ready = 'true';
}

start();
