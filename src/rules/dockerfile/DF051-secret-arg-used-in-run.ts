import type { Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import { sliceText } from '../../dockerfile/parse.js';
import { classifySecretName } from '../../secrets/index.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { advance, secretMounts, variableUses } from './security-support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF051',
    name: 'secret-arg-used-in-run',
    aliases: [],
    family: 'DF',
    shortDescription: 'A secret build argument is used by RUN',
    fullDescription:
      'A RUN that uses a build argument with a secret-like name ($NPM_TOKEN, $GITHUB_TOKEN) gets it as an environment variable, and the builder records the RUN with its build arguments in the image history and in build provenance. Pass the secret with a secret mount instead: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN ...`.',
    defaultLevel: 'warning',
    tags: ['security', 'secrets'],
    securitySeverity: 7.5,
    precision: 'high',
    messages: {
      used: 'Build argument "{{name}}" is used by this RUN, and its value is recorded in the image history and build provenance; use `RUN --mount=type=secret,id={{id}},env={{name}} ...` (built with `--secret id={{id}},env={{name}}`) and drop the ARG',
    },
  },
  check(df, ctx) {
    for (const stage of df.stages) {
      for (const { instr, args } of runsWithSecretArgs(stage)) {
        const mountedEnv = new Set(secretMounts(instr).map((m) => m.env).filter((e): e is string => !!e));
        for (const name of args) {
          if (mountedEnv.has(name)) continue;
          const range = firstUse(df, instr, name);
          if (!range) continue;
          ctx.report({ messageId: 'used', data: { name, id: name.toLowerCase() }, range, fingerprintKey: name });
        }
      }
    }
  },
});

/** Each RUN of a stage with the secret-like ARGs in scope at that point (declared earlier in the stage). */
function* runsWithSecretArgs(stage: Stage): Generator<{ instr: Instruction; args: string[] }> {
  const args: string[] = [];
  for (const instr of stage.instructions) {
    if (instr.keyword === 'ARG') {
      for (const p of instr.properties ?? []) {
        if (!args.includes(p.name) && classifySecretName(p.name).secretLike) args.push(p.name);
      }
    } else if (instr.keyword === 'ENV') {
      // An ENV of the same name shadows the ARG inside RUN (DF034 reports that ENV).
      for (const p of instr.properties ?? []) {
        const i = args.indexOf(p.name);
        if (i >= 0) args.splice(i, 1);
      }
    } else if (instr.keyword === 'RUN' && args.length > 0) {
      yield { instr, args: [...args] };
    }
  }
}

/** The first `$NAME` / `${NAME}` in the RUN's commands (words, prefix assignments, redirects), or a word expanded from it. */
function firstUse(df: Dockerfile, instr: Instruction, name: string): Range | undefined {
  const commands = instr.run?.script?.commands;
  if (commands) {
    for (const c of commands) {
      // The text of the command as written holds prefix assignments, words and redirects alike.
      const source = sliceText(df.lines, c.range);
      for (const w of c.words) {
        if (w.fromVariable === name) return w.range;
      }
      const quoted = singleQuoted(source);
      const use = variableUses(source, name).find((u) => !quoted.some(([a, b]) => u.index > a && u.index < b));
      if (use) {
        const start = advance(c.range.start, source, use.index);
        return { start, end: advance(start, source.slice(use.index), use.length) };
      }
    }
    return undefined;
  }
  // Exec form or a non-POSIX shell: BuildKit does not expand ARGs in exec form, but the
  // variable is still in the environment of the process; look at the words as written.
  for (const w of instr.json ?? instr.args) {
    const use = variableUses(w.value, name)[0];
    if (use) return w.range;
  }
  return undefined;
}

/** `[open, close]` offsets of single-quoted spans, where `$NAME` is literal text. */
function singleQuoted(text: string): [number, number][] {
  const out: [number, number][] = [];
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '"') {
      inDouble = !inDouble;
    } else if (ch === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      if (close < 0) break;
      out.push([i, close]);
      i = close;
    }
  }
  return out;
}
