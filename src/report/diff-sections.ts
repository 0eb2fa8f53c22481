/**
 * The diff part of the table and Markdown reports (`plimsoll diff A B`): the change in plain
 * words ("grows the image by 38 MiB (+12 %), mostly /usr/lib/python3 (+31 MiB)"), sizes before
 * and after, the top-level folders and the parts that explain the change, files added, removed
 * and changed, B's layers (shared with A or new) and the findings B brings or fixes. The JSON
 * report carries the same `DiffReport` as it is (docs/diff.md).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { AttributionReport } from '../attribution/types.js';
import type { Change, FileChange, FolderChange, ImageDiff, LayerChange } from '../layers/image-diff.js';
import type { Level } from '../rules/finding.js';
import { layerLineCell } from './attribution-sections.js';
import { humanBytes, shortStep } from './image-sections.js';
import { escapeInline } from './markdown.js';
import type { ReportInput } from './types.js';

/** `ReportInput.diff`: the facts of `plimsoll diff`, as the JSON report writes them (docs/diff.md). */
export interface DiffReport extends ImageDiff {
  findings: {
    /** B's findings neither A nor the baseline has: these count for the exit code. */
    new: number;
    /** B's findings A (or the baseline) has too. */
    unchanged: number;
    /** A's findings B no longer has. */
    resolved: Array<{ ruleId: string; ruleName: string; level: Level; message: string; where?: string }>;
  };
  /** With `--dockerfile`: B's layers tied to its instructions. */
  attribution?: AttributionReport;
}

function diffOf(input: ReportInput): DiffReport | undefined {
  return input.command === 'diff' ? (input.diff as DiffReport | undefined) : undefined;
}

export function signedBytes(n: number): string {
  return n === 0 ? '0 B' : n < 0 ? `-${humanBytes(-n)}` : `+${humanBytes(n)}`;
}

function pct(c: Change): string {
  if (c.ratio === null) return c.delta === 0 ? '' : 'new';
  const p = c.ratio * 100;
  if (c.delta === 0) return '0 %';
  const text = Math.abs(p) < 0.1 ? (p < 0 ? '-0.1' : '+0.1') : `${p < 0 ? '' : '+'}${p.toFixed(1)}`;
  return `${Math.abs(p) < 0.1 ? (p < 0 ? '>' : '<') : ''}${text} %`;
}

/**
 * The change in one sentence: "This change grows the image by 38.0 MiB (+12.1 %), mostly
 * /usr/lib/python3/ (+31.0 MiB)." When much of it is in bytes the final filesystem no longer
 * shows (deleted, overwritten or copied up by later layers), the sentence says how much of each.
 */
export function headline(d: DiffReport): string {
  if (d.identical) return 'A and B are the same image (same config digest).';
  const c = d.size.content;
  if (c.delta === 0 && d.size.final.delta === 0) return `This change leaves the image size as it is (${humanBytes(c.after)}).`;
  const files = d.size.final.delta;
  const hidden = c.delta - files;
  const where = d.mostly ? `${d.mostly.path}${d.mostly.file ? '' : '/'}` : undefined;
  const p = pct(c);
  const verb = c.delta > 0 ? 'grows' : c.delta < 0 ? 'shrinks' : 'keeps the size of';
  const head = c.delta === 0 ? `This change keeps the image at ${humanBytes(c.after)}` : `This change ${verb} the image by ${humanBytes(Math.abs(c.delta))}${p && p !== 'new' ? ` (${p})` : ''}`;
  if (Math.abs(hidden) <= 0.1 * Math.abs(c.delta)) return `${head}${where ? `, mostly ${where} (${signedBytes(d.mostly!.delta)})` : ''}.`;
  return `${head}: ${signedBytes(files)} of files${where ? `, mostly ${where} (${signedBytes(d.mostly!.delta)})` : ''}, and ${signedBytes(hidden)} of bytes the final filesystem no longer shows (deleted, overwritten or copied up by later layers).`;
}

function fileSummary(d: DiffReport): string {
  const f = d.files;
  const parts = [
    `${f.added.count.toLocaleString('en-US')} added (${signedBytes(f.added.bytes)})`,
    `${f.removed.count.toLocaleString('en-US')} removed (${signedBytes(-f.removed.bytes)})`,
    `${f.changed.count.toLocaleString('en-US')} changed (${signedBytes(f.changed.delta)}: ${f.changed.content.count} content, ${f.changed.metadata.count} only mode, owner or xattrs)`,
  ];
  return parts.join(', ');
}

function layerSummary(d: DiffReport): string {
  const l = d.layers;
  const parts = [`${l.shared} of B's ${d.b.layers} shared with A${l.sharedPrefix > 0 ? ` (the first ${l.sharedPrefix} as a common base)` : ''}`, `${l.new} new (${humanBytes(l.newBytes)})`];
  if (l.removed > 0) parts.push(`${l.removed} of A's gone`);
  return parts.join(', ');
}

function findingSummary(d: DiffReport): string {
  const f = d.findings;
  return `${f.new} new in B, ${f.unchanged} also in A, ${f.resolved.length} of A's fixed`;
}

function changeWhat(c: FileChange): string {
  if (c.change === 'added' || c.change === 'removed') return c.change;
  const attrs = (c.attributes ?? []).filter((a) => a !== 'type' && a !== 'target');
  const detail = c.from && c.to ? ` ${c.from} → ${c.to}` : attrs.length > 0 ? ` ${attrs.join(', ')}` : '';
  return c.change === 'content' ? `content${c.attributes?.includes('type') ? ' (type)' : ''}${attrs.length > 0 ? `, ${attrs.join(', ')}` : ''}` : `only${detail}`;
}

/** Text from inside an image must not drive the terminal. */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function padStart(t: string, n: number): string {
  return t.length >= n ? t : ' '.repeat(n - t.length) + t;
}

function folderRow(f: FolderChange, c: ChalkInstance): string {
  const counts = [f.added && `${f.added} added`, f.removed && `${f.removed} removed`, f.changed && `${f.changed} changed`].filter(Boolean).join(', ');
  const delta = f.delta > 0 ? c.red(padStart(signedBytes(f.delta), 11)) : f.delta < 0 ? c.green(padStart(signedBytes(f.delta), 11)) : padStart('0 B', 11);
  return `  ${padStart(humanBytes(f.before), 10)}  ${padStart(humanBytes(f.after), 10)}  ${delta}  ${safe(f.path)}${f.file ? '' : '/'}${counts ? c.dim(`  ${counts}`) : ''}`;
}

/** Lines for the table report. */
export function diffTableSection(input: ReportInput, color: boolean): string[] {
  const d = diffOf(input);
  if (!d) return [];
  const c = new Chalk({ level: color ? 1 : 0 });
  const s = d.size;
  const row = (name: string, x: Change, what: string) => `  ${name.padEnd(12)} ${padStart(humanBytes(x.before), 10)} → ${padStart(humanBytes(x.after), 10)}  ${padStart(signedBytes(x.delta), 11)} ${padStart(pct(x), 9)}  ${c.dim(what)}`;
  const out = [
    `${c.bold('Diff')} ${safe(d.a.reference)} ${c.dim('→')} ${safe(d.b.reference)}`,
    `  ${c.bold(headline(d))}`,
    '',
    row('image size', s.content, 'content of every layer'),
    row('stored', s.compressed, 'compressed: what a pull downloads'),
    row('files', s.final, 'content of the final filesystem'),
    row('reclaimable', s.reclaimable, 'waste: deleted, overwritten, chmod/chown copies, caches, duplicates'),
    `  ${'paths'.padEnd(12)} ${fileSummary(d)}`,
    `  ${'layers'.padEnd(12)} ${layerSummary(d)}`,
    `  ${'findings'.padEnd(12)} ${findingSummary(d)}`,
  ];
  if (d.folders.length > 0) {
    out.push('', `${c.bold('By top-level folder')}`, c.dim(`  ${padStart('A', 10)}  ${padStart('B', 10)}  ${padStart('change', 11)}  folder`));
    for (const f of d.folders.slice(0, 15)) out.push(folderRow(f, c));
    if (d.folders.length > 15) out.push(c.dim(`  … and ${d.folders.length - 15} more (see the JSON report)`));
  }
  if (d.explain.length > 0) {
    out.push('', `${c.bold('What explains it')} ${c.dim('(the deepest folders or files that hold each part of the change)')}`);
    for (const f of d.explain) out.push(folderRow(f, c));
  }
  const list = (title: string, items: FileChange[], total: number) => {
    if (items.length === 0) return;
    out.push('', `${c.bold(title)}${total > items.length ? c.dim(` (the ${items.length} largest of ${total.toLocaleString('en-US')}; --files lists all)`) : ''}`);
    for (const f of items) out.push(`  ${padStart(signedBytes(f.delta), 11)}  ${safe(f.path)}${f.type === 'symlink' ? c.dim(' (symlink)') : ''}  ${c.dim(changeWhat(f))}`);
  };
  list('Files added', d.files.largest.added, d.files.added.count);
  list('Files removed', d.files.largest.removed, d.files.removed.count);
  list('Files changed', d.files.largest.changed, d.files.changed.count);
  out.push('', c.bold("B's layers"));
  out.push(...layerRows(d, c));
  if (d.findings.resolved.length > 0) {
    out.push('', c.bold(`Fixed in B (${d.findings.resolved.length})`));
    for (const r of d.findings.resolved.slice(0, 20)) out.push(`  ${r.level.padEnd(7)}  ${safe(r.message.replace(/\s+/g, ' '))}  ${c.dim(`${r.ruleId} ${r.ruleName}`)}`);
    if (d.findings.resolved.length > 20) out.push(c.dim(`  … and ${d.findings.resolved.length - 20} more (see the JSON report)`));
  }
  return out;
}

function layerRows(d: DiffReport, c: ChalkInstance): string[] {
  const att = d.attribution;
  const status = (l: LayerChange) => (l.status === 'shared' ? 'shared' : l.status === 'moved' ? `in A as ${l.indexInA}` : 'new');
  const rows = d.layers.list.map((l) => [String(l.index), humanBytes(l.size), status(l), ...(att ? [layerLineCell(att, l.index)] : []), safe(shortStep(l.createdBy))]);
  const head = ['#', 'size', 'status', ...(att ? ['line'] : []), 'created by'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : i < 2 ? padStart(cell, widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`;
  const out = [c.dim(fmt(head)), ...rows.map((r) => (r[2] === 'new' ? fmt(r) : c.dim(fmt(r))))];
  for (const l of d.layers.removedList) out.push(c.dim(`  A's layer ${l.index} (${humanBytes(l.size)}) is not in B: ${safe(shortStep(l.createdBy)) || l.diffId}`));
  return out;
}

/** Markdown blocks for a pull-request comment. */
export function diffMarkdownSection(input: ReportInput): string[] {
  const d = diffOf(input);
  if (!d) return [];
  const e = (t: string) => escapeInline(t);
  const code = (t: string) => `\`${t.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
  const s = d.size;
  const out = [
    `### ${e(headline(d))}`,
    '',
    `${code(d.a.reference)} → ${code(d.b.reference)}`,
    '',
    '| | A | B | change |',
    '|---|---:|---:|---:|',
    `| image size | ${humanBytes(s.content.before)} | ${humanBytes(s.content.after)} | **${signedBytes(s.content.delta)}** ${pct(s.content)} |`,
    `| stored (download) | ${humanBytes(s.compressed.before)} | ${humanBytes(s.compressed.after)} | ${signedBytes(s.compressed.delta)} ${pct(s.compressed)} |`,
    `| final files | ${humanBytes(s.final.before)} | ${humanBytes(s.final.after)} | ${signedBytes(s.final.delta)} ${pct(s.final)} |`,
    `| reclaimable waste | ${humanBytes(s.reclaimable.before)} | ${humanBytes(s.reclaimable.after)} | ${signedBytes(s.reclaimable.delta)} |`,
    '',
    `Paths: ${e(fileSummary(d))}. Layers: ${e(layerSummary(d))}. Findings: ${e(findingSummary(d))}.`,
    '',
  ];
  const folderTable = (title: string, items: FolderChange[], open: boolean) => {
    if (items.length === 0) return;
    out.push(open ? `**${title}**` : `<details><summary>${title}</summary>`, '', '| path | A | B | change | files |', '|---|---:|---:|---:|---|');
    for (const f of items) {
      const counts = [f.added && `${f.added} added`, f.removed && `${f.removed} removed`, f.changed && `${f.changed} changed`].filter(Boolean).join(', ');
      out.push(`| ${code(f.path + (f.file ? '' : '/'))} | ${humanBytes(f.before)} | ${humanBytes(f.after)} | ${signedBytes(f.delta)} | ${counts} |`);
    }
    out.push('', ...(open ? [] : ['</details>', '']));
  };
  folderTable('What explains the change', d.explain, true);
  folderTable('By top-level folder', d.folders.slice(0, 20), false);
  const files = [...d.files.largest.added, ...d.files.largest.removed, ...d.files.largest.changed].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  if (files.length > 0) {
    out.push('<details><summary>Largest file changes</summary>', '', '| change | path | what |', '|---:|---|---|');
    for (const f of files.slice(0, 30)) out.push(`| ${signedBytes(f.delta)} | ${code(f.path)} | ${e(changeWhat(f))} |`);
    out.push('', '</details>', '');
  }
  const att = d.attribution;
  out.push("<details><summary>B's layers</summary>", '', `| # | size | status |${att ? ' line |' : ''} created by |`, `|---:|---:|---|${att ? '---|' : ''}---|`);
  for (const l of d.layers.list) {
    const status = l.status === 'shared' ? 'shared' : l.status === 'moved' ? `in A as ${l.indexInA}` : '**new**';
    out.push(`| ${l.index} | ${humanBytes(l.size)} | ${status} |${att ? ` ${layerLineCell(att, l.index)} |` : ''} ${l.createdBy ? code(shortStep(l.createdBy, 80)) : ''} |`);
  }
  out.push('', '</details>', '');
  if (d.findings.resolved.length > 0) {
    out.push(`<details><summary>Fixed in B (${d.findings.resolved.length})</summary>`, '');
    for (const r of d.findings.resolved.slice(0, 30)) out.push(`- ${r.ruleId} ${r.ruleName}: ${e(r.message)}`);
    out.push('', '</details>', '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
