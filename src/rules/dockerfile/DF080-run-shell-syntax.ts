import { basename } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF080',
    name: 'run-shell-syntax',
    aliases: [],
    family: 'DF',
    shortDescription: 'The RUN script has a shell syntax error',
    fullDescription:
      'The shell script of a RUN (shell form, a heredoc script, or the script of `sh -c`) does not parse, so the build fails at this step, or a shell more lenient than bash runs something other than what was written. plimsoll reads scripts with mvdan/sh in bash mode, which accepts everything POSIX sh does.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'high',
    messages: {
      syntax: 'The shell cannot parse this RUN: {{error}}',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const error = instr.run?.script?.error;
      if (instr.keyword !== 'RUN' || !error) continue;
      // zsh has syntax bash does not (`${(j:,:)a}`, glob qualifiers): a bash parser cannot judge it.
      if (instr.run?.form === 'shell' && basename(instr.shell[0] ?? '') === 'zsh') continue;
      const at = { line: error.line, column: error.column };
      ctx.report({ messageId: 'syntax', data: { error: error.message }, range: { start: at, end: { line: at.line, column: at.column + 1 } } });
    }
  },
});
