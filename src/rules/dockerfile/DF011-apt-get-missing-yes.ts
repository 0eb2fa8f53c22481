import type { Command, Dockerfile } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, runCommands } from './support.js';
import { aptSimulates, aptSubcommand, APT_FLAGS_WITH_VALUE, operands, wordsFlagValue, wordsHaveFlag } from './packages.js';

/** Subcommands that ask "Do you want to continue? [Y/n]". */
const PROMPTING = new Set(['install', 'reinstall', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'full-upgrade', 'autoremove', 'autopurge', 'build-dep']);

export default defineDockerfileRule({
  meta: {
    id: 'DF011',
    name: 'apt-get-missing-yes',
    aliases: ['DL3014'],
    family: 'DF',
    shortDescription: 'Use apt-get -y',
    fullDescription:
      '`apt-get install` (and remove, purge, upgrade...) asks for confirmation before changing more than the packages named. A build has no terminal to answer, so apt-get reads end-of-file, prints "Abort." and the RUN fails, or it works today and breaks when a dependency is added. `-y`, `--yes`, `--assume-yes`, `-qq` or an `APT::Get::Assume-Yes` setting answer it.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      noYes: '`{{program}} {{sub}}` without `-y` waits for a confirmation no one can give in a build, and aborts; add `-y`',
    },
  },
  check(df, ctx) {
    const configured = assumeYesConfigured(df);
    for (const { instr, command } of runCommands(df)) {
      const sub = aptSubcommand(command);
      if (!sub || !PROMPTING.has(sub)) continue;
      if (answersYes(command) || fedByYes(command, commandsOf(instr)) || configured(command)) continue;
      const subWord = operands(command.words, { flagsWithValue: APT_FLAGS_WITH_VALUE })[0];
      ctx.report({
        messageId: 'noYes',
        data: { program: command.program, sub },
        range: { start: command.nameRange.start, end: subWord.range.end },
      });
    }
  },
});

function answersYes(c: Command): boolean {
  const w = c.words;
  if (wordsHaveFlag(w, '-y', '--yes', '--assume-yes')) return true;
  // Simulation asks nothing.
  if (aptSimulates(c)) return true;
  // Quiet level 2 implies -y: `-qq`, `-q -q`, `-q=2`, `--quiet=2`.
  let quiet = 0;
  for (const { value: a } of w) {
    if (a === '--') break;
    if (/^-[A-Za-z]+$/.test(a)) quiet += (a.match(/q/g) ?? []).length;
    const m = /^(?:-q|--quiet)=(\d+)$/.exec(a);
    if (m) quiet = Math.max(quiet, Number(m[1]));
  }
  if (quiet >= 2) return true;
  const option = wordsFlagValue(w, '-o', '--option');
  return option !== undefined && /^APT::Get::Assume-Yes=(true|yes|1)$/i.test(option);
}

/** `yes | apt-get install x` */
function fedByYes(c: Command, commands: readonly Command[]): boolean {
  const pipe = c.pipeline;
  if (!pipe || pipe.index === 0) return false;
  return commands.some(
    (o) =>
      o.program === 'yes' &&
      o.pipeline?.id === pipe.id &&
      o.pipeline.index === pipe.index - 1 &&
      (o.range.end.line < c.range.start.line || (o.range.end.line === c.range.start.line && o.range.end.column <= c.range.start.column)),
  );
}

/** `APT::Get::Assume-Yes "true";` written into apt's configuration by an earlier command. */
function assumeYesConfigured(df: Dockerfile): (c: Command) => boolean {
  const at: { line: number; column: number }[] = [];
  for (const { command } of runCommands(df)) {
    if (command.args.some((a) => /APT::Get::Assume-Yes/i.test(a))) at.push(command.range.start);
  }
  return (c) => at.some((p) => p.line < c.range.start.line || (p.line === c.range.start.line && p.column < c.range.start.column));
}
