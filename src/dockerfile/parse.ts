/**
 * Turns Dockerfile text into the model rules read. dockerfile-ast does the tokenising
 * (continuations, escape directive, heredocs, flags); this module adds what rules need on top:
 * stages and their bases with ARGs resolved, variable scopes, the active SHELL, and RUN
 * scripts read by a real shell parser.
 */
import {
  DockerfileParser,
  type Argument,
  type Instruction as AstInstruction,
  type Flag as AstFlag,
  type Heredoc as AstHeredoc,
} from 'dockerfile-ast';
import { PlimsollInputError, type Position, type Range } from '../rules/finding.js';
import './ast-memo.js';
import { parseImageRef } from '../util/image-ref.js';
import type {
  CopyInfo,
  Dockerfile,
  Flag,
  Heredoc,
  Instruction,
  Mount,
  Property,
  RunInfo,
  Stage,
  StageBase,
  Word,
} from './model.js';
import { basename, parseShellScript, POSIX_SHELLS } from './shell.js';
import { resolveVariables } from './variables.js';

export const KNOWN_INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD']);
const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

/** Reads bytes as a Dockerfile's text, or explains why they are not one. */
export function decodeDockerfile(bytes: Uint8Array, path: string): string {
  if (bytes.includes(0)) {
    throw inputError(path, 'is a binary file (it contains NUL bytes), not a Dockerfile');
  }
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw inputError(path, `is not valid UTF-8 (first bad byte at line ${at.line}, column ${at.column})`, at.line, at.column);
  }
}

function firstInvalidUtf8(bytes: Uint8Array): Position {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  // Narrow down with a linear scan of line prefixes: files are small.
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(lineStart, i));
      } catch {
        for (let j = lineStart + 1; j <= i; j++) {
          try {
            decoder.decode(bytes.subarray(lineStart, j));
          } catch {
            const prefix = new TextDecoder().decode(bytes.subarray(lineStart, j - 1));
            return { line, column: prefix.length + 1 };
          }
        }
        return { line, column: 1 };
      }
      line++;
      lineStart = i + 1;
    }
  }
  return { line: 1, column: 1 };
}

function inputError(source: string, message: string, line?: number, column?: number): PlimsollInputError {
  return new PlimsollInputError({ source, message, line, column });
}

export function parseDockerfile(text: string, path: string): Dockerfile {
  const ast = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const escapeChar = ast.getEscapeCharacter() || '\\';
  const directives: Record<string, string> = {};
  const topComments: Dockerfile['comments'] = [];
  for (const d of ast.getDirectives()) {
    // BuildKit's directives are `# name=value` with a one-word name, and stop at the first other
    // comment. dockerfile-ast also takes `# hadolint global ignore=DL3006` for a directive named
    // `hadolint`, which hid top-of-file suppression comments: keep those as comments.
    const line = d.getRange().start.line + 1;
    const lineText = lines[line - 1] ?? '';
    if (topComments.length === 0 && /^\s*#[ \t]*[a-zA-Z][a-zA-Z0-9]*[ \t]*=/.test(lineText)) {
      const name = d.getName();
      if (name) directives[name.toLowerCase()] = d.getValue() ?? '';
      continue;
    }
    const hash = lineText.indexOf('#');
    topComments.push({
      line,
      text: lineText.slice(hash + 1).trim(),
      range: { start: { line, column: hash + 1 }, end: { line, column: lineText.trimEnd().length + 1 } },
    });
  }
  const df: Dockerfile = {
    path,
    text,
    lines,
    escapeChar,
    directives,
    instructions: [],
    stages: [],
    globalArgs: new Map(),
    comments: [
      ...topComments,
      ...ast.getComments().map((c) => ({
        line: c.getRange().start.line + 1,
        text: c.getContent().trim(),
        range: toRange(c.getRange()),
      })),
    ],
    errors: [],
  };
  const ctx = new BuildContext(df);
  for (const node of ast.getInstructions()) {
    df.instructions.push(ctx.add(node, undefined));
  }
  if (df.instructions.length === 0) {
    df.errors.push({ source: path, message: 'has no instructions; a Dockerfile needs at least a FROM', line: 1 });
  }
  ctx.finish();
  return df;
}

interface StageScope {
  vars: Map<string, string | undefined>;
  envNames: Set<string>;
  shell: readonly string[];
}

class BuildContext {
  private readonly globalArgs = new Map<string, string | undefined>();
  private scope: StageScope = { vars: new Map(), envNames: new Set(), shell: DEFAULT_SHELL };
  private readonly stageScopes: StageScope[] = [];
  private currentStage: Stage | undefined;

  constructor(private readonly df: Dockerfile) {
    df.globalArgs = this.globalArgs;
  }

  add(node: AstInstruction, onbuild: Instruction | undefined): Instruction {
    const keyword = node.getKeyword().toUpperCase();
    const range = toRange(node.getRange());
    const heredocs = this.heredocs(node);
    const argEnd = heredocs.length > 0 && heredocs[0].bodyRange ? heredocs[0].bodyRange.start : undefined;
    const args = node
      .getArguments()
      .filter((a) => !argEnd || comparePos(toPos(a.getRange().start), argEnd) < 0)
      .map((a) => this.word(a));
    const instr: Instruction = {
      keyword,
      range,
      keywordRange: toRange(node.getInstructionRange()),
      raw: sliceText(this.df.lines, range),
      argsText: node.getArgumentsContent() ?? '',
      args,
      flags: this.flags(node),
      stage: this.currentStage?.index ?? -1,
      vars: this.scope.vars,
      shell: this.scope.shell,
      heredocs,
      onbuild,
    };
    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      this.error(range.start, `unknown instruction "${node.getKeyword()}"`);
    } else if (args.length === 0 && heredocs.length === 0 && keyword !== 'HEALTHCHECK') {
      this.error(range.start, `${keyword} has no arguments`);
    }
    for (const h of heredocs) {
      if (!h.terminated) {
        this.error(range.start, `heredoc <<${h.name} is never closed (no line "${h.name}" before the end of the file)`);
      }
    }
    if (JSON_FORM.has(keyword) || keyword === 'HEALTHCHECK') instr.json = this.jsonForm(node, instr);
    if (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG') instr.properties = this.properties(node);

    switch (keyword) {
      case 'FROM':
        if (!onbuild) this.startStage(instr, node);
        break;
      case 'ARG':
        if (!onbuild) this.declareArgs(instr);
        break;
      case 'ENV':
        if (!onbuild) this.declareEnv(instr);
        break;
      case 'SHELL':
        if (!onbuild && instr.json && instr.json.length > 0) {
          this.scope = { ...this.scope, shell: instr.json.map((w) => w.value) };
        }
        break;
      case 'RUN':
        instr.run = this.runInfo(instr);
        break;
      case 'COPY':
      case 'ADD':
        instr.copy = this.copyInfo(instr);
        break;
      case 'ONBUILD':
        instr.trigger = this.trigger(node, instr);
        break;
    }
    if (this.currentStage && !onbuild) this.currentStage.instructions.push(instr);
    return instr;
  }

  finish(): void {
    const last = this.df.stages[this.df.stages.length - 1];
    if (last) last.isFinal = true;
  }

  private error(at: Position, message: string): void {
    this.df.errors.push({ source: this.df.path, message, line: at.line, column: at.column });
  }

  private startStage(instr: Instruction, node: AstInstruction): void {
    if (this.currentStage) this.stageScopes[this.currentStage.index] = this.scope;
    const words = instr.args;
    const imageWord = words[0];
    const alias = words.length >= 3 && words[1].value.toLowerCase() === 'as' ? words[2] : undefined;
    const platform = instr.flags.find((f) => f.name === 'platform')?.value;
    const base = this.stageBase(imageWord?.value ?? '');
    const stage: Stage = {
      index: this.df.stages.length,
      name: alias?.value.toLowerCase(),
      nameRange: alias?.range,
      from: instr,
      base,
      platform,
      instructions: [],
      isFinal: false,
    };
    instr.stage = stage.index;
    this.df.stages.push(stage);
    this.currentStage = stage;
    // ENV and SHELL carry over from a parent stage; ARGs never cross a FROM.
    if (base.kind === 'stage') {
      const parent = this.stageScopes[base.stage];
      const vars = new Map<string, string | undefined>();
      for (const name of parent?.envNames ?? []) vars.set(name, parent?.vars.get(name));
      this.scope = { vars, envNames: new Set(parent?.envNames ?? []), shell: parent?.shell ?? DEFAULT_SHELL };
    } else {
      this.scope = { vars: new Map(), envNames: new Set(), shell: DEFAULT_SHELL };
    }
    instr.vars = this.scope.vars;
    instr.shell = this.scope.shell;
    void node;
  }

  private stageBase(text: string): StageBase {
    const resolved = resolveVariables(text, this.globalArgs, this.df.escapeChar);
    const lower = resolved.text.toLowerCase();
    if (lower === 'scratch') return { kind: 'scratch' };
    const stage = this.df.stages.find((s) => s.name !== undefined && s.name === lower);
    if (stage) return { kind: 'stage', stage: stage.index };
    return {
      kind: 'image',
      text: resolved.text,
      ref: resolved.unresolved ? undefined : parseImageRef(resolved.text),
      unresolved: resolved.unresolved,
    };
  }

  private declareArgs(instr: Instruction): void {
    const vars = new Map(this.scope.vars);
    for (const p of instr.properties ?? []) {
      if (!this.currentStage) {
        const value = p.value !== undefined ? resolveVariables(p.value, this.globalArgs, this.df.escapeChar).text : undefined;
        this.globalArgs.set(p.name, value);
        continue;
      }
      // An ARG with no default inside a stage takes the global default, as BuildKit does.
      const value = p.value !== undefined ? resolveVariables(p.value, vars, this.df.escapeChar).text : this.globalArgs.get(p.name);
      if (!this.scope.envNames.has(p.name)) vars.set(p.name, value);
    }
    if (this.currentStage) this.scope = { ...this.scope, vars };
    instr.vars = this.currentStage ? vars : this.globalArgs;
  }

  private declareEnv(instr: Instruction): void {
    const vars = new Map(this.scope.vars);
    const envNames = new Set(this.scope.envNames);
    for (const p of instr.properties ?? []) {
      // Values in one ENV see the variables from before it, not their siblings (DL3044's point).
      vars.set(p.name, p.value !== undefined ? resolveVariables(p.value, this.scope.vars, this.df.escapeChar).text : '');
      envNames.add(p.name);
    }
    this.scope = { ...this.scope, vars, envNames };
  }

  private word(a: Argument): Word {
    const value = a.getValue();
    return { value, range: toRange(a.getRange()), literal: !value.includes('$') };
  }

  private flags(node: AstInstruction): Flag[] {
    const getFlags = (node as unknown as { getFlags?: () => AstFlag[] }).getFlags;
    if (typeof getFlags !== 'function') return [];
    return getFlags.call(node).map((f) => {
      const options: Record<string, string> = {};
      for (const o of f.getOptions()) {
        const name = o.getName();
        if (name) options[name.toLowerCase()] = o.getValue() ?? '';
      }
      return { name: f.getName().toLowerCase(), value: f.getValue() ?? undefined, range: toRange(f.getRange()), options };
    });
  }

  private heredocs(node: AstInstruction): Heredoc[] {
    const getHeredocs = (node as unknown as { getHeredocs?: () => AstHeredoc[] }).getHeredocs;
    if (typeof getHeredocs !== 'function') return [];
    return getHeredocs.call(node).map((h) => {
      const content = h.getContentRange();
      const bodyRange = content ? toRange(content) : undefined;
      return {
        name: h.getName(),
        body: bodyRange ? sliceText(this.df.lines, bodyRange) : '',
        bodyRange,
        terminated: h.getDelimiterRange() !== null,
      };
    });
  }

  private properties(node: AstInstruction): Property[] {
    const getProperties = (node as unknown as { getProperties?: () => import('dockerfile-ast').Property[] }).getProperties;
    if (typeof getProperties !== 'function') return [];
    return getProperties.call(node).map((p) => {
      const valueRange = p.getValueRange();
      const value = p.getValue() ?? undefined;
      return {
        name: p.getName(),
        value,
        range: toRange(p.getRange()),
        nameRange: toRange(p.getNameRange()),
        valueRange: valueRange ? toRange(valueRange) : undefined,
      };
    });
  }

  /** The exec form, when the arguments are a valid JSON array of strings. */
  private jsonForm(node: AstInstruction, instr: Instruction): Word[] | undefined {
    let text = this.withoutCommentLines(instr) ?? instr.argsText.trim();
    if (instr.keyword === 'HEALTHCHECK') {
      const m = /^CMD\s+/i.exec(text);
      if (!m) return undefined;
      text = text.slice(m[0].length).trim();
    }
    if (!text.startsWith('[')) return undefined;
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
    const getJSONStrings = (node as unknown as { getJSONStrings?: () => Argument[] }).getJSONStrings;
    const ranges = typeof getJSONStrings === 'function' ? getJSONStrings.call(node).map((a) => toRange(a.getRange())) : [];
    const fallback = instr.args[0]?.range ?? instr.range;
    return (values as string[]).map((value, i) => ({ value, range: ranges[i] ?? fallback, literal: true }));
  }

  /**
   * The arguments of a continued instruction as Docker reads them, comment lines inside the
   * continuation dropped; undefined when there is no such comment line (argsText is right).
   */
  private withoutCommentLines(instr: Instruction): string | undefined {
    const first = instr.args[0];
    if (!first || instr.heredocs.length > 0 || instr.range.end.line === first.range.start.line) return undefined;
    const raw = sliceText(this.df.lines, { start: first.range.start, end: instr.range.end }).split('\n');
    if (!raw.slice(1).some((line) => /^\s*#/.test(line))) return undefined;
    const esc = this.df.escapeChar === '`' ? '`' : '\\';
    const continued = new RegExp(`${esc}\\s*$`);
    return raw
      .filter((line, i) => i === 0 || !/^\s*#/.test(line))
      .map((line) => line.replace(continued, ''))
      .join(' ')
      .trim();
  }

  private runInfo(instr: Instruction): RunInfo {
    const mounts: Mount[] = instr.flags
      .filter((f) => f.name === 'mount')
      .map((f) => ({ type: (f.options.type ?? 'bind').toLowerCase(), options: f.options, range: f.range }));
    const info: RunInfo = {
      form: instr.json ? 'exec' : 'shell',
      mounts,
      network: instr.flags.find((f) => f.name === 'network')?.value,
      security: instr.flags.find((f) => f.name === 'security')?.value,
    };
    const shellProgram = basename(instr.shell[0] ?? '/bin/sh').toLowerCase();
    if (instr.json) {
      const [first, ...rest] = instr.json;
      if (!first) return info;
      const program = basename(first.value);
      const c = rest.findIndex((w) => w.value === '-c');
      if (POSIX_SHELLS.has(program) && c >= 0 && rest[c + 1]) {
        const scriptWord = rest[c + 1];
        info.script = parseShellScript(scriptWord.value, {
          start: { line: scriptWord.range.start.line, column: scriptWord.range.start.column + 1 },
          vars: instr.vars,
        });
      } else {
        info.script = {
          hasPipe: false,
          commands: [
            {
              name: first.value,
              program,
              words: rest,
              args: rest.map((w) => w.value),
              range: { start: first.range.start, end: (rest[rest.length - 1] ?? first).range.end },
              nameRange: first.range,
              assignments: [],
              redirects: [],
            },
          ],
        };
      }
      return info;
    }
    if (!POSIX_SHELLS.has(shellProgram.replace(/\.exe$/, ''))) return info;
    const first = instr.args[0];
    if (!first) return info;
    info.script = parseShellScript(this.scriptText(first.range.start, instr), { start: first.range.start, vars: instr.vars });
    return info;
  }

  /**
   * The script as the shell sees it, cut from the file so positions stay the file's own.
   * Dockerfile comment lines and blank lines inside a continued RUN are not part of the
   * script: they are blanked, and keep the continuation going.
   */
  private scriptText(start: Position, instr: Instruction): string {
    const { lines } = this.df;
    const endLine = instr.range.end.line;
    const inHeredoc = (line: number) =>
      instr.heredocs.some((h) => h.bodyRange && line >= h.bodyRange.start.line && line <= h.bodyRange.end.line + 1);
    const out: string[] = [];
    for (let line = start.line; line <= endLine; line++) {
      let text = lines[line - 1] ?? '';
      if (line === start.line) text = text.slice(start.column - 1);
      if (line === endLine && line !== start.line) text = text.slice(0, instr.range.end.column - 1);
      if (line > start.line && !inHeredoc(line)) {
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.startsWith('#')) {
          text = `${' '.repeat(Math.max(text.length - 1, 0))}\\`;
        }
      }
      if (this.df.escapeChar === '`' && !inHeredoc(line)) text = text.replace(/`(\s*)$/, '\\$1');
      out.push(text);
    }
    return out.join('\n');
  }

  private copyInfo(instr: Instruction): CopyInfo {
    const words = instr.json ?? instr.args;
    const flag = (name: string) => instr.flags.find((f) => f.name === name);
    const from = flag('from')?.value;
    const fromResolved = from !== undefined ? resolveVariables(from, this.scope.vars, this.df.escapeChar).text : undefined;
    const link = flag('link');
    return {
      sources: words.slice(0, -1),
      dest: words.length > 0 ? words[words.length - 1] : undefined,
      from: fromResolved,
      chown: flag('chown')?.value,
      chmod: flag('chmod')?.value,
      link: link !== undefined && link.value !== 'false',
      checksum: flag('checksum')?.value,
    };
  }

  /**
   * An ONBUILD trigger is parsed as an instruction of its own, from the same text padded so
   * that its positions are the file's.
   */
  private trigger(node: AstInstruction, onbuild: Instruction): Instruction | undefined {
    const triggerRange = (node as unknown as { getTriggerRange?: () => { start: { line: number; character: number }; end: { line: number; character: number } } | null }).getTriggerRange?.call(node);
    if (!triggerRange) return undefined;
    const start = toPos(triggerRange.start);
    const end = onbuild.range.end;
    const body = sliceText(this.df.lines, { start, end });
    let padded = '\n'.repeat(start.line - 1) + ' '.repeat(start.column - 1) + body;
    if (this.df.escapeChar !== '\\' && start.line > 1) padded = `# escape=${this.df.escapeChar}${padded}`;
    const sub = DockerfileParser.parse(padded);
    const inner = sub.getInstructions()[0];
    if (!inner) return undefined;
    return this.add(inner, onbuild);
  }
}

function toPos(p: { line: number; character: number }): Position {
  return { line: p.line + 1, column: p.character + 1 };
}

export function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
  return { start: toPos(r.start), end: toPos(r.end) };
}

function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** The text of a range (1-based, end exclusive) from the file's lines. */
export function sliceText(lines: readonly string[], range: Range): string {
  const { start, end } = range;
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const out = [(lines[start.line - 1] ?? '').slice(start.column - 1)];
  for (let l = start.line + 1; l < end.line; l++) out.push(lines[l - 1] ?? '');
  out.push((lines[end.line - 1] ?? '').slice(0, end.column - 1));
  return out.join('\n');
}
