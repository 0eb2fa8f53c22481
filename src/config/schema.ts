/**
 * A small declarative schema for config files, checked against the YAML syntax tree so that
 * every problem names the line and column where it is. The same schema is turned into a JSON
 * Schema for editors (docs/plimsoll-config.schema.json).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import { BYTE_SIZE_HELP, FRACTION_HELP, parseByteSize, parseFraction } from './units.js';

export interface Where {
  line: number;
  column: number;
}

/** One problem in a config file. */
export interface ConfigIssue extends Where {
  /** The key path, e.g. `rules.DF999` or `trustedRegistries[2]`. */
  path: string;
  message: string;
}

export interface ReadContext {
  doc: Document;
  lineCounter: LineCounter;
  issues: ConfigIssue[];
}

interface Described {
  description?: string;
}

export type Schema =
  | ({ type: 'string'; enum?: readonly string[] } & Described)
  | ({ type: 'boolean' } & Described)
  | ({ type: 'bytes' } & Described)
  | ({ type: 'fraction' } & Described)
  | ({ type: 'list'; items: Schema; allowSingle?: boolean } & Described)
  | ({
      type: 'object';
      fields: Readonly<Record<string, Schema>>;
      /** Keys not in `fields` are passed to this instead of being errors. */
      onUnknownKey?: (key: string, pair: Pair, at: Where, ctx: ReadContext) => void;
      /** Accept and ignore `x-…` keys, a place for YAML anchors (as compose files do). */
      extensions?: boolean;
    } & Described)
  | ({
      type: 'custom';
      /** Reads the node; pushes issues to ctx and returns undefined when it is wrong. */
      read: (node: Node, path: string, at: Where, ctx: ReadContext) => unknown;
      jsonSchema: Record<string, unknown>;
    } & Described);

/** Where a node starts (1-based line and column). */
export function whereOf(node: Node | null | undefined, ctx: ReadContext): Where {
  const offset = node?.range?.[0] ?? 0;
  const pos = ctx.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function issue(ctx: ReadContext, at: Where, path: string, message: string): undefined {
  ctx.issues.push({ ...at, path, message });
  return undefined;
}

/** Follows `*alias` references to the anchored node. */
export function deref(node: unknown, ctx: ReadContext): Node | null {
  let n = node as Node | null;
  for (let i = 0; i < 32 && n && isAlias(n); i++) n = n.resolve(ctx.doc) as Node | null;
  return n ?? null;
}

/** True when the node is missing or an empty YAML value (`key:` with nothing after it). */
export function isNullish(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    if (typeof v === 'number') return `the number ${v}`;
    return String(v);
  }
  return 'an unknown value';
}

export function expectation(schema: Schema): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? `one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'bytes':
      return BYTE_SIZE_HELP;
    case 'fraction':
      return FRACTION_HELP;
    case 'list':
      return `a list of ${plural(expectation(schema.items))}${schema.allowSingle ? ' (or a single one)' : ''}`;
    case 'object':
      return 'a mapping';
    case 'custom':
      return schema.description ?? 'a valid value';
  }
}

function plural(text: string): string {
  if (text === 'a string') return 'strings';
  if (text.startsWith('one of ')) return `values (${text})`;
  return text.replace(/^an? /, '');
}

export function joinPath(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${safe}` : safe;
}

/** Reads and checks one node against its schema; returns undefined (and records why) when wrong. */
export function readNode(raw: unknown, schema: Schema, path: string, at: Where, ctx: ReadContext): unknown {
  const node = deref(raw, ctx);
  if (isNullish(node)) return undefined;
  const wrong = () => issue(ctx, at, path, `expected ${expectation(schema)}, got ${describeNode(node)}`);
  switch (schema.type) {
    case 'string': {
      if (!isScalar(node) || typeof node.value !== 'string') {
        // A bare number where a string is wanted (a registry `10.0.0.1`?) is still a string to the user.
        if (isScalar(node) && typeof node.value === 'number' && !schema.enum) return String(node.source ?? node.value);
        return wrong();
      }
      if (schema.enum && !schema.enum.includes(node.value)) {
        const guess = closest(node.value, schema.enum);
        return issue(ctx, at, path, `${JSON.stringify(node.value)} is not allowed${guess ? ` (did you mean "${guess}"?)` : ''}; expected ${expectation(schema)}`);
      }
      return node.value;
    }
    case 'boolean':
      if (!isScalar(node) || typeof node.value !== 'boolean') return wrong();
      return node.value;
    case 'bytes': {
      const value = isScalar(node) ? parseByteSize(node.value) : undefined;
      return value === undefined ? wrong() : value;
    }
    case 'fraction': {
      const value = isScalar(node) ? parseFraction(node.value) : undefined;
      return value === undefined ? wrong() : value;
    }
    case 'list': {
      if (!isSeq(node)) {
        if (schema.allowSingle && isScalar(node)) {
          const one = readNode(node, schema.items, path, at, ctx);
          return one === undefined ? undefined : [one];
        }
        return wrong();
      }
      const out: unknown[] = [];
      node.items.forEach((item, i) => {
        const itemNode = deref(item, ctx);
        const value = readNode(itemNode, schema.items, `${path}[${i}]`, whereOf(itemNode, ctx), ctx);
        if (value !== undefined) out.push(value);
      });
      return out;
    }
    case 'object': {
      if (!isMap(node)) return wrong();
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = deref(pair.key, ctx);
        const keyAt = whereOf(keyNode ?? (pair.value as Node | null), ctx);
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) {
          issue(ctx, keyAt, path, 'keys must be plain words');
          continue;
        }
        if (schema.extensions && key.startsWith('x-')) continue;
        const field = Object.prototype.hasOwnProperty.call(schema.fields, key) ? schema.fields[key] : undefined;
        if (!field) {
          if (schema.onUnknownKey) schema.onUnknownKey(key, pair, keyAt, ctx);
          else {
            const known = Object.keys(schema.fields).filter((k) => !k.startsWith('$'));
            const guess = closest(key, known);
            issue(ctx, keyAt, joinPath(path, key), `unknown key${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of: ${known.join(', ')}`);
          }
          continue;
        }
        const value = readNode(pair.value, field, joinPath(path, key), keyAt, ctx);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'custom':
      return schema.read(node as Node, path, at, ctx);
  }
}

/** The known word nearest to a misspelt one, when it is close enough to be a likely typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The JSON Schema (draft-07) of a schema, for editors. */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const base: Record<string, unknown> = schema.description ? { description: schema.description } : {};
  switch (schema.type) {
    case 'string':
      return { ...base, type: 'string', ...(schema.enum ? { enum: [...schema.enum] } : {}) };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'bytes':
      return {
        ...base,
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*([kKmMgGtT]([iI]?[bB]?)?|[bB])?\\s*$' },
        ],
      };
    case 'fraction':
      return { ...base, anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$' }] };
    case 'list': {
      const list = { type: 'array', items: toJsonSchema(schema.items) };
      return schema.allowSingle ? { ...base, anyOf: [toJsonSchema(schema.items), list] } : { ...base, ...list };
    }
    case 'object':
      return {
        ...base,
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.fields).map(([k, v]) => [k, toJsonSchema(v)])),
        ...(schema.extensions ? { patternProperties: { '^x-': {} } } : {}),
        additionalProperties: schema.onUnknownKey !== undefined,
      };
    case 'custom':
      return { ...base, ...schema.jsonSchema };
  }
}
