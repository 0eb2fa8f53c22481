/**
 * The image part of the table and Markdown reports: the image, its layers (size, Added /
 * Changed / Deleted, the step that made each), the waste summary (dive's figures and
 * reclaimable bytes by cause), the top lists; or, with `--files`, the file tree. The JSON report
 * carries the same `ImageReport` as it is (docs/image-json.md).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { FinalFile, HistoryFacts, LayerFacts } from '../layers/analysis.js';
import type { PathChange } from '../layers/diff.js';
import type { LayerProblem } from '../layers/union.js';
import type { InefficientPath } from '../layers/waste-dive.js';
import type { FinalTotals, Reclaimable, ReclaimCause, SizedPath, WasteItem } from '../layers/waste.js';
import type { AttributionReport } from '../attribution/types.js';
import { attributionMarkdownLines, attributionTableLines, layerLineCell, lineColumnHeading } from './attribution-sections.js';
import { escapeInline } from './markdown.js';
import type { ReportInput } from './types.js';

/** `ReportInput.image`: the facts of `plimsoll image`, as the JSON report writes them. */
export interface ImageReport {
  reference: string;
  source: string;
  /** `os/arch[/variant]`. */
  platform?: string;
  configDigest: string;
  manifestDigest?: string;
  tags?: string[];
  size: {
    /** Blobs as stored. */
    compressed: number;
    /** Uncompressed tar streams. */
    uncompressed: number;
    /** Content bytes of every layer's entries (dive's image size). */
    content: number;
  };
  final: FinalTotals;
  layers: LayerFacts[];
  history: HistoryFacts;
  dive: {
    efficiency: number;
    sizeBytes: number;
    userSizeBytes: number;
    wastedBytes: number;
    userWastedPercent: number | null;
    inefficientPaths: InefficientPath[];
    abortedLayers: Array<{ layer: number; path: string }>;
  };
  reclaimable: Reclaimable;
  largestFiles: SizedPath[];
  largestFolders: SizedPath[];
  largestWaste: WasteItem[];
  problems: LayerProblem[];
  /** With `--files --layer N`: that layer's changes (filtered by `--path`). */
  changes?: { layer: number; paths: PathChange[] };
  /** With `--files`: the final filesystem (filtered by `--path`). */
  files?: FinalFile[];
  /** With `--dockerfile`: the instruction behind each layer, and why not where none (docs/attribution.md). */
  attribution?: AttributionReport;
}

export const CAUSE_LABELS: Record<ReclaimCause, string> = {
  deleted: 'deleted later',
  overwritten: 'overwritten later',
  metadataCopyUp: 'chmod/chown copies',
  cacheLeft: 'caches and temp files',
  duplicate: 'duplicates',
};

/** 1536 -> "1.5 KiB". */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

function percent(n: number | null): string {
  return n === null ? 'n/a' : `${(n * 100).toFixed(2)} %`;
}

/** The step that made a layer, short: no `/bin/sh -c`, no `#(nop)`, one line. */
export function shortStep(createdBy: string | undefined, max = 60): string {
  if (!createdBy) return '';
  const t = createdBy
    .replace(/^\/bin\/sh -c (#\(nop\)\s*)?/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Text from inside an image must not drive the terminal. */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function imageOf(input: ReportInput): ImageReport | undefined {
  return input.command === 'image' ? (input.image as ImageReport | undefined) : undefined;
}

function pad(text: string, n: number): string {
  return text.length >= n ? text : text + ' '.repeat(n - text.length);
}

function padStart(text: string, n: number): string {
  return text.length >= n ? text : ' '.repeat(n - text.length) + text;
}

/** Lines for the table report; `color` is whether the caller colours its own output. */
export function imageTableSection(input: ReportInput, color: boolean): string[] {
  const img = imageOf(input);
  if (!img) return [];
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  out.push(...header(img, c), '');
  if (img.files || img.changes) {
    out.push(...fileTree(img, c));
    return out;
  }
  out.push(...layersTable(img, c), '');
  out.push(...wasteSummary(img, c), '');
  out.push(...topLists(img, c));
  if (img.problems.length > 0) {
    out.push('', c.bold('Layer problems'));
    for (const p of img.problems.slice(0, 20)) out.push(`  layer ${p.layer}  ${p.severity.padEnd(7)}  ${safe(p.message)}`);
    if (img.problems.length > 20) out.push(c.dim(`  … and ${img.problems.length - 20} more (see the JSON report)`));
  }
  return out;
}

function header(img: ImageReport, c: ChalkInstance): string[] {
  const facts = [img.source, img.platform, `${img.layers.length} ${img.layers.length === 1 ? 'layer' : 'layers'}`].filter(Boolean).join(', ');
  return [
    `${c.bold('Image')} ${safe(img.reference)} ${c.dim(`(${facts})`)}`,
    `  ${humanBytes(img.size.content)} of content in ${img.final.files.toLocaleString('en-US')} files, ${img.final.folders.toLocaleString('en-US')} folders, ${img.final.symlinks.toLocaleString('en-US')} symlinks; ${humanBytes(img.size.compressed)} stored, ${humanBytes(img.size.uncompressed)} uncompressed · id ${img.configDigest.replace(/^sha256:/, '').slice(0, 12)}`,
  ];
}

function layersTable(img: ImageReport, c: ChalkInstance): string[] {
  const rows = img.layers.map((l) => [
    String(l.index),
    humanBytes(l.size),
    String(l.diff.added.count),
    l.diff.changed.metadata.count > 0 ? `${l.diff.changed.count} (${l.diff.changed.metadata.count}m)` : String(l.diff.changed.count),
    String(l.diff.deleted.count),
    ...(img.attribution ? [layerLineCell(img.attribution, l.index)] : []),
    safe(shortStep(l.createdBy)),
  ]);
  const head = ['#', 'size', 'added', 'changed', 'deleted', ...(img.attribution ? [safe(lineColumnHeading(img.attribution))] : []), 'created by'];
  const last = head.length - 1;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `  ${r.map((cell, i) => (i === last ? cell : i < 5 ? padStart(cell, widths[i]) : pad(cell, widths[i]))).join('  ')}`;
  const out = [c.bold('Layers'), c.dim(line(head)), ...rows.map(line)];
  if (img.attribution) out.push(...attributionTableLines(img.attribution, c, safe));
  if (img.layers.some((l) => l.diff.changed.metadata.count > 0)) out.push(c.dim('  (Nm): N of the changes only change mode, owner or xattrs: the content is shipped again'));
  if (img.history.note) out.push(c.yellow(`  note: ${img.history.note}`));
  return out;
}

function wasteSummary(img: ImageReport, c: ChalkInstance): string[] {
  const d = img.dive;
  const r = img.reclaimable;
  const causes = (Object.keys(CAUSE_LABELS) as ReclaimCause[])
    .filter((k) => r.byCause[k].bytes > 0)
    .map((k) => `${CAUSE_LABELS[k]} ${humanBytes(r.byCause[k].bytes)} (${r.byCause[k].files} ${r.byCause[k].files === 1 ? 'file' : 'files'})`);
  const out = [
    c.bold('Waste'),
    `  reclaimable      ${humanBytes(r.totalBytes)}${img.size.content > 0 ? ` (${((r.totalBytes / img.size.content) * 100).toFixed(1)} % of the content)` : ''}${causes.length > 0 ? `: ${causes.join(', ')}` : ''}`,
    `  dive efficiency  ${percent(d.efficiency)} · wasted bytes ${humanBytes(d.wastedBytes)} (${d.wastedBytes.toLocaleString('en-US')}) · user wasted ${percent(d.userWastedPercent)}`,
  ];
  if (d.abortedLayers.length > 0) {
    out.push(c.dim(`  dive stops counting layer ${d.abortedLayers.map((a) => `${a.layer} at ${safe(a.path)}`).join(', ')} (a whiteout of a path it cannot find); plimsoll does the same for its figures`));
  }
  return out;
}

function topLists(img: ImageReport, c: ChalkInstance): string[] {
  const out: string[] = [];
  const step = (layer: number) => {
    const l = img.layers[layer];
    const s = shortStep(l?.createdBy, 40);
    return c.dim(`layer ${layer}${s ? ` ${safe(s)}` : ''}`);
  };
  if (img.largestFiles.length > 0) {
    out.push(c.bold('Largest files'));
    for (const f of img.largestFiles) out.push(`  ${padStart(humanBytes(f.bytes), 9)}  ${safe(f.path)}  ${step(f.layer)}`);
    out.push('');
  }
  if (img.largestFolders.length > 0) {
    out.push(c.bold('Largest folders'));
    for (const f of img.largestFolders) {
      const share = f.layerShare !== undefined && f.layerShare < 0.995 ? ` ${c.dim(`(${Math.round(f.layerShare * 100)} % from`)} ` : ' ';
      out.push(`  ${padStart(humanBytes(f.bytes), 9)}  ${safe(f.path)}${share}${step(f.layer)}${f.layerShare !== undefined && f.layerShare < 0.995 ? c.dim(')') : ''}`);
    }
    out.push('');
  }
  if (img.largestWaste.length > 0) {
    out.push(c.bold('Largest waste'));
    for (const w of img.largestWaste) out.push(`  ${padStart(humanBytes(w.bytes), 9)}  ${pad(CAUSE_LABELS[w.cause], 21)}  ${safe(w.path)}  ${c.dim(wasteWhere(w))}`);
    out.push('');
  }
  const ineff = img.dive.inefficientPaths;
  if (ineff.length > 0) {
    out.push(`${c.bold('Inefficient paths')} ${c.dim("(dive's list: paths in 2+ layers; wasted counts every copy)")}`);
    out.push(c.dim(`  ${'count'}  ${padStart('wasted', 9)}  path`));
    for (const p of ineff.slice(0, 10)) out.push(`  ${padStart(String(p.count), 5)}  ${padStart(humanBytes(p.cumulativeSize), 9)}  ${safe(p.path)}`);
    if (ineff.length > 10) out.push(c.dim(`  … and ${ineff.length - 10} more (see the JSON report)`));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function wasteWhere(w: WasteItem): string {
  switch (w.cause) {
    case 'cacheLeft':
      return `${w.cache} cache, layer ${w.layer}`;
    case 'duplicate':
      return `copy of ${safe(w.duplicateOf ?? '')}, layer ${w.layer}`;
    case 'metadataCopyUp':
      return `layer ${w.layer} → ${w.removedIn} (${w.changed && w.changed.length > 0 ? w.changed.join(', ') : 'same file'})`;
    default:
      return `layer ${w.layer} → ${w.removedIn}`;
  }
}

interface TreeNode {
  name: string;
  children: Map<string, TreeNode>;
  file?: FinalFile;
  change?: PathChange;
  /** Bytes at and below this node. */
  bytes: number;
}

function buildTree(entries: Array<{ path: string; bytes: number; file?: FinalFile; change?: PathChange }>): TreeNode {
  const root: TreeNode = { name: '/', children: new Map(), bytes: 0 };
  for (const e of entries) {
    let n = root;
    n.bytes += e.bytes;
    for (const part of e.path.split('/').filter(Boolean)) {
      let child = n.children.get(part);
      if (!child) {
        child = { name: part, children: new Map(), bytes: 0 };
        n.children.set(part, child);
      }
      child.bytes += e.bytes;
      n = child;
    }
    n.file = e.file;
    n.change = e.change;
  }
  return root;
}

function fileTree(img: ImageReport, c: ChalkInstance): string[] {
  const out: string[] = [];
  let root: TreeNode;
  if (img.changes) {
    const l = img.layers[img.changes.layer];
    out.push(c.bold(`Changes of layer ${img.changes.layer}`) + (l?.createdBy ? c.dim(` ${safe(shortStep(l.createdBy, 80))}`) : ''));
    root = buildTree(img.changes.paths.map((p) => ({ path: p.path, bytes: p.type === 'dir' ? 0 : p.size, change: p })));
    if (img.changes.paths.length === 0) out.push(c.dim('  (no changes)'));
  } else {
    out.push(c.bold('Files'));
    root = buildTree((img.files ?? []).map((f) => ({ path: f.path, bytes: f.type === 'file' ? f.size : 0, file: f })));
    if ((img.files ?? []).length === 0) out.push(c.dim('  (no files)'));
  }
  const markColor = (m: string) => (m === 'A' ? c.green(m) : m === 'D' ? c.red(m) : m === 'C' ? c.yellow(m) : m);
  const walk = (n: TreeNode, prefix: string) => {
    const kids = [...n.children.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      const mark = k.change ? markColor(k.change.mark) : ' ';
      const isDir = k.children.size > 0 || k.file?.type === 'dir' || k.change?.type === 'dir';
      let name = safe(k.name) + (isDir ? '/' : '');
      if (k.file?.linkTarget !== undefined) name += c.dim(` ${k.file.type === 'hardlink' ? '=>' : '->'} ${safe(k.file.linkTarget)}`);
      let tail = '';
      if (k.file) tail = c.dim(`  ${k.file.mode} ${k.file.owner} L${k.file.layer}`);
      if (k.change?.metadataOnly) tail = c.dim(`  (${k.change.metadataOnly.join(', ')} only)`);
      if (!k.file && !k.change) name = c.dim(name);
      const size = isDir || k.file?.type === 'file' || k.change?.type === 'file' ? humanBytes(k.bytes) : '';
      out.push(`${mark} ${padStart(size, 9)}  ${c.dim(prefix + (last ? '└── ' : '├── '))}${name}${tail}`);
      walk(k, prefix + (last ? '    ' : '│   '));
    });
  };
  walk(root, '');
  return out;
}

/** Markdown blocks (lines) for the Markdown report. */
export function imageMarkdownSection(input: ReportInput): string[] {
  const img = imageOf(input);
  if (!img) return [];
  const e = (t: string) => escapeInline(t);
  const code = (t: string) => `\`${t.replace(/`/g, "'")}\``;
  const out: string[] = [];
  const d = img.dive;
  const r = img.reclaimable;
  out.push(
    `### Image ${code(img.reference)}`,
    '',
    `${humanBytes(img.size.content)} of content in ${img.layers.length} layers (${humanBytes(img.size.compressed)} stored) · ${img.final.files.toLocaleString('en-US')} files`,
    '',
    '| reclaimable | dive efficiency | dive wasted bytes | dive user wasted |',
    '|---:|---:|---:|---:|',
    `| **${humanBytes(r.totalBytes)}** | ${percent(d.efficiency)} | ${humanBytes(d.wastedBytes)} | ${percent(d.userWastedPercent)} |`,
    '',
  );
  const causes = (Object.keys(CAUSE_LABELS) as ReclaimCause[]).filter((k) => r.byCause[k].bytes > 0);
  if (causes.length > 0) {
    out.push('| reclaimable by cause | bytes | files |', '|---|---:|---:|');
    for (const k of causes) out.push(`| ${CAUSE_LABELS[k]} | ${humanBytes(r.byCause[k].bytes)} | ${r.byCause[k].files} |`);
    out.push('');
  }
  const att = img.attribution;
  out.push('<details><summary>Layers</summary>', '', `| # | size | added | changed | deleted |${att ? ` ${e(lineColumnHeading(att))} |` : ''} created by |`, `|---:|---:|---:|---:|---:|${att ? '---|' : ''}---|`);
  for (const l of img.layers) {
    out.push(`| ${l.index} | ${humanBytes(l.size)} | ${l.diff.added.count} | ${l.diff.changed.count} | ${l.diff.deleted.count} |${att ? ` ${layerLineCell(att, l.index)} |` : ''} ${l.createdBy ? code(shortStep(l.createdBy, 80)) : ''} |`);
  }
  out.push('', '</details>', '');
  if (att) out.push(...attributionMarkdownLines(att));
  if (img.history.note) out.push(`> ${e(img.history.note)}`, '');
  if (img.largestWaste.length > 0) {
    out.push('<details><summary>Largest waste</summary>', '', '| bytes | cause | path | where |', '|---:|---|---|---|');
    for (const w of img.largestWaste) out.push(`| ${humanBytes(w.bytes)} | ${CAUSE_LABELS[w.cause]} | ${code(w.path)} | ${e(wasteWhere(w))} |`);
    out.push('', '</details>', '');
  }
  if (img.largestFiles.length > 0) {
    out.push('<details><summary>Largest files</summary>', '', '| bytes | path | layer |', '|---:|---|---:|');
    for (const f of img.largestFiles) out.push(`| ${humanBytes(f.bytes)} | ${code(f.path)} | ${f.layer} |`);
    out.push('', '</details>', '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
