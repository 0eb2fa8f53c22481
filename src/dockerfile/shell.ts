/**
 * Reads RUN scripts with a real shell parser (mvdan/sh, through its GopherJS build `mvdan-sh`)
 * into the simple commands rules look at. Positions are mapped back to the Dockerfile.
 */
import shModule from 'mvdan-sh';
import type { Position, Range } from '../rules/finding.js';
import type { Command, ShellScript, Word } from './model.js';
import { assertRawLayout, kind, list, present, str, unwrap as goValue, walk } from './sh-raw.js';

// mvdan-sh ships no types; this is the slice of its API we use.
/* eslint-disable @typescript-eslint/no-explicit-any */
type ShNode = any;
const syntax: any = (shModule as any).syntax;
const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
// The tree is read through its Go objects (sh-raw.ts): the public wrappers cost 20x the parse.
const parse = (src: string): ShNode => goValue(parser.Parse(src, ''));
assertRawLayout(parser.Parse('echo hi', ''));

/** Operator codes differ between mvdan/sh versions, so they are learnt from the parser itself. */
const OPS = (() => {
  const binOp = (src: string) => list(parse(src).Stmts)[0].Cmd.Op as number;
  const redirOp = (src: string) => list(list(parse(src).Stmts)[0].Redirs)[0].Op as number;
  return {
    pipe: binOp('a | b'),
    pipeAll: binOp('a |& b'),
    hdoc: redirOp('a <<E\nE\n'),
    dashHdoc: redirOp('a <<-E\nE\n'),
    redirText: new Map<number, string>(
      ['>', '>>', '<', '<<<', '>&', '<&', '&>', '&>>', '>|', '<>'].map((op) => [redirOp(`a ${op} x`), op]),
    ),
  };
})();

export const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

const WRAPPERS: Record<string, { flagsWithValue: Set<string>; skipPositional?: number }> = {
  sudo: { flagsWithValue: new Set(['-u', '-g', '-h', '-p', '-U', '-C', '-D', '-r', '-t', '--user', '--group']) },
  doas: { flagsWithValue: new Set(['-u', '-C']) },
  env: { flagsWithValue: new Set(['-u', '-C', '--unset', '--chdir']) },
  nice: { flagsWithValue: new Set(['-n', '--adjustment']) },
  nohup: { flagsWithValue: new Set() },
  time: { flagsWithValue: new Set(['-f', '-o']) },
  timeout: { flagsWithValue: new Set(['-s', '-k', '--signal', '--kill-after']), skipPositional: 1 },
  exec: { flagsWithValue: new Set(['-a']) },
  command: { flagsWithValue: new Set() },
  stdbuf: { flagsWithValue: new Set(['-i', '-o', '-e']) },
  gosu: { flagsWithValue: new Set(), skipPositional: 1 },
  'su-exec': { flagsWithValue: new Set(), skipPositional: 1 },
  chronic: { flagsWithValue: new Set() },
  eatmydata: { flagsWithValue: new Set() },
};

export interface ParseScriptOptions {
  /** Where `text` starts in the Dockerfile (1-based line and column). */
  start: Position;
  /** Known ARG/ENV values, used to expand a bare `$VAR` argument into its words. */
  vars?: ReadonlyMap<string, string | undefined>;
}

const MAX_NESTING = 4;

/**
 * Scripts already read, by start column and text: the same RUN shows up again and again across
 * variants of an image (docker-library's Dockerfiles) and in monorepos. Entries are read at line
 * 1 and moved to their real line when used; each remembers the variables it looked up, and is
 * used only when those still have the same values.
 */
const scriptCache = new Map<string, { vars: [string, string | undefined][]; script: ShellScript }>();
const SCRIPT_CACHE_SIZE = 4096;

/** Forgets the scripts read so far (benchmarks clear it so that each run does all its work). */
export function clearShellScriptCache(): void {
  scriptCache.clear();
}

/** Parses a POSIX/bash script; never throws. */
export function parseShellScript(text: string, options: ParseScriptOptions): ShellScript {
  const vars = options.vars ?? new Map<string, string | undefined>();
  const key = `${options.start.column}\u0000${text}`;
  const lineShift = options.start.line - 1;
  const hit = scriptCache.get(key);
  if (hit && hit.vars.every(([name, value]) => vars.get(name) === value)) return moveLines(hit.script, lineShift);
  const used: [string, string | undefined][] = [];
  const recording = {
    get(name: string) {
      const value = vars.get(name);
      used.push([name, value]);
      return value;
    },
  } as ReadonlyMap<string, string | undefined>;
  const script: ShellScript = { commands: [], hasPipe: false };
  parseInto(script, text, { line: 1, column: options.start.column }, recording, 0, undefined);
  script.commands.sort((a, b) => comparePos(a.range.start, b.range.start));
  if (scriptCache.size >= SCRIPT_CACHE_SIZE) scriptCache.delete(scriptCache.keys().next().value as string);
  scriptCache.set(key, { vars: used, script });
  return moveLines(script, lineShift);
}

/**
 * A copy with every position `shift` lines down (callers never share the cached one). Written
 * out for the model's shape: a generic deep copy cost more than the parse it saved.
 */
function moveLines(script: ShellScript, shift: number): ShellScript {
  const range = (r: Range): Range => ({
    start: { line: r.start.line + shift, column: r.start.column },
    end: { line: r.end.line + shift, column: r.end.column },
  });
  const words = new Map<Word, Word>();
  const word = (w: Word): Word => {
    let moved = words.get(w);
    if (!moved) {
      moved = { ...w, range: range(w.range) };
      words.set(w, moved);
    }
    return moved;
  };
  return {
    ...script,
    error: script.error && { ...script.error, line: script.error.line + shift },
    commands: script.commands.map((c) => ({
      ...c,
      range: range(c.range),
      nameRange: range(c.nameRange),
      words: c.words.map(word),
      args: [...c.args],
      assignments: c.assignments.map((a) => ({ ...a })),
      redirects: c.redirects.map((r) => ({ ...r })),
      pipeline: c.pipeline && { ...c.pipeline },
    })),
  };
}

function parseInto(
  out: ShellScript,
  text: string,
  start: Position,
  vars: ReadonlyMap<string, string | undefined>,
  depth: number,
  wrappedBy: string | undefined,
): void {
  // Padding the text with the lines and columns before it makes the parser's positions the
  // Dockerfile's own, with no offset arithmetic later.
  const padded = '\n'.repeat(start.line - 1) + ' '.repeat(start.column - 1) + text;
  const src = new SourceMap(padded);
  let file: ShNode;
  try {
    file = parse(padded);
  } catch (err: any) {
    if (!out.error && err && typeof err.Text === 'string' && err.Pos) {
      const pos = src.position(err.Pos.Line(), err.Pos.Col());
      out.error = { message: err.Text, line: pos.line, column: pos.column };
    } else if (!out.error) {
      out.error = { message: String(err?.message ?? err), line: start.line, column: start.column };
    }
    return;
  }

  const pipelineOf = new Map<number, { id: number; index: number; length: number }>();
  const redirectsOf = new Map<number, Command['redirects']>();
  const calls: ShNode[] = [];
  const subshells: [number, number][] = [];
  const heredocScripts: { text: string; start: Position }[] = [];
  let pipelineId = 0;

  walk(file, (node: ShNode, type: string) => {
    if (type === 'BinaryCmd' && (node.Op === OPS.pipe || node.Op === OPS.pipeAll)) {
      out.hasPipe = true;
      if (!pipelineOf.has(node.Pos().Offset())) {
        const leaves: ShNode[] = [];
        flattenPipeline(node, leaves);
        const id = ++pipelineId;
        leaves.forEach((stmt, index) => {
          if (present(stmt.Cmd)) pipelineOf.set(stmt.Cmd.Pos().Offset(), { id, index, length: leaves.length });
        });
      }
    } else if (type === 'CallExpr' || type === 'DeclClause') {
      calls.push(node);
    } else if (type === 'Subshell' || type === 'CmdSubst' || type === 'ProcSubst') {
      subshells.push([node.Pos().Offset(), node.End().Offset()]);
    } else if (type === 'Stmt') {
      collectHeredocScript(node, src, heredocScripts);
      const redirs = list(node.Redirs);
      if (present(node.Cmd) && redirs.length > 0) {
        redirectsOf.set(
          node.Cmd.Pos().Offset(),
          redirs.map((r: ShNode) => ({
            op: r.Op === OPS.hdoc ? '<<' : r.Op === OPS.dashHdoc ? '<<-' : (OPS.redirText.get(r.Op) ?? '?'),
            target: present(r.Word) ? wordValue(r.Word, src).value : undefined,
          })),
        );
      }
    }
    return true;
  });

  for (const call of calls) {
    const offset = call.Pos().Offset();
    const command = toCommand(call, src, vars, pipelineOf.get(offset), redirectsOf.get(offset) ?? [], wrappedBy);
    if (!command) continue;
    if (subshells.some(([s, e]) => offset > s && offset < e)) command.subshell = true;
    out.commands.push(command);
    if (depth < MAX_NESTING) {
      for (const inner of unwrap(command)) out.commands.push(inner);
      const nested = nestedScript(command);
      if (nested) parseInto(out, nested.text, nested.start, vars, depth + 1, command.program);
    }
  }
  if (depth < MAX_NESTING) {
    for (const h of heredocScripts) parseInto(out, h.text, h.start, vars, depth + 1, wrappedBy);
  }
}

function flattenPipeline(node: ShNode, leaves: ShNode[]): void {
  for (const side of [node.X, node.Y]) {
    const cmd = side.Cmd;
    if (kind(cmd) === 'BinaryCmd' && (cmd.Op === OPS.pipe || cmd.Op === OPS.pipeAll)) {
      flattenPipeline(cmd, leaves);
    } else {
      leaves.push(side);
    }
  }
}

/**
 * `RUN <<EOF` (no command) and `RUN <<EOF bash` run the heredoc body as a script; a body that
 * starts with a non-shell `#!` line, or feeds another program, is data.
 */
function collectHeredocScript(stmt: ShNode, src: SourceMap, out: { text: string; start: Position }[]): void {
  const redirs = list(stmt.Redirs);
  if (redirs.length === 0) return;
  const cmd = stmt.Cmd;
  if (present(cmd)) {
    const args = list(cmd.Args);
    if (kind(cmd) !== 'CallExpr' || args.length === 0) return;
    const name = str(args[0].Lit());
    if (!name || !POSIX_SHELLS.has(basename(name))) return;
    const rest = args.slice(1).map((w: ShNode) => str(w.Lit()));
    if (rest.some((a: string) => !a || !a.startsWith('-') || a === '-c')) return;
  }
  for (const r of redirs) {
    if ((r.Op !== OPS.hdoc && r.Op !== OPS.dashHdoc) || !present(r.Hdoc)) continue;
    // The parser's heredoc word runs up to and including the closing delimiter line.
    let body = src.slice(r.Hdoc.Pos().Offset(), r.Hdoc.End().Offset()).replace(/(^|\n)[\t ]*[^\n]*$/, (last, nl: string) =>
      present(r.Word) && last.trim() === wordValue(r.Word, src).value ? nl : last,
    );
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
    if (shebang) {
      const interp = basename(shebang[1] === '/usr/bin/env' && shebang[2] ? shebang[2] : shebang[1]);
      if (!POSIX_SHELLS.has(interp)) continue;
    }
    // `<<-` strips leading tabs; spaces keep the columns and parse the same.
    if (r.Op === OPS.dashHdoc) body = body.replace(/^\t+/gm, (t) => ' '.repeat(t.length));
    out.push({ text: body, start: src.position(r.Hdoc.Pos().Line(), r.Hdoc.Pos().Col()) });
  }
}

function toCommand(
  call: ShNode,
  src: SourceMap,
  vars: ReadonlyMap<string, string | undefined>,
  pipeline: Command['pipeline'],
  redirects: Command['redirects'],
  wrappedBy: string | undefined,
): Command | undefined {
  if (kind(call) === 'DeclClause') return declCommand(call, src, pipeline, redirects, wrappedBy);
  const assignments = list(call.Assigns).map((a: ShNode) => ({
    name: present(a.Name) ? str(a.Name.Value) : '',
    value: present(a.Value) ? wordValue(a.Value, src).value : '',
  }));
  const args = list(call.Args);
  if (args.length === 0) return undefined;
  const words: Word[] = [];
  for (const w of args) {
    const word = toWord(w, src);
    const expanded = expandVariable(w, word, vars);
    if (expanded) words.push(...expanded);
    else words.push(word);
  }
  const [nameWord, ...rest] = words;
  if (!nameWord) return undefined;
  return {
    name: nameWord.value,
    program: basename(nameWord.value),
    words: rest,
    args: rest.map((w) => w.value),
    range: { start: src.position(call.Pos().Line(), call.Pos().Col()), end: src.position(call.End().Line(), call.End().Col()) },
    nameRange: nameWord.range,
    assignments,
    pipeline,
    redirects,
    wrappedBy,
  };
}

/**
 * `export A=1 B`, `declare -x C=2`, `local`, `readonly`, `typeset`: the parser keeps these apart
 * from simple commands; as commands their words read `A=1`, `B`, `-x`, `C=2`.
 */
function declCommand(
  decl: ShNode,
  src: SourceMap,
  pipeline: Command['pipeline'],
  redirects: Command['redirects'],
  wrappedBy: string | undefined,
): Command | undefined {
  const variant = decl.Variant;
  if (!present(variant)) return undefined;
  const nameWord: Word = {
    value: str(variant.Value),
    literal: true,
    range: { start: src.position(variant.Pos().Line(), variant.Pos().Col()), end: src.position(variant.End().Line(), variant.End().Col()) },
  };
  const words: Word[] = [];
  for (const a of list(decl.Args)) {
    const range = { start: src.position(a.Pos().Line(), a.Pos().Col()), end: src.position(a.End().Line(), a.End().Col()) };
    if (a.Naked) {
      if (present(a.Name)) words.push({ value: str(a.Name.Value), literal: true, range });
      else if (present(a.Value)) words.push(toWord(a.Value, src));
    } else if (present(a.Array) || present(a.Index) || !present(a.Name)) {
      words.push({ value: src.slice(a.Pos().Offset(), a.End().Offset()), literal: false, range });
    } else {
      const value = present(a.Value) ? wordValue(a.Value, src) : { value: '', literal: true };
      words.push({ value: `${str(a.Name.Value)}${a.Append ? '+=' : '='}${value.value}`, literal: value.literal, range });
    }
  }
  return {
    name: nameWord.value,
    program: nameWord.value,
    words,
    args: words.map((w) => w.value),
    range: { start: nameWord.range.start, end: src.position(decl.End().Line(), decl.End().Col()) },
    nameRange: nameWord.range,
    assignments: [],
    pipeline,
    redirects,
    wrappedBy,
  };
}

function toWord(w: ShNode, src: SourceMap): Word {
  const { value, literal } = wordValue(w, src);
  return {
    value,
    literal,
    range: { start: src.position(w.Pos().Line(), w.Pos().Col()), end: src.position(w.End().Line(), w.End().Col()) },
  };
}

function wordValue(w: ShNode, src: SourceMap): { value: string; literal: boolean } {
  let value = '';
  for (const part of list(w.Parts)) {
    const v = partValue(part, false);
    if (v === undefined) return { value: src.slice(w.Pos().Offset(), w.End().Offset()), literal: false };
    value += v;
  }
  return { value, literal: true };
}

function partValue(part: ShNode, inDoubleQuotes: boolean): string | undefined {
  switch (kind(part)) {
    case 'Lit': {
      const raw = str(part.Value);
      if (!inDoubleQuotes && /[*?[]/.test(raw.replace(/\\./g, ''))) return undefined;
      return inDoubleQuotes ? raw.replace(/\\([$`"\\\n])/g, '$1') : raw.replace(/\\(.)/gs, '$1');
    }
    case 'SglQuoted':
      return str(part.Value);
    case 'DblQuoted': {
      let out = '';
      for (const p of list(part.Parts)) {
        const v = partValue(p, true);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A bare `$PKGS` / `${PKGS}` with a known value is split into its words, as the shell would. */
function expandVariable(w: ShNode, word: Word, vars: ReadonlyMap<string, string | undefined>): Word[] | undefined {
  const parts = list(w.Parts);
  if (word.literal || parts.length !== 1) return undefined;
  const part = parts[0];
  if (kind(part) !== 'ParamExp') return undefined;
  if (present(part.Exp) || present(part.Repl) || present(part.Index) || present(part.Slice) || part.Length || part.Excl || part.Names) return undefined;
  const name = present(part.Param) ? str(part.Param.Value) : '';
  const value = vars.get(name);
  if (!name || value === undefined) return undefined;
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map((v) => ({ value: v, literal: true, range: word.range, fromVariable: name }));
}

/** `sudo apt-get install x` is also an `apt-get` command, so rules see through the wrapper. */
function unwrap(command: Command): Command[] {
  const spec = WRAPPERS[command.program];
  if (!spec) return [];
  // `command -v sudo` only looks sudo up; it runs nothing.
  if (command.program === 'command' && /^-[a-zA-Z]*[vV]/.test(command.words[0]?.value ?? '')) return [];
  let i = 0;
  const words = command.words;
  while (i < words.length) {
    const a = words[i].value;
    if (command.program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      i++;
      continue;
    }
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      i += spec.flagsWithValue.has(a) ? 2 : 1;
      continue;
    }
    break;
  }
  i += spec.skipPositional ?? 0;
  if (i >= words.length) return [];
  const [nameWord, ...rest] = words.slice(i);
  const inner: Command = {
    ...command,
    name: nameWord.value,
    program: basename(nameWord.value),
    words: rest,
    args: rest.map((w) => w.value),
    nameRange: nameWord.range,
    range: { start: nameWord.range.start, end: command.range.end },
    assignments: [],
    wrappedBy: command.program,
  };
  return [inner, ...unwrap(inner)];
}

/** `sh -c 'script'`: the literal script is parsed too, positioned inside its quotes. */
function nestedScript(command: Command): { text: string; start: Position } | undefined {
  if (!POSIX_SHELLS.has(command.program)) return undefined;
  const c = command.words.findIndex((w) => w.value === '-c' || /^-[a-z]*c$/.test(w.value));
  if (c < 0) return undefined;
  const script = command.words[c + 1];
  if (!script || !script.literal) return undefined;
  return { text: script.value, start: { line: script.range.start.line, column: script.range.start.column + 1 } };
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** Converts mvdan/sh's byte positions to the Dockerfile's UTF-16 columns. */
class SourceMap {
  private readonly bytes: Buffer;
  private readonly ascii: boolean;
  private lines?: string[];

  constructor(private readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    this.ascii = this.bytes.length === text.length;
  }

  slice(startByte: number, endByte: number): string {
    return this.bytes.subarray(startByte, endByte).toString('utf8');
  }

  position(line: number, byteColumn: number): Position {
    if (this.ascii) return { line, column: byteColumn };
    this.lines ??= this.text.split('\n');
    const lineText = this.lines[line - 1] ?? '';
    const prefix = Buffer.from(lineText, 'utf8').subarray(0, byteColumn - 1).toString('utf8');
    return { line, column: prefix.length + 1 };
  }
}

export function rangeOf(start: Position, end: Position): Range {
  return { start, end };
}
