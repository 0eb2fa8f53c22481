import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF081',
    name: 'shell-form-shell-instruction',
    aliases: [],
    family: 'DF',
    shortDescription: 'SHELL must be written in JSON (exec) form',
    fullDescription:
      'Docker only accepts SHELL as a JSON array, such as `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`; `SHELL /bin/bash -c` stops the build.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      notJson: 'SHELL must be a JSON array, e.g. SHELL [{{suggestion}}]; Docker refuses the shell form',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'SHELL' || instr.args.length === 0) continue;
      // An attempt at JSON that does not parse is DF079's.
      if (instr.argsText.trim().startsWith('[')) continue;
      const suggestion = instr.args.map((a) => JSON.stringify(a.value)).join(', ');
      ctx.report({
        messageId: 'notJson',
        data: { suggestion },
        range: { start: instr.args[0].range.start, end: instr.args[instr.args.length - 1].range.end },
        fix: `SHELL [${suggestion}]`,
      });
    }
  },
});
