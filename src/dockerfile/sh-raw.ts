/**
 * Fast access to mvdan-sh's syntax tree.
 *
 * mvdan-sh is mvdan/sh compiled to JavaScript by GopherJS. Its public objects are wrappers that
 * convert ("externalize") every field and every node on each access, and `syntax.Walk` wraps
 * every node it visits: on the corpus that cost 20 times the parse itself and most of the run.
 * The wrappers hold the Go values themselves in `__internal_object__`, and those are plain
 * JavaScript objects: struct fields under their Go names, slices as `{$array, $offset, $length}`,
 * strings as one character per UTF-8 byte, nil pointers as the type's `nil` object, nil
 * interfaces as a shared placeholder, and Go methods (`Pos()`, `End()`, `Line()`...) on their
 * prototypes. This module reads those directly. It depends on GopherJS's object layout, which
 * is stable for the pinned mvdan-sh; `assertRawLayout` checks it once at start-up, so a change
 * fails loudly instead of silently reading nothing.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export type RawNode = any;

const SYNTAX_PREFIX = '*syntax.';

/** The Go type name of a node (`CallExpr`, `Lit`...), or undefined for nil and non-nodes. */
export function kind(x: RawNode): string | undefined {
  if (x === null || x === undefined || typeof x !== 'object') return undefined;
  const ctor = x.constructor;
  const name: unknown = ctor?.string;
  if (typeof name !== 'string' || !name.startsWith(SYNTAX_PREFIX) || x === ctor.nil) return undefined;
  return name.slice(SYNTAX_PREFIX.length);
}

/** True for a non-nil node pointer. */
export function present(x: RawNode): boolean {
  return kind(x) !== undefined;
}

const EMPTY: readonly RawNode[] = Object.freeze([]);

/** A Go slice as a JavaScript array (a copy of the visible part). */
export function list(slice: RawNode): readonly RawNode[] {
  if (!slice || !Array.isArray(slice.$array) || !slice.$length) return EMPTY;
  return slice.$array.slice(slice.$offset, slice.$offset + slice.$length);
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** A Go string (one character per UTF-8 byte) as a JavaScript string. */
export function str(s: unknown): string {
  if (typeof s !== 'string') return s === undefined || s === null ? '' : String(s);
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** The wrapped Go value of a public mvdan-sh object. */
export function unwrap(wrapper: RawNode): RawNode {
  return wrapper?.__internal_object__ ?? wrapper;
}

/**
 * Every node under `root`, parents before children, children in field order (as
 * `syntax.Walk` visits them). `visit` returning false skips a node's children.
 */
export function walk(root: RawNode, visit: (node: RawNode, type: string) => boolean | void): void {
  const stack: RawNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    const type = kind(node);
    if (type === undefined) continue;
    if (visit(node, type) === false) continue;
    const children: RawNode[] = [];
    for (const key of Object.keys(node)) {
      if (key === '$val') continue;
      const v = node[key];
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v.$array)) {
        for (const item of list(v)) if (kind(item) !== undefined) children.push(item);
      } else if (kind(v) !== undefined) children.push(v);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Checks once that a parse result has the layout this module reads. */
export function assertRawLayout(parsed: RawNode): void {
  const file = unwrap(parsed);
  const stmt = list(file?.Stmts)[0];
  const call = stmt?.Cmd;
  const word = list(call?.Args)[0];
  const lit = list(word?.Parts)[0];
  if (kind(file) !== 'File' || kind(stmt) !== 'Stmt' || kind(call) !== 'CallExpr' || kind(lit) !== 'Lit' || str(lit.Value) !== 'echo') {
    throw new Error('mvdan-sh: unexpected internal object layout; src/dockerfile/sh-raw.ts needs updating for this mvdan-sh version');
  }
  if (typeof call.Pos !== 'function' || call.Pos().Line() !== 1 || call.End().Offset() !== 7) {
    throw new Error('mvdan-sh: positions are not readable from internal objects; src/dockerfile/sh-raw.ts needs updating');
  }
}
