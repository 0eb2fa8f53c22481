/**
 * The report for people: findings grouped by file (or image), one line each
 * (`line:col level message id name`), the fix hint under it, and a summary. Colour only when
 * asked (a TTY without NO_COLOR or --no-color); long messages wrap to the terminal's width.
 * Suppressed findings are counted but only listed with --show-suppressed.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { formatInputError, type Finding, type Level } from '../rules/finding.js';
import { diffTableSection } from './diff-sections.js';
import { imageTableSection } from './image-sections.js';
import { summarize } from './json.js';
import { oneLine, shortDigest } from './locations.js';
import type { ReportInput } from './types.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width to wrap long messages to; no wrapping when absent. */
  width?: number;
  /** List suppressed findings too (they are always counted). */
  showSuppressed?: boolean;
}

/** Narrower than this, wrapping does more harm than good. */
const MIN_WRAP_WIDTH = 40;

export function renderTable(input: ReportInput, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const showSuppressed = opts.showSuppressed ?? input.showSuppressed ?? false;
  const width = opts.width !== undefined && opts.width >= MIN_WRAP_WIDTH ? opts.width : undefined;
  const out: string[] = [];

  const image = imageTableSection(input, opts.color);
  if (image.length > 0) out.push(...image, '');
  const diff = diffTableSection(input, opts.color);
  if (diff.length > 0) out.push(...diff, '');

  const groups = new Map<string, Finding[]>();
  for (const f of input.findings) {
    if (f.suppressed && !showSuppressed) continue;
    const key = f.location.kind === 'file' ? f.location.file : f.location.image;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  for (const [source, findings] of groups) {
    out.push(c.underline(terminalSafe(source)));
    const whereWidth = Math.max(...findings.map((f) => whereOf(f).length));
    for (const f of findings) out.push(...formatFinding(f, c, whereWidth, width));
    out.push('');
  }

  for (const e of input.errors) out.push(`${c.red('error')} ${terminalSafe(formatInputError(e))}`);
  if (input.errors.length > 0) out.push('');

  out.push(summaryLine(input, c, showSuppressed));
  if (input.gate) {
    for (const check of input.gate.checks) {
      const mark = check.passed ? c.green('PASS') : c.red('FAIL');
      out.push(`${mark} ${check.name}: ${check.actual} (limit ${check.limit})${check.message ? ` ${check.message}` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The short place in the left column: `12:5` for files, `layer 3` or `config` for images. */
function whereOf(f: Finding): string {
  const loc = f.location;
  if (loc.kind === 'file') return `${loc.range.start.line}:${loc.range.start.column}`;
  if (loc.layer) return `layer ${loc.layer.index}`;
  if (loc.configKey) return 'config';
  if (loc.historyIndex !== undefined) return `history ${loc.historyIndex}`;
  return 'image';
}

/** The second line of an image finding: path or config key, the layer's step, the Dockerfile line. */
function imageDetail(f: Finding): string | undefined {
  const loc = f.location;
  if (loc.kind !== 'image') return undefined;
  const parts: string[] = [];
  if (loc.path) parts.push(loc.path);
  if (loc.configKey) parts.push(loc.configKey);
  if (loc.layer) parts.push(`${shortDigest(loc.layer.diffId)}${loc.layer.createdBy ? ` ${oneLine(loc.layer.createdBy, 60)}` : ''}`);
  if (loc.relatedLayer) parts.push(`and layer ${loc.relatedLayer.index} ${shortDigest(loc.relatedLayer.diffId)}`);
  if (loc.source) parts.push(`${loc.source.file}:${loc.source.range.start.line}:${loc.source.range.start.column}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function formatFinding(f: Finding, c: ChalkInstance, whereWidth: number, width: number | undefined): string[] {
  const where = whereOf(f).padStart(whereWidth);
  const prefix = `  ${where}  ${'warning'.padEnd(7)}  `;
  const indent = ' '.repeat(prefix.length);
  const id = `${f.ruleId} ${f.ruleName}`;
  const marks: string[] = [];
  if (f.suppressed) marks.push(`suppressed${f.suppressed.justification ? `: ${f.suppressed.justification}` : ''}`);
  if (f.baselineState === 'new') marks.push('new');
  else if (f.baselineState === 'unchanged') marks.push('in baseline');
  const tail = terminalSafe(marks.length > 0 ? `${id} (${marks.join(', ')})` : id);

  const lines: string[] = [];
  const avail = width !== undefined ? Math.max(20, width - prefix.length) : Infinity;
  const body = wrap(oneLineMessage(f.message), avail);
  const last = body.length - 1;
  // The id goes after the message when it fits, else on a line of its own.
  const idOnOwnLine = width !== undefined && body[last].length + 2 + tail.length > avail;
  body.forEach((text, i) => {
    const head = i === 0 ? `  ${c.dim(where)}  ${colorLevel(f.level, c)}  ` : indent;
    const end = i === last && !idOnOwnLine ? `  ${c.dim(tail)}` : '';
    lines.push(`${head}${text}${end}`);
  });
  if (idOnOwnLine) lines.push(`${indent}${c.dim(tail)}`);
  const detail = imageDetail(f);
  if (detail) for (const l of wrap(terminalSafe(detail), avail)) lines.push(`${indent}${c.dim(l)}`);
  if (f.fix) {
    wrap(`fix: ${oneLineMessage(f.fix)}`, avail).forEach((l) => lines.push(`${indent}${c.cyan(l)}`));
  }
  return lines;
}

function summaryLine(input: ReportInput, c: ChalkInstance, showSuppressed: boolean): string {
  const s = summarize(input.findings, input.baseline !== undefined);
  const problems = s.error + s.warning + s.note;
  const parts = [
    `${s.error} ${plural(s.error, 'error')}`,
    `${s.warning} ${plural(s.warning, 'warning')}`,
    `${s.note} ${plural(s.note, 'note')}`,
  ];
  let line = `${problems} ${plural(problems, 'problem')} (${parts.join(', ')})`;
  if (s.new !== undefined) line += `, ${s.new} new since the baseline`;
  if (s.suppressed > 0) line += `, ${s.suppressed} suppressed${showSuppressed ? '' : ' (not listed; --show-suppressed lists them)'}`;
  const total = input.targets.length;
  line += ` in ${total} ${plural(total, input.command === 'lint' ? 'file' : 'image')}`;
  if (input.errors.length > 0) line += `; ${input.errors.length} input ${plural(input.errors.length, 'error')}`;
  const mark = input.exitCode === 0 ? c.green('✔') : c.red('✖');
  return `${mark} ${line}`;
}

function colorLevel(level: Level, c: ChalkInstance): string {
  const text = level.padEnd(7);
  return level === 'error' ? c.red(text) : level === 'warning' ? c.yellow(text) : c.blue(text);
}

function oneLineMessage(text: string): string {
  return terminalSafe(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

/**
 * Text from the input (paths inside images, messages quoting them) must not drive the
 * terminal: control characters, bidirectional overrides and lone surrogates are shown as
 * escapes. Newlines are kept (callers flatten them where a line is wanted).
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (ch) => {
      const code = ch.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Splits text into lines of at most `width` characters at spaces (long words stay whole). */
export function wrap(text: string, width: number): string[] {
  if (!Number.isFinite(width) || [...text].length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
