import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import { basename, POSIX_SHELLS } from '../../dockerfile/shell.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF021',
    name: 'cmd-not-exec-form',
    aliases: ['DL3025'],
    family: 'DF',
    shortDescription: 'Use the JSON (exec) form for CMD and ENTRYPOINT',
    fullDescription:
      'In shell form, CMD and ENTRYPOINT run as `/bin/sh -c "..."`: the shell is PID 1, the program is its child, and `docker stop` sends SIGTERM to a shell that does not pass it on, so the program is killed after the timeout instead of shutting down cleanly. A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments. The JSON form `["program", "arg"]` runs the program as PID 1. Only the CMD, ENTRYPOINT and HEALTHCHECK that the final image keeps are checked.',
    defaultLevel: 'warning',
    tags: ['correctness', 'reliability'],
    precision: 'high',
    messages: {
      cmd: 'CMD in shell form runs under `/bin/sh -c`, so the program is not PID 1 and never sees the SIGTERM of `docker stop`; use the JSON form: CMD {{json}}',
      entrypoint: 'ENTRYPOINT in shell form runs under `/bin/sh -c`: the program is not PID 1, misses SIGTERM, and CMD and `docker run` arguments are ignored; use the JSON form: ENTRYPOINT {{json}}',
      script: '{{keyword}} in shell form runs under `/bin/sh -c`, so the program is not PID 1 and never sees the SIGTERM of `docker stop`; put the shell logic in a script that ends with `exec <program>`, or start the command with `exec`, and call the script in JSON form',
      cmdAfterEntrypoint: 'CMD in shell form is passed to the exec-form ENTRYPOINT as `/bin/sh -c "..."` arguments, which is rarely meant; write CMD as a JSON array of arguments',
      healthcheck: 'HEALTHCHECK CMD in shell form needs /bin/sh in the image and adds a shell per check; it needs no shell features, so use the JSON form: HEALTHCHECK CMD {{json}}',
      noShell: '{{keyword}} in shell form needs /bin/sh, and this image (built FROM {{base}}) has none: it cannot start; use the JSON form',
    },
  },
  check(df, ctx) {
    const chain = [...finalImageStages(df)].sort((a, b) => a - b);
    if (chain.length === 0) return;
    const last: Record<string, Instruction | undefined> = {};
    for (const index of chain) {
      for (const instr of df.stages[index].instructions) {
        if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT' || instr.keyword === 'HEALTHCHECK') last[instr.keyword] = instr;
        // An ENTRYPOINT drops the CMD it inherits from the stage below it.
        if (instr.keyword === 'ENTRYPOINT' && last.CMD && last.CMD.stage !== instr.stage) last.CMD = undefined;
      }
    }
    const shellless = shelllessBase(df, chain[0]);
    const entrypointExec = last.ENTRYPOINT?.json !== undefined;
    for (const keyword of ['ENTRYPOINT', 'CMD', 'HEALTHCHECK'] as const) {
      const instr = last[keyword];
      if (!instr || instr.json) continue;
      let words = instr.args;
      if (keyword === 'HEALTHCHECK') {
        if (words[0]?.value.toUpperCase() !== 'CMD') continue; // HEALTHCHECK NONE
        words = words.slice(1);
      }
      if (words.length === 0) continue;
      const range: Range = { start: words[0].range.start, end: words[words.length - 1].range.end };
      const text = instr.argsText.trim().replace(/^CMD\s+/i, '');
      // Broken JSON (`CMD ['node', 'app.js']`) is DF079 json-form-invalid's finding: one report, not two.
      if (text.startsWith('[')) continue;
      if (shellless) {
        ctx.report({ messageId: 'noShell', data: { keyword, base: shellless }, range });
        continue;
      }
      // Windows images run PowerShell or cmd; their shell form is another matter.
      if (!POSIX_SHELLS.has(basename(instr.shell[0] ?? '/bin/sh').toLowerCase())) continue;
      // `CMD exec node server.js`: the shell replaces itself with the program, which becomes PID 1.
      if (words[0].value === 'exec') continue;
      const json = asJson(words.map((w) => w.value));
      if (keyword === 'HEALTHCHECK') {
        if (usesShell(text)) continue;
        ctx.report({ messageId: 'healthcheck', data: { json }, range });
      } else if (keyword === 'CMD' && entrypointExec) {
        ctx.report({ messageId: 'cmdAfterEntrypoint', range });
      } else if (usesShell(text)) {
        ctx.report({ messageId: 'script', data: { keyword }, range });
      } else {
        ctx.report({ messageId: keyword === 'CMD' ? 'cmd' : 'entrypoint', data: { json }, range });
      }
    }
  },
});

/** Text that needs a shell: operators, expansions, quotes, globs, redirections. */
function usesShell(text: string): boolean {
  return /[|&;<>()$`'"*?[\]{}~\\]/.test(text);
}

function asJson(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** The base of the final image when it certainly has no /bin/sh: scratch, or a distroless image other than :debug. */
function shelllessBase(df: Dockerfile, root: number): string | undefined {
  const base = df.stages[root]?.base;
  if (!base) return undefined;
  if (base.kind === 'scratch') return 'scratch';
  if (base.kind === 'image' && base.ref && /(^|\/)distroless\//.test(`${base.ref.registry}/${base.ref.repository}`) && !/debug/.test(base.ref.tag ?? '')) {
    return base.text;
  }
  return undefined;
}
