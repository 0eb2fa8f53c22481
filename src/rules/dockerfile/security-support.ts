/**
 * Queries the security rules (DF034, DF050-DF068, DF083, DF084) share: exact ranges for a
 * part of a word, variable uses in a word, WORKDIR-resolved paths, secret mounts.
 */
import type { Command, Dockerfile, Instruction, Stage, Word } from '../../dockerfile/model.js';
import { sliceText } from '../../dockerfile/parse.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import type { Position, Range } from '../finding.js';

/** The position `offset` characters after `start`, walking the text that starts there. */
export function advance(start: Position, text: string, offset: number): Position {
  let { line, column } = start;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/**
 * The range of `needle` inside the source text of `range` (its first occurrence at or after
 * `from` characters), or undefined when the source spells it differently (escapes, quotes
 * split across continuation lines).
 */
export function rangeOfText(df: Dockerfile, range: Range, needle: string, from = 0): Range | undefined {
  if (needle.length === 0) return undefined;
  const source = sliceText(df.lines, range);
  const at = source.indexOf(needle, from);
  if (at < 0) return undefined;
  const start = advance(range.start, source, at);
  return { start, end: advance(start, source.slice(at), needle.length) };
}

/** The part `[start, end)` of a value written at `range`, found in the source; else the whole range. */
export function subRange(df: Dockerfile, range: Range, value: string, start: number, end: number): Range {
  const part = value.slice(start, end);
  const source = sliceText(df.lines, range);
  // The value's own offset is the best guess when the source holds the part several times.
  const guess = source.indexOf(part, Math.max(0, start - 2));
  const at = guess >= 0 ? guess : source.indexOf(part);
  if (at < 0) return range;
  const s = advance(range.start, source, at);
  return { start: s, end: advance(s, source.slice(at), part.length) };
}

/** `$NAME`, `${NAME}`, `${NAME:-x}`, `${#NAME}` in a word as written; offsets of each use. */
export function variableUses(text: string, name: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\$(?:\\{#?${escaped}(?:[}:#%/^,@[+?=-][^}]*)?\\}|${escaped}(?![A-Za-z0-9_]))`, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // `\$NAME` is a literal dollar sign.
    if (m.index > 0 && text[m.index - 1] === '\\') continue;
    out.push({ index: m.index, length: m[0].length });
  }
  return out;
}

/** The stages of the file that a stage is built FROM, the stage itself last. */
export function stageChain(df: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    chain.unshift(s);
    s = s.base.kind === 'stage' ? df.stages[s.base.stage] : undefined;
  }
  return chain;
}

/** Joins and normalises a path: `/app` + `./x/../y` -> `/app/y`. */
export function joinPath(base: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/**
 * WORKDIR in effect before each instruction of a stage chain: a map from instruction to the
 * absolute working directory, or undefined where it is unknown (a WORKDIR with an unresolved
 * variable). Starts at `/`, which is right for scratch and most bases; base images that set
 * their own WORKDIR make relative paths unknowable, and rules skip relative paths then.
 */
export function workdirs(df: Dockerfile, stage: Stage): Map<Instruction, string | undefined> {
  const out = new Map<Instruction, string | undefined>();
  const chain = stageChain(df, stage);
  // scratch starts at `/`; an external base may have set its own WORKDIR, so it is unknown
  // until the Dockerfile sets an absolute one.
  let dir: string | undefined = chain[0]?.base.kind === 'scratch' ? '/' : undefined;
  for (const s of chain) {
    for (const instr of s.instructions) {
      out.set(instr, dir);
      if (instr.keyword === 'WORKDIR' && instr.args[0]) {
        const resolved = resolveVariables(unquote(instr.args[0].value), instr.vars, df.escapeChar);
        if (resolved.unresolved) dir = undefined;
        else if (resolved.text.startsWith('/')) dir = joinPath('/', resolved.text);
        else dir = dir !== undefined ? joinPath(dir, resolved.text) : undefined;
      }
    }
  }
  return out;
}

export function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, '$2');
}

/** Literal value of a word, or undefined when it holds run-time expansions. */
export function literalValue(word: Word | undefined): string | undefined {
  if (!word) return undefined;
  return word.literal || word.fromVariable ? word.value : undefined;
}

/** Where each `--mount=type=secret` of a RUN puts its secret: file paths and env names. */
export function secretMounts(instr: Instruction): { id: string; path?: string; env?: string }[] {
  return (instr.run?.mounts ?? [])
    .filter((m) => m.type === 'secret')
    .map((m) => {
      const target = m.options.target ?? m.options.dst ?? m.options.destination;
      const env = m.options.env;
      const id = m.options.id ?? (target ? target.replace(/^.*\//, '') : '');
      // With only env= set, BuildKit does not write a file.
      const path = target ?? (env ? undefined : id ? `/run/secrets/${id}` : undefined);
      return { id, path, env };
    });
}

/** Shells and interpreters that run a script given as a file argument or on standard input. */
export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
export const INTERPRETERS = new Set([
  ...SHELLS,
  'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'php', 'pwsh', 'powershell', 'deno', 'bun',
]);

/** `python3.11` -> `python3`, `/usr/bin/env` wrapped commands are unwrapped by the model already. */
export function interpreterName(program: string): string | undefined {
  const p = program.replace(/\.exe$/i, '');
  if (INTERPRETERS.has(p)) return p;
  const m = /^(python[23]?|ruby|perl|php)[0-9.]*$/.exec(p);
  return m ? m[1] : undefined;
}

/** The whole text of a command as written, for messages (shortened). */
export function commandText(df: Dockerfile, command: Command, max = 60): string {
  const text = sliceText(df.lines, command.range).replace(/\\\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
