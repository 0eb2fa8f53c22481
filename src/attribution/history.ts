/**
 * What a history `created_by` says, for each builder's way of writing it:
 *
 *   RUN /bin/sh -c apt-get update # buildkit            BuildKit RUN (exec form: `RUN a b c`)
 *   RUN |1 TOKEN=x /bin/sh -c make # buildkit           BuildKit RUN with build args in scope
 *   COPY src/ /app/ # buildkit, ENV A=b, WORKDIR /app   BuildKit, other instructions
 *   /bin/sh -c apt-get update                           classic builder and buildah: RUN
 *   |2 A=1 B=2 /bin/sh -c make                          classic builder and buildah: RUN with args
 *   /bin/sh -c ["/bin/busybox", "--install"]            buildah: exec-form RUN
 *   /bin/sh -c #(nop) COPY file:<sha256> in /app        classic and buildah COPY/ADD (hash only)
 *   /bin/sh -c #(nop)  ENV A=b                          classic and buildah: other instructions
 *   RUN mkdir -p /x, ADD README.md /f                   kaniko: the instruction as written
 *
 * Texts are reduced to what both sides can be compared on (`norm`: whitespace collapsed), never
 * guessed from: a line that fits none of these has no `kind`.
 */
import type { HistoryEntry } from '../layers/types.js';

export type Builder = 'buildkit' | 'classic' | 'buildah' | 'kaniko' | 'unknown';

export interface HistoryStep {
  /** Index into config.history. */
  index: number;
  entry: HistoryEntry;
  /** True for `empty_layer` entries. */
  empty: boolean;
  /** Upper-case instruction, when the text says which. */
  kind?: string;
  builder: Builder;
  /** For RUN: the command after any `|N NAME=value` prefix, whitespace collapsed. */
  command?: string;
  /** For RUN: how many build arguments the `|N` prefix announced. */
  buildArgs?: number;
  /** True for a RUN told only by the absence of any marker (classic exec form): text must match exactly. */
  bare?: boolean;
  /** For COPY/ADD. */
  copy?: { hashed?: string; dest: string; sources: string[] };
  /** For everything but RUN and COPY/ADD: the arguments, whitespace collapsed. */
  text?: string;
  /** ENV, ARG, LABEL: the names set. */
  names?: string[];
  /** EXPOSE: `22/tcp`... */
  ports?: string[];
}

const KEYWORDS = new Set([
  'RUN', 'ENV', 'ARG', 'COPY', 'ADD', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK',
  'VOLUME', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER',
]);
/** The instructions that can make a layer. */
export const LAYER_KINDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

const NOP = /^(?:\/bin\/sh|\/bin\/bash|\/usr\/bin\/bash|sh|bash|cmd)\s+(?:-c|\/S\s+\/C)\s+#\(nop\)\s*/i;
const BUILDKIT_MARK = /\s*#\s*buildkit\s*$/;

/** Collapses whitespace: builders join continuation lines keeping the indentation. */
export function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** JSON punctuation and quotes out, for CMD/ENTRYPOINT/VOLUME/SHELL texts written by Go's `%q`/`%v`. */
export function loose(text: string): string {
  return norm(text.replace(/[[\]",]/g, ' '));
}

export function parseHistory(history: readonly HistoryEntry[]): HistoryStep[] {
  return history.map((entry, index) => parseHistoryEntry(entry, index));
}

export function parseHistoryEntry(entry: HistoryEntry, index: number): HistoryStep {
  const step: HistoryStep = { index, entry, empty: entry.empty_layer === true, builder: 'unknown' };
  let t = (entry.created_by ?? '').trim();
  if (entry.comment === 'buildkit.dockerfile.v0') step.builder = 'buildkit';
  if (BUILDKIT_MARK.test(t)) {
    t = t.replace(BUILDKIT_MARK, '');
    step.builder = 'buildkit';
  }
  if (entry.author === 'kaniko') step.builder = 'kaniko';
  if (t === '') return step;

  let kind: string | undefined;
  let args: string;
  const nop = NOP.exec(t);
  const kw = /^([A-Z]+)(?:\s+|$)/.exec(t);
  if (nop) {
    const m = /^([A-Z]+)\b\s*([\s\S]*)$/.exec(t.slice(nop[0].length));
    if (!m) return step;
    kind = m[1];
    args = m[2];
    if (step.builder === 'unknown') step.builder = /^FROM /.test(entry.comment ?? '') ? 'buildah' : 'classic';
  } else if (kw && KEYWORDS.has(kw[1])) {
    kind = kw[1];
    args = t.slice(kw[0].length);
  } else {
    kind = 'RUN';
    args = t;
    if (step.builder === 'unknown') step.builder = /^FROM /.test(entry.comment ?? '') ? 'buildah' : 'classic';
    step.bare = !/^\|\d+\s/.test(t) && !/^\S*\/?(?:sh|bash|ash|dash|zsh)\s+(?:-\S+\s+)*-c\s/.test(t);
  }
  step.kind = kind;
  switch (kind) {
    case 'RUN': {
      const pipe = /^\|(\d+)\s+/.exec(args);
      if (pipe) {
        step.buildArgs = Number(pipe[1]);
        args = args.slice(pipe[0].length);
      }
      step.command = norm(args);
      break;
    }
    case 'COPY':
    case 'ADD':
      step.copy = copyOf(args);
      break;
    case 'EXPOSE':
      step.ports = portsOf(args);
      step.text = norm(args);
      break;
    case 'ENV':
    case 'LABEL':
    case 'ARG':
      step.names = namesOf(args, kind);
      step.text = norm(args);
      break;
    default:
      step.text = norm(args);
  }
  return step;
}

function copyOf(args: string): { hashed?: string; dest: string; sources: string[] } {
  let rest = args.trim();
  // Flags first (kaniko and BuildKit may keep them): they are not what is copied.
  for (let m = /^--\S+\s+/.exec(rest); m; m = /^--\S+\s+/.exec(rest)) rest = rest.slice(m[0].length);
  const hashed = /^([a-z]+):[0-9a-f]{16,}\s+in\s+([\s\S]*)$/.exec(rest);
  if (hashed) return { hashed: hashed[1], dest: hashed[2].trim(), sources: [] };
  if (rest.startsWith('[')) {
    try {
      const v = JSON.parse(rest) as unknown;
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) {
        const words = v as string[];
        return { dest: words[words.length - 1]!, sources: words.slice(0, -1) };
      }
    } catch {
      // not JSON: words below
    }
  }
  const words = rest.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
  return { dest: words[words.length - 1] ?? '', sources: words.slice(0, -1) };
}

/** `22/tcp`, `53/udp`, `8000-8002/tcp` from `EXPOSE 22 53/udp`, `EXPOSE map[22/tcp:{}]`... */
export function portsOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?/gi)) {
    out.add(`${m[1]}${m[2] ? `-${m[2]}` : ''}/${(m[3] ?? 'tcp').toLowerCase()}`);
  }
  return [...out].sort();
}

/** The names an ENV, LABEL or ARG sets (`A=1 B="x y"`, legacy `ENV A b`, buildah's `ARG NAME`). */
export function namesOf(text: string, kind: string): string[] {
  const t = text.trim();
  if (kind === 'ARG') return t.split(/\s+/).filter(Boolean).map((w) => w.split('=')[0]!);
  if (!t.includes('=')) return t === '' ? [] : [t.split(/\s+/)[0]!];
  const names: string[] = [];
  const re = /(?:^|\s)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s="']+)=/g;
  for (const m of t.matchAll(re)) names.push(m[1]!.replace(/^["']|["']$/g, ''));
  return names;
}
