import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { operands, wordsFlagValue } from './packages.js';

const SH_PATHS = new Set(['/bin/sh', '/usr/bin/sh']);

export default defineDockerfileRule({
  meta: {
    id: 'DF040',
    name: 'ln-bin-sh',
    aliases: ['DL4005'],
    family: 'DF',
    shortDescription: 'Use SHELL instead of linking /bin/sh to another shell',
    fullDescription:
      'Replacing /bin/sh with a link to bash changes the shell of every program in the image that runs `/bin/sh` scripts (package maintainer scripts, entrypoints), not just of the RUN instructions. To run RUN instructions with another shell, set it with `SHELL ["/bin/bash", "-c"]`.',
    defaultLevel: 'warning',
    tags: ['maintainability'],
    precision: 'very-high',
    messages: {
      linkSh: '`ln` replaces /bin/sh for every program in the image; use SHELL ["{{shell}}", "-c"] to change the shell of RUN instructions',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      if (command.program !== 'ln') continue;
      const ops = operands(command.words, { flagsWithValue: ['-t', '--target-directory', '-S', '--suffix'] });
      const dir = wordsFlagValue(command.words, '-t', '--target-directory');
      // The link made is the last operand, or each operand's name inside the -t directory.
      const targets = dir !== undefined ? ops.map((w) => `${dir.replace(/\/+$/, '')}/${w.value.split('/').pop()}`) : ops.length >= 2 ? [ops[ops.length - 1].value] : [];
      const hit = targets.findIndex((t) => SH_PATHS.has(t.replace(/\/+$/, '')));
      if (hit < 0) continue;
      const word = dir !== undefined ? ops[hit] : ops[ops.length - 1];
      const shell = dir !== undefined ? ops[hit].value : ops[0].value;
      ctx.report({ messageId: 'linkSh', data: { shell }, range: word.range });
    }
  },
});
