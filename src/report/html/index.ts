/**
 * The HTML report: one self-contained page (script, styles and data inline; no request leaves
 * it, which its Content-Security-Policy enforces) to keep as a CI artifact or mail. The page
 * script (client/, bundled with d3-hierarchy at build time into generated-assets.ts) draws the
 * gate, the layers as a stacked bar with their waste, a treemap of the final filesystem, each
 * layer's changes as a lazily expanded tree, and the findings table with filters.
 *
 * Data goes in `<script type="application/json">` blocks: one for the report, one for the final
 * tree, one per layer tree, so the page parses a layer's tree only when it is opened.
 */
import { isActive, formatInputError, type Finding } from '../../rules/finding.js';
import { ruleDocUrl } from '../../rules/rule.js';
import { headline, type DiffReport } from '../diff-sections.js';
import type { ImageReport } from '../image-sections.js';
import { summarize } from '../json.js';
import { describeImageLocation } from '../locations.js';
import type { ReportInput } from '../types.js';
import { CLIENT_CSS, CLIENT_JS } from './generated-assets.js';
import type { ImageTreeData } from './tree-data.js';

export type { ImageTreeData } from './tree-data.js';
export { buildImageTree } from './tree-data.js';

/** What the page script reads from `#plimsoll-data` (client/types.ts has the same shape). */
export interface PageData {
  command: ReportInput['command'];
  tool: { name: string; version: string };
  targets: string[];
  exitCode: number;
  failOn: string;
  gate?: ReportInput['gate'];
  summary: ReturnType<typeof summarize>;
  errors: string[];
  rules: Record<string, { name: string; help: string; description: string }>;
  findings: PageFinding[];
  image?: PageImage;
  /** Set when the final tree and the layer trees are embedded. */
  tree?: { foldedBelow: number; nodes: number; folded: number; layers: number };
  diff?: unknown;
  /** `diff`: the change in one sentence, as the Markdown report says it. */
  diffHeadline?: string;
}

export interface PageFinding {
  id: string;
  level: string;
  message: string;
  where: string;
  /** The full place (image, layer digest and step), for a tooltip. */
  detail?: string;
  /** Index of the layer the finding is about, when it is one. */
  layer?: number;
  path?: string;
  fix?: string;
  state?: 'suppressed' | 'new' | 'unchanged';
}

export interface PageImage {
  reference: string;
  source: string;
  platform?: string;
  configDigest: string;
  size: ImageReport['size'];
  final: ImageReport['final'];
  efficiency: number;
  wastedBytes: number;
  userWastedPercent: number | null;
  reclaimable: ImageReport['reclaimable'];
  historyNote?: string;
  layers: Array<{
    index: number;
    size: number;
    stored: number;
    createdBy: string;
    diffId: string;
    added: number;
    changed: number;
    metadata: number;
    deleted: number;
    /** Bytes the layer shipped that are reclaimable (known with the tree data). */
    waste?: number;
  }>;
  largestWaste: Array<{ cause: string; path: string; bytes: number; layer: number; removedIn?: number }>;
}

/** Renders the page; `input.imageTree` (from `buildImageTree`) adds the treemap and the layer trees. */
export function renderHtml(input: ReportInput): string {
  const data = pageData(input);
  const tree = input.imageTree;
  const title = `plimsoll ${input.command}${input.targets.length === 1 ? ` ${input.targets[0]}` : ''}`;
  const blocks = [jsonBlock('plimsoll-data', data)];
  if (tree) {
    blocks.push(jsonBlock('plimsoll-final', tree.final));
    tree.layers.forEach((l, i) => blocks.push(jsonBlock(`plimsoll-layer-${i}`, l)));
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing is fetched: no scripts, styles, fonts or images from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="plimsoll ${escapeHtml(input.tool.version)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CLIENT_CSS}</style>`,
    '</head>',
    '<body>',
    `<noscript><p>This report draws itself with JavaScript: open it in a browser with scripts on. ${escapeHtml(noscriptSummary(data))}</p></noscript>`,
    '<div id="app"></div>',
    ...blocks,
    `<script>${CLIENT_JS.replace(/<\/(script)/gi, '<\\/$1')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function noscriptSummary(d: PageData): string {
  return `Exit code ${d.exitCode}; ${d.summary.error} errors, ${d.summary.warning} warnings, ${d.summary.note} notes.`;
}

/** JSON that cannot end its script element or start a comment, whatever the strings hold. */
function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${id}">${json}</script>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function pageData(input: ReportInput): PageData {
  const used = new Set(input.findings.map((f) => f.ruleId));
  const rules: PageData['rules'] = {};
  for (const r of input.rules) if (used.has(r.id)) rules[r.id] = { name: r.name, help: ruleDocUrl(r), description: r.shortDescription };
  const data: PageData = {
    command: input.command,
    tool: { name: input.tool.name, version: input.tool.version },
    targets: input.targets,
    exitCode: input.exitCode,
    failOn: input.failOn,
    gate: input.gate,
    summary: summarize(input.findings, input.baseline !== undefined),
    errors: input.errors.map(formatInputError),
    rules,
    findings: input.findings.map((f) => pageFinding(f, input.baseline !== undefined)),
    diff: input.diff,
  };
  if (input.command === 'diff' && input.diff && typeof input.diff === 'object' && 'size' in input.diff) {
    data.diffHeadline = headline(input.diff as DiffReport);
  }
  const img = input.command === 'image' ? input.image : undefined;
  if (img) data.image = pageImage(img, input.imageTree);
  if (input.imageTree) {
    const t = input.imageTree;
    data.tree = { foldedBelow: t.foldedBelow, nodes: t.nodes, folded: t.folded, layers: t.layers.length };
  }
  return data;
}

function pageFinding(f: Finding, baseline: boolean): PageFinding {
  const p: PageFinding = { id: f.ruleId, level: f.level, message: f.message, where: '' };
  if (f.location.kind === 'file') {
    const s = f.location.range.start;
    p.where = `${f.location.file}:${s.line}:${s.column}`;
  } else {
    const loc = f.location;
    const parts: string[] = [];
    if (loc.layer) parts.push(`layer ${loc.layer.index}`);
    if (loc.path) parts.push(loc.path);
    if (loc.configKey) parts.push(loc.configKey);
    else if (loc.historyIndex !== undefined && !loc.layer) parts.push(`history[${loc.historyIndex}]`);
    if (loc.source) parts.push(`${loc.source.file}:${loc.source.range.start.line}`);
    p.where = parts.length > 0 ? parts.join(' · ') : loc.image;
    p.detail = describeImageLocation(loc);
    if (loc.layer) p.layer = loc.layer.index;
    if (loc.path) p.path = loc.path;
  }
  if (f.fix) p.fix = f.fix;
  if (f.suppressed) p.state = 'suppressed';
  else if (baseline) p.state = isActive(f) ? 'new' : 'unchanged';
  return p;
}

function pageImage(img: ImageReport, tree: ImageTreeData | undefined): PageImage {
  return {
    reference: img.reference,
    source: img.source,
    platform: img.platform,
    configDigest: img.configDigest,
    size: img.size,
    final: img.final,
    efficiency: img.dive.efficiency,
    wastedBytes: img.dive.wastedBytes,
    userWastedPercent: img.dive.userWastedPercent,
    reclaimable: img.reclaimable,
    historyNote: img.history.note,
    layers: img.layers.map((l) => ({
      index: l.index,
      size: l.size,
      stored: l.compressedSize,
      createdBy: l.createdBy ?? '',
      diffId: l.diffId,
      added: l.diff.added.count,
      changed: l.diff.changed.count,
      metadata: l.diff.changed.metadata.count,
      deleted: l.diff.deleted.count,
      waste: tree?.layerWaste[l.index],
    })),
    largestWaste: img.largestWaste.map((w) => ({ cause: w.cause, path: w.path, bytes: w.bytes, layer: w.layer, removedIn: w.removedIn })),
  };
}
