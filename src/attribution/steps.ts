/**
 * The steps a Dockerfile's target stage adds to an image, in build order, each with the texts a
 * builder may have written to the history for it. The target stage is built on a chain of
 * stages (`FROM build` where `build` is an earlier stage): every stage of the chain adds steps,
 * and the chain's first stage starts from the base image (or scratch). ONBUILD triggers of a
 * stage run first in a stage built FROM it.
 */
import { posix } from 'node:path';
import type { Dockerfile, Instruction, Stage } from '../dockerfile/model.js';
import { resolveVariables } from '../dockerfile/variables.js';
import { loose, namesOf, norm, portsOf } from './history.js';

export interface Step {
  /** Position in the chain. */
  index: number;
  instruction: Instruction;
  /** The instruction's keyword (a trigger's own keyword for ONBUILD triggers). */
  keyword: string;
  stage: number;
  /** Texts (normalised) a builder may have recorded for the step. */
  texts: Set<string>;
  copy?: { sources: string[][]; dests: string[] };
  names?: string[];
  ports?: string[];
  /** WORKDIR: the absolute folder after it, when known. */
  workdir?: string;
  /** An ONBUILD trigger of a parent stage, run at the start of this one. */
  trigger?: boolean;
}

export interface Chain {
  /** The target stage and the stages it is built on, first (the one FROM an image or scratch) to last. */
  stages: Stage[];
  steps: Step[];
  /** The first stage's base: an image (text as resolved), or scratch. */
  base: { kind: 'scratch' } | { kind: 'image'; text: string; from: Instruction };
}

/** The chain of the stage named `target` (name or index), or of the last stage. Undefined when there is no such stage. */
export function chainOf(df: Dockerfile, target?: string): Chain | undefined {
  let stage: Stage | undefined;
  if (target === undefined) stage = df.stages[df.stages.length - 1];
  else if (/^\d+$/.test(target)) stage = df.stages[Number(target)];
  else stage = df.stages.find((s) => s.name === target.toLowerCase());
  if (!stage) return undefined;
  const stages: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.base.kind === 'stage' ? df.stages[s.base.stage] : undefined) {
    seen.add(s.index);
    stages.unshift(s);
  }
  const first = stages[0]!;
  const base: Chain['base'] = first.base.kind === 'image' ? { kind: 'image', text: first.base.text, from: first.from } : { kind: 'scratch' };
  const steps: Step[] = [];
  let workdir: string | undefined = first.base.kind === 'scratch' ? '/' : undefined;
  let previous: Stage | undefined;
  for (const s of stages) {
    const list: Array<{ instr: Instruction; trigger: boolean }> = [];
    if (previous) {
      for (const i of previous.instructions) if (i.keyword === 'ONBUILD' && i.trigger) list.push({ instr: i.trigger, trigger: true });
    }
    for (const i of s.instructions) if (i.keyword !== 'FROM') list.push({ instr: i, trigger: false });
    for (const { instr, trigger } of list) {
      const step = stepOf(df, instr, steps.length, s.index, workdir);
      if (trigger) step.trigger = true;
      if (step.keyword === 'WORKDIR') workdir = step.workdir;
      steps.push(step);
    }
    previous = s;
  }
  return { stages, steps, base };
}

function stepOf(df: Dockerfile, instr: Instruction, index: number, stage: number, workdir: string | undefined): Step {
  const keyword = instr.keyword;
  const step: Step = { index, instruction: instr, keyword, stage, texts: new Set() };
  const add = (t: string | undefined) => {
    if (t !== undefined && t !== '') step.texts.add(norm(t));
  };
  const resolve = (t: string) => resolveVariables(t, instr.vars, df.escapeChar).text;
  const args = argumentsText(instr, df.escapeChar);
  const full = norm(args.withFlags);
  add(full);
  add(args.text);
  switch (keyword) {
    case 'RUN': {
      const shell = instr.shell.join(' ');
      if (instr.json) {
        const values = instr.json.map((w) => w.value);
        add(values.join(' '));
        const spaced = `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
        for (const j of [args.text, spaced, JSON.stringify(values)]) {
          add(j);
          add(`${shell} ${j}`);
          add(`/bin/sh -c ${j}`);
        }
      } else {
        add(`${shell} ${args.text}`);
        for (const h of instr.heredocs) {
          add(h.body);
          add(`${shell} ${h.body}`);
          add(`/dev/pipes/${h.name}`);
          add(`${shell} /dev/pipes/${h.name}`);
        }
      }
      break;
    }
    case 'COPY':
    case 'ADD': {
      const words = (instr.json ?? instr.args).map((w) => w.value);
      if (words.length >= 1) {
        const rawSources = words.slice(0, -1);
        const rawDest = words[words.length - 1]!;
        step.copy = {
          sources: [rawSources, rawSources.map(resolve)],
          dests: [...new Set([rawDest, resolve(rawDest)])],
        };
        add(`${rawSources.map(resolve).join(' ')} ${resolve(rawDest)}`);
      }
      break;
    }
    case 'WORKDIR': {
      const path = resolve(args.text.trim());
      const abs = path.startsWith('/') ? path : workdir !== undefined ? posix.join(workdir, path) : undefined;
      step.workdir = abs !== undefined ? posix.normalize(abs).replace(/(.)\/+$/, '$1') : undefined;
      add(path);
      add(step.workdir);
      break;
    }
    case 'ENV':
    case 'LABEL': {
      const props = instr.properties ?? [];
      step.names = props.map((p) => p.name);
      add(props.map((p) => `${p.name}=${resolve(p.value ?? '')}`).join(' '));
      add(props.map((p) => `${p.name}=${p.value ?? ''}`).join(' '));
      add(resolve(args.text));
      break;
    }
    case 'ARG':
      step.names = (instr.properties ?? []).map((p) => p.name);
      if (step.names.length === 0) step.names = namesOf(args.text, 'ARG');
      break;
    case 'EXPOSE':
      step.ports = portsOf(resolve(args.text));
      break;
    case 'USER':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      add(resolve(args.text));
      break;
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
    case 'HEALTHCHECK': {
      const shell = instr.shell.join(' ');
      if (instr.json) add(loose(instr.json.map((w) => w.value).join(' ')));
      add(loose(resolve(args.text)));
      if (!instr.json && (keyword === 'CMD' || keyword === 'ENTRYPOINT')) add(loose(`${shell} ${args.text}`));
      break;
    }
  }
  return step;
}

/**
 * The instruction's arguments as builders record them: continuation lines joined with the
 * escape character and newline removed, comment and empty lines inside the instruction left
 * out (as Docker's parser does), the keyword removed, and the flags removed (`text`) or kept
 * (`withFlags`). Heredoc bodies are kept as they are.
 */
export function argumentsText(instr: Instruction, escapeChar: string): { text: string; withFlags: string } {
  const lines = instr.raw.split(/\r?\n/);
  const esc = escapeChar === '`' ? /`[ \t]*$/ : /\\[ \t]*$/;
  let out = '';
  if (instr.heredocs.length > 0) out = instr.raw;
  else {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (i > 0 && (/^\s*#/.test(line) || line.trim() === '')) continue;
      const m = esc.exec(line);
      if (m && i < lines.length - 1) out += line.slice(0, m.index);
      else out += line + (i < lines.length - 1 ? '\n' : '');
    }
  }
  const withFlags = out.replace(/^\s*[A-Za-z]+\s*/, '');
  let text = withFlags;
  for (let m = /^--\S+\s*/.exec(text); m; m = /^--\S+\s*/.exec(text)) text = text.slice(m[0].length);
  return { text, withFlags };
}

/** The first line of an instruction, short, for reports. */
export function instructionSummary(instr: Instruction, max = 80): string {
  const first = norm(instr.raw.split(/\r?\n/)[0]!.replace(/[\\`]\s*$/, ''));
  const more = instr.range.end.line > instr.range.start.line ? ' …' : '';
  const text = first + more;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export { loose, norm };
