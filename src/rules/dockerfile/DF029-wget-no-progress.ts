import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, instructionsWithTriggers, stageLineage, stageOf } from './support.js';
import { apkAddPackages, wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF029',
    name: 'wget-no-progress',
    aliases: ['DL3047'],
    family: 'DF',
    shortDescription: 'wget without --progress floods the build log',
    fullDescription:
      'When its output is not a terminal, GNU wget prints a line of dots for every 50 KB it downloads, so one large download can add thousands of lines to the build log. Use `--progress=dot:giga`, `-nv` (`--no-verbose`) or `-q` (`--quiet`). The BusyBox wget of Alpine and BusyBox images draws no such log and is left alone.',
    defaultLevel: 'note',
    tags: ['maintainability'],
    precision: 'high',
    messages: {
      noProgress: 'wget without --progress, -nv or -q prints a progress line every 50 KB into the build log; add --progress=dot:giga or -nv',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      for (const command of commandsOf(instr)) {
        if (command.program !== 'wget') continue;
        // -o/-a send the messages to a file; -nv is one option, not -n plus -v.
        if (command.args.includes('-nv')) continue;
        if (wordsHaveFlag(command.words, '--progress', '--quiet', '--no-verbose', '--output-file', '--append-output', '--show-progress')) continue;
        if (command.args.some(quietBundle)) continue;
        if (busyboxWget(df, instr)) continue;
        ctx.report({ messageId: 'noProgress', range: command.nameRange });
      }
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

/**
 * True when the stage is built on Alpine or BusyBox and never installs GNU wget (`apk add wget`):
 * its wget is BusyBox's, whose progress bar is one line that redraws itself.
 */
function busyboxWget(df: Dockerfile, instr: Instruction): boolean {
  const stage = stageOf(df, instr);
  if (!stage) return false;
  const lineage = stageLineage(df, stage.index);
  const root = lineage[lineage.length - 1].base;
  if (root.kind !== 'image' || !root.ref) return false;
  const name = root.ref.repository.split('/').pop() ?? '';
  if (name !== 'alpine' && name !== 'busybox' && !/(^|-)alpine/.test(root.ref.tag ?? '')) return false;
  const installsWget = lineage.some((s) => s.instructions.some((i) => commandsOf(i).some((c) => apkAddPackages(c).some((p) => p.name === 'wget'))));
  return !installsWget;
}
