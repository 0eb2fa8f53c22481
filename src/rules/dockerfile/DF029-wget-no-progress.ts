import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF029',
    name: 'wget-no-progress',
    aliases: ['DL3047'],
    family: 'DF',
    shortDescription: 'wget without --progress floods the build log',
    fullDescription:
      'When its output is not a terminal, GNU wget prints a line of dots for every few kilobytes it downloads, so one large download can add thousands of lines to the build log. Use `--progress=dot:giga`, `-nv` (`--no-verbose`) or `-q` (`--quiet`).',
    defaultLevel: 'note',
    tags: ['maintainability'],
    precision: 'high',
    messages: {
      noProgress: 'wget without --progress, -nv or -q prints a progress line every few kilobytes into the build log; add --progress=dot:giga or -nv',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      if (command.program !== 'wget') continue;
      // -o/-a send the messages to a file; -nv is one option, not -n plus -v.
      if (command.args.includes('-nv')) continue;
      if (wordsHaveFlag(command.words, '--progress', '--quiet', '--no-verbose', '--output-file', '--append-output', '--show-progress')) continue;
      if (command.args.some(quietBundle)) continue;
      ctx.report({ messageId: 'noProgress', range: command.nameRange });
    }
  },
});

/** Short options of wget that take a value, so the rest of a bundle (`-qO-`) is that value. */
const WGET_SHORT_WITH_VALUE = new Set('eoaiBtOTwQPlARDIXU');

/** `-q`, `-qO-`, `-o log`, `-a log`: quiet, or messages sent to a file. */
function quietBundle(arg: string): boolean {
  if (!/^-[^-]/.test(arg)) return false;
  for (const ch of arg.slice(1)) {
    if (ch === 'q' || ch === 'o' || ch === 'a') return true;
    if (WGET_SHORT_WITH_VALUE.has(ch)) return false;
  }
  return false;
}
