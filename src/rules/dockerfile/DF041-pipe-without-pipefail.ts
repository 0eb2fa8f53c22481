import { basename } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

/** Shells whose `-o pipefail` makes a failed command in a pipe fail the RUN. */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox']);

export default defineDockerfileRule({
  meta: {
    id: 'DF041',
    name: 'pipe-without-pipefail',
    aliases: ['DL4006'],
    family: 'DF',
    shortDescription: 'Set -o pipefail before a RUN with a pipe',
    fullDescription:
      'A pipe\'s exit status is that of its last command, so `curl -fsSL URL | tar -xz` succeeds even when the download fails and the build goes on with a broken layer. Run the pipe under a shell with `-o pipefail` (via SHELL, or `set -o pipefail &&` at the start of the RUN).',
    defaultLevel: 'warning',
    tags: ['correctness', 'security'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      noPipefail: 'A failure of "{{first}}" in this pipe is ignored; set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or start the RUN with `set -o pipefail &&`',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const script = instr.run?.script;
      if (instr.keyword !== 'RUN' || !script?.hasPipe || instr.run?.form === 'exec') continue;
      if (shellHasPipefail(instr.shell)) continue;
      // `set -o pipefail` / `set -eo pipefail` earlier in the same script covers the pipes after it.
      const setAt = script.commands.find(
        (c) => c.program === 'set' && c.args.some((a, i) => (a === '-o' || /^-[a-z]*o$/.test(a)) && c.args[i + 1] === 'pipefail'),
      );
      const firstPiped = script.commands.find(
        (c) =>
          c.pipeline !== undefined &&
          c.pipeline.index === 0 &&
          !c.wrappedBy &&
          (!setAt || c.range.start.line < setAt.range.start.line ||
            (c.range.start.line === setAt.range.start.line && c.range.start.column < setAt.range.start.column)),
      );
      if (!firstPiped) continue;
      ctx.report({ messageId: 'noPipefail', data: { first: firstPiped.name }, range: firstPiped.range });
    }
  },
});

function shellHasPipefail(shell: readonly string[]): boolean {
  const program = basename(shell[0] ?? '');
  if (!PIPEFAIL_SHELLS.has(program)) return false;
  return shell.some((a, i) => (a === '-o' || /^-[a-z]*o$/.test(a)) && shell[i + 1] === 'pipefail');
}
