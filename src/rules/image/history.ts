/**
 * Reading a history `created_by` line: which instruction made the step, its shell script (for
 * RUN), and the build arguments the builder recorded with it. Builders write these lines in
 * their own ways:
 *
 *   /bin/sh -c apt-get update                          classic builder, buildah: RUN
 *   /bin/sh -c #(nop)  ENV A=b                         classic builder, buildah: other instructions
 *   |2 A=1 B=2 /bin/sh -c make                         classic builder: RUN with build args
 *   RUN |1 TOKEN=x /bin/sh -c make # buildkit          BuildKit: RUN with build args
 *   ENV A=b, ARG A=b, COPY x y # buildkit              BuildKit: other instructions
 *   jib-maven-plugin:3.4.0, Buildpacks Launcher ...    other builders: unknown
 */

import { detectSecretsInText } from '../../secrets/index.js';
import { article } from '../filesystem/support.js';

/**
 * The text with every secret the detector finds replaced by its masked form: for history
 * lines (`|1 NPM_TOKEN=npm_… /bin/sh -c npm ci`), which reports show next to layers.
 */
export function redactSecrets(text: string): string {
  if (!text) return text;
  const matches = detectSecretsInText(text, { assignments: true });
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + m.masked;
    at = m.end;
  }
  return out + text.slice(at);
}

/** "an AWS access key ID (AKIA…(20 chars))": what a secret match is, masked, for messages. */
export function secretOf(m: { title: string; masked: string }): string {
  const title = m.title.replace(/ \(documentation example\)$/, '');
  return `${article(title)} ${title} (${m.masked})`;
}

export interface BuildArg {
  name: string;
  value: string;
}

export interface HistoryStepText {
  /** Upper-case instruction (`RUN`, `ENV`, `ARG`, `COPY`...), undefined when the line is not one. */
  instruction?: string;
  /** For RUN: the script after `/bin/sh -c` (or the exec-form JSON text). */
  script?: string;
  /** For other instructions: the text after the keyword. */
  args?: string;
  /** Build arguments recorded with a RUN (`|2 A=1 B=2 ...`): their values are in the history for good. */
  buildArgs: BuildArg[];
}

const KEYWORDS = new Set([
  'RUN', 'ENV', 'ARG', 'COPY', 'ADD', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK',
  'VOLUME', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'FROM',
]);
const SHELL_PREFIX = /^(?:\/bin\/sh|\/bin\/bash|\/usr\/bin\/bash|\/bin\/ash|\/bin\/dash|sh|bash)\s+-c\s+/;
const NOP = /^(?:\/bin\/sh|\/bin\/bash|sh|cmd \/S \/C)\s+-c\s+#\(nop\)\s*/i;

export function parseHistoryStep(createdBy: string | undefined): HistoryStepText {
  if (!createdBy) return { buildArgs: [] };
  let text = createdBy.trim();
  let keywordForm = false;
  if (/#\s*buildkit$/.test(text)) text = text.replace(/\s*#\s*buildkit$/, '');
  const nop = NOP.exec(text);
  if (nop) {
    const m = /^([A-Z]+)\b\s*([\s\S]*)$/.exec(text.slice(nop[0].length));
    return m ? { instruction: m[1], args: m[2].trim(), buildArgs: [] } : { buildArgs: [] };
  }
  const kw = /^([A-Z]+)(?:\s+|$)/.exec(text);
  if (kw && KEYWORDS.has(kw[1])) {
    if (kw[1] !== 'RUN') return { instruction: kw[1], args: text.slice(kw[0].length).trim(), buildArgs: [] };
    text = text.slice(kw[0].length);
    keywordForm = true;
  }
  const buildArgs: BuildArg[] = [];
  const pipe = /^\|(\d+)\s+/.exec(text);
  if (pipe) {
    text = text.slice(pipe[0].length);
    // The builders join `name=value` pairs with spaces and do not quote them.
    for (let i = 0; i < Number(pipe[1]); i++) {
      const tok = /^(\S+)\s*/.exec(text);
      if (!tok) break;
      const eq = tok[1].indexOf('=');
      if (eq <= 0) break;
      buildArgs.push({ name: tok[1].slice(0, eq), value: tok[1].slice(eq + 1) });
      text = text.slice(tok[0].length);
    }
  }
  const shell = SHELL_PREFIX.exec(text);
  if (shell) return { instruction: 'RUN', script: text.slice(shell[0].length), buildArgs };
  if (keywordForm || pipe) return { instruction: 'RUN', script: text, buildArgs };
  return { buildArgs };
}

/** The exec-form arguments of a RUN script written as a JSON array, or undefined. */
export function execFormOf(script: string): string[] | undefined {
  const t = script.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `ENV A=b C="d e"` (or the legacy `ENV A b`) as name/value pairs, as Docker splits them. */
export function envPairs(args: string): BuildArg[] {
  const out: BuildArg[] = [];
  const legacy = /^([A-Za-z_][A-Za-z0-9_.-]*)\s+([^=]*)$/.exec(args);
  if (legacy && !args.includes('=')) return [{ name: legacy[1], value: legacy[2].trim() }];
  const re = /([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*)/g;
  for (let m = re.exec(args); m !== null; m = re.exec(args)) {
    let value = m[2];
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (value.startsWith("'")) value = value.slice(1, -1);
    else value = value.replace(/\\(.)/g, '$1');
    out.push({ name: m[1], value });
  }
  return out;
}
