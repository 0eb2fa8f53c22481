/**
 * YAML text to compose nodes with positions: anchors and aliases expanded, `<<` merge keys
 * applied, string values interpolated. One call per file; the structure of a compose file is
 * read by `load.ts`.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { InputError, Range } from '../rules/finding.js';
import { interpolate } from './interpolate.js';
import type { ComposeComment, ComposeMapNode, ComposeNode, ComposeScalarNode, ComposeSeqNode, ComposeSource, ScalarStyle, Via } from './model.js';

export interface ParsedYaml {
  source: ComposeSource;
  /** The document's top node; undefined when the YAML could not be read. */
  root?: ComposeNode;
  errors: InputError[];
}

/** Expanding aliases can multiply nodes ("billion laughs"); past this many, the file is refused. */
const MAX_NODES = 100_000;

export function parseYamlSource(text: string, path: string, absolute: string | undefined, vars: ReadonlyMap<string, string>): ParsedYaml {
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean.split(/\r?\n/);
  const source: ComposeSource = { path, absolute, text: clean, lines, comments: [] };
  const errors: InputError[] = [];
  const nul = clean.indexOf('\u0000');
  if (nul >= 0) {
    const lc = new LineCounter();
    lineStarts(clean, lc);
    const pos = lc.linePos(nul);
    errors.push({ source: path, line: pos.line, column: pos.col, message: 'is not a text file (it holds a NUL byte)' });
    return { source, errors };
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(clean, { lineCounter, merge: true, keepSourceTokens: false, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) {
    // An empty stream: parseAllDocuments returns an EmptyStream.
    return { source, errors };
  }
  const toRange = (start: number, end: number): Range => {
    const s = lineCounter.linePos(start);
    let e = lineCounter.linePos(Math.max(start, end));
    // A value that ends with its newline ends on the previous line, not at column 1 of the next.
    if (e.col === 1 && e.line > s.line) e = { line: e.line - 1, col: (lines[e.line - 2]?.length ?? 0) + 1 };
    return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
  };
  for (const doc of docs) {
    // The first error of a document says where it breaks; the ones after it are mostly echoes.
    const err = doc.errors[0];
    if (!err) continue;
    const pos = lineCounter.linePos(err.pos[0]);
    errors.push({ source: path, line: pos.line, column: pos.col, message: `is not valid YAML: ${firstLine(err.message)}` });
  }
  source.comments = collectComments(lines, docs, toRange);
  if (errors.length > 0 || docs.length === 0) return { source, errors };
  const withContent = docs.filter((d) => d.contents !== null);
  if (withContent.length > 1) {
    const second = withContent[1];
    const r = second.contents?.range ? toRange(second.contents.range[0], second.contents.range[0]) : undefined;
    errors.push({
      source: path,
      line: r?.start.line,
      column: r?.start.column,
      message: 'holds several YAML documents; plimsoll reads only the first',
    });
  }
  const doc = withContent[0] ?? docs[0];
  if (!doc.contents) return { source, errors };
  const ctx: ConvertContext = { source, anchors: anchorsOf(doc), vars, errors, toRange, nodes: 0, aborted: false };
  const root = convert(doc.contents as YamlNode, ctx, undefined, undefined, undefined, undefined);
  if (ctx.aborted) return { source, errors };
  return { source, root, errors };
}

interface ConvertContext {
  source: ComposeSource;
  /** Anchored nodes by name, in document order (an anchor may be defined again further down). */
  anchors: Map<string, YamlNode[]>;
  vars: ReadonlyMap<string, string>;
  errors: InputError[];
  toRange(start: number, end: number): Range;
  nodes: number;
  aborted: boolean;
}

function convert(
  node: YamlNode | null | undefined,
  ctx: ConvertContext,
  parent: ComposeMapNode | ComposeSeqNode | undefined,
  key: string | undefined,
  keyRange: Range | undefined,
  via: Via[] | undefined,
  /** Where an empty value sits (just after its key). */
  emptyAt?: number,
): ComposeNode {
  if (++ctx.nodes > MAX_NODES && !ctx.aborted) {
    ctx.aborted = true;
    ctx.errors.push({ source: ctx.source.path, message: `expands to more than ${MAX_NODES} YAML nodes through aliases; refusing to read it` });
  }
  // Built with fixed fields rather than object spread: spreading was most of the cost of big files.
  const base: Base = { source: ctx.source, parent, key, keyRange, via: via && via.length > 0 ? via : undefined };
  if (node === null || node === undefined || ctx.aborted) {
    const at = emptyAt ?? 0;
    const range = keyRange ? { start: keyRange.end, end: keyRange.end } : ctx.toRange(at, at);
    return scalar(base, range, null, '', '', 'plain');
  }
  if (isAlias(node)) {
    // yaml's Alias.resolve walks the whole document on each call; a lookup keeps big files fast.
    const at = node.range?.[0] ?? 0;
    const target = ctx.anchors.get(node.source)?.filter((n) => (n.range?.[0] ?? 0) < at).pop();
    const aliasRange = ctx.toRange(node.range![0], node.range![1]);
    if (!target) {
      ctx.errors.push({ source: ctx.source.path, line: aliasRange.start.line, column: aliasRange.start.column, message: `alias *${node.source} names no anchor` });
      return scalar(base, aliasRange, null, '', '', 'plain');
    }
    return convert(target, ctx, parent, key, keyRange, [...(via ?? []), { kind: 'alias', source: ctx.source, range: aliasRange }]);
  }
  const range = node.range ? ctx.toRange(node.range[0], node.range[1]) : keyRange ?? ctx.toRange(0, 0);
  if (isScalar(node)) return scalarNode(node, range, base, ctx);
  if (isSeq(node)) {
    const seq: ComposeSeqNode = { kind: 'seq', items: [], source: base.source, range, parent, key, keyRange, via: base.via };
    for (const item of node.items) seq.items.push(convert(item as YamlNode, ctx, seq, undefined, undefined, undefined, node.range?.[0]));
    return seq;
  }
  if (isMap(node)) {
    const map: ComposeMapNode = { kind: 'map', entries: new Map(), source: base.source, range, parent, key, keyRange, via: base.via };
    const merges: Pair[] = [];
    for (const pair of node.items as Pair[]) {
      const k = pair.key as YamlNode | null;
      if (isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && (!k.type || k.type === 'PLAIN')))) {
        merges.push(pair);
        continue;
      }
      if (k !== null && !isScalar(k)) {
        const r = k.range ? ctx.toRange(k.range[0], k.range[1]) : range;
        ctx.errors.push({ source: ctx.source.path, line: r.start.line, column: r.start.column, message: 'uses a complex mapping key, which a compose file cannot' });
        continue;
      }
      const keyText = k === null ? '' : k.value === null ? 'null' : String(k.value);
      const kr = k?.range ? ctx.toRange(k.range[0], k.range[1]) : range;
      map.entries.set(keyText, convert(pair.value as YamlNode | null, ctx, map, keyText, kr, undefined, k?.range?.[2]));
    }
    for (const pair of merges) applyMerge(map, pair, ctx);
    return map;
  }
  return scalar(base, range, null, '', '', 'plain');
}

/** `<<: *a` or `<<: [*a, *b]`: keys not written in the mapping come from the sources, earlier sources first. */
function applyMerge(map: ComposeMapNode, pair: Pair, ctx: ConvertContext): void {
  const k = pair.key as YamlNode;
  const value = pair.value as YamlNode | null;
  const start = k.range![0];
  const end = value?.range?.[1] ?? k.range![1];
  const mergeVia: Via = { kind: 'merge', source: ctx.source, range: ctx.toRange(start, end) };
  const sources = isSeq(value) ? (value.items as YamlNode[]) : [value];
  for (const src of sources) {
    const converted = convert(src, ctx, map, undefined, undefined, undefined);
    if (converted.kind !== 'map') {
      // An alias to no anchor is reported already.
      if (isAlias(src) && converted.kind === 'scalar' && converted.value === null && !ctx.anchors.has(src.source)) continue;
      const r = mergeVia.range;
      ctx.errors.push({ source: ctx.source.path, line: r.start.line, column: r.start.column, message: 'merges (<<) something that is not a mapping' });
      continue;
    }
    for (const [name, entry] of converted.entries) {
      if (map.entries.has(name)) continue;
      entry.parent = map;
      entry.via = [...(converted.via ?? []), mergeVia, ...(entry.via ?? [])];
      map.entries.set(name, entry);
    }
  }
}

type Base = Pick<ComposeScalarNode, 'source' | 'parent' | 'key' | 'keyRange' | 'via'>;

function scalar(base: Base, range: Range, value: ComposeScalarNode['value'], text: string, raw: string, style: ScalarStyle): ComposeScalarNode {
  return { kind: 'scalar', value, text, raw, style, source: base.source, range, parent: base.parent, key: base.key, keyRange: base.keyRange, via: base.via };
}

function scalarNode(node: import('yaml').Scalar, range: Range, base: Base, ctx: ConvertContext): ComposeScalarNode {
  const style = styleOf(node.type);
  const v = node.value;
  if (typeof v === 'string') {
    const out = scalar(base, range, v, v, v, style);
    if (v.includes('$')) {
      const result = interpolate(v, ctx.vars);
      out.value = result.value;
      out.text = result.value;
      if (result.refs.length > 0) out.interpolation = { refs: result.refs, unresolved: result.unresolved, parts: result.parts };
      if (result.error) ctx.errors.push({ source: ctx.source.path, line: range.start.line, column: range.start.column, message: result.error });
    }
    return out;
  }
  const text = v === null || v === undefined ? '' : (node.source ?? String(v));
  const value = typeof v === 'number' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : String(v);
  return scalar(base, range, value, value === null ? '' : text, text, style);
}

function styleOf(type: string | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_LITERAL':
      return 'literal';
    case 'BLOCK_FOLDED':
      return 'folded';
    default:
      return 'plain';
  }
}

function anchorsOf(doc: Document.Parsed): Map<string, YamlNode[]> {
  const out = new Map<string, YamlNode[]>();
  visit(doc, (_, n) => {
    const anchor = (n as { anchor?: string } | null)?.anchor;
    if (!anchor || !n || typeof n !== 'object' || !('range' in n)) return;
    const list = out.get(anchor) ?? [];
    list.push(n as YamlNode);
    out.set(anchor, list);
  });
  return out;
}

/** Full-line comments, skipping lines that belong to multi-line strings (a `#` there is text). */
function collectComments(lines: string[], docs: Document.Parsed[], toRange: (s: number, e: number) => Range): ComposeComment[] {
  const inString = new Set<number>();
  for (const doc of docs) {
    visit(doc, {
      Scalar(_, n) {
        if (!n.range) return;
        const r = toRange(n.range[0], n.range[1]);
        for (let l = r.start.line + 1; l <= r.end.line; l++) inString.add(l);
      },
    });
  }
  const out: ComposeComment[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)#(.*)$/.exec(line);
    if (!m || inString.has(i + 1)) return;
    out.push({
      line: i + 1,
      text: m[2].trim(),
      range: { start: { line: i + 1, column: m[1].length + 1 }, end: { line: i + 1, column: line.length + 1 } },
    });
  });
  return out;
}

function lineStarts(text: string, lc: LineCounter): void {
  lc.addNewLine(0);
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lc.addNewLine(i + 1);
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The range of part of a scalar, `[from, to)` in its raw (uninterpolated) characters, when it can
 * be mapped exactly to the source (a one-line plain scalar, or a quoted one with no escapes);
 * otherwise the whole scalar's range.
 */
export function subRange(node: ComposeScalarNode, from: number, to: number): Range {
  const r = node.range;
  if (r.start.line !== r.end.line) return r;
  const line = node.source.lines[r.start.line - 1] ?? '';
  const written = line.slice(r.start.column - 1, r.end.column - 1);
  let offset: number;
  if (node.style === 'plain' && written === node.raw) offset = 0;
  else if ((node.style === 'single' || node.style === 'double') && written === `${written[0]}${node.raw}${written[0]}` && !/[\\']/.test(node.raw)) offset = 1;
  else return r;
  return {
    start: { line: r.start.line, column: r.start.column + offset + from },
    end: { line: r.start.line, column: r.start.column + offset + to },
  };
}
