import type { Command, Instruction, Word } from '../../dockerfile/model.js';
import { POSIX_SHELLS } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, instructionsWithTriggers } from './support.js';
import { operands } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF003',
    name: 'cd-instead-of-workdir',
    aliases: ['DL3003'],
    family: 'DF',
    shortDescription: 'Use WORKDIR to switch to a directory',
    fullDescription:
      'A `cd` that opens a RUN changes the directory for that RUN only; the next RUN, COPY and CMD start again from the WORKDIR. When the directory stays in the image, `WORKDIR` says the same once, for every instruction that follows. A `cd` in a subshell, into a temporary directory, into a directory the same RUN deletes, one the RUN goes back from, or one that follows other work (`git clone x && cd x`) is left alone.',
    defaultLevel: 'warning',
    tags: ['maintainability'],
    precision: 'medium',
    messages: {
      cd: 'Use `WORKDIR {{dir}}` instead of `cd {{dir}}`: the directory change ends with this RUN, while WORKDIR holds for the instructions that follow',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const commands = commandsOf(instr);
      for (const cd of commands) {
        const dir = persistentCd(cd, commands, instr);
        if (dir === undefined) continue;
        ctx.report({ messageId: 'cd', data: { dir }, range: cd.range });
        break;
      }
    }
  },
});

/** The directory of a `cd` that WORKDIR should replace, or undefined when the `cd` is fine. */
function persistentCd(cd: Command, commands: readonly Command[], instr: Instruction): string | undefined {
  if (cd.program !== 'cd' || cd.subshell) return undefined;
  if (cd.wrappedBy && !POSIX_SHELLS.has(cd.wrappedBy)) return undefined;
  const target = operands(cd.words)[0];
  if (!target || !isDockerfileKnown(target, instr)) return undefined;
  const dir = target.value;
  // Going back (`cd -`, `cd ..`, `cd /`) is not where a RUN works.
  if (dir === '-' || dir === '/' || dir === '~' || /^(\.\.\/?)+$/.test(dir)) return undefined;
  if (isTemporary(dir)) return undefined;
  // Only a `cd` that opens the RUN is a drop-in for WORKDIR; after `git clone x && cd x` or a
  // download, WORKDIR would need the RUN split in two.
  if (commands.some((c) => after(cd, c) && !SETUP.has(c.program))) return undefined;
  const later = commands.filter((c) => after(c, cd));
  // A `cd` with nothing after it changes nothing.
  if (later.length === 0) return undefined;
  // `cd /usr/src/x && make install && cd / && rm -rf /usr/src/x`: WORKDIR would leave a missing directory behind.
  if (later.some((c) => removes(c, dir))) return undefined;
  // `cd x && make && cd -`: the RUN goes back, nothing leaks.
  if (later.some((c) => c.program === 'cd' && !c.subshell && isReturn(c))) return undefined;
  return dir;
}

/** Commands that may come before the `cd` without making WORKDIR less of a drop-in. */
const SETUP = new Set(['set', 'export', 'mkdir', 'echo', 'printf', 'true', ':', 'umask', 'shopt']);

/** A target WORKDIR could also name: literal, or made of ARG/ENV variables the Dockerfile defines. */
function isDockerfileKnown(word: Word, instr: Instruction): boolean {
  if (word.literal) return true;
  const v = word.value;
  if (v.includes('$(') || v.includes('`') || /[*?[]/.test(v)) return false;
  // WORKDIR knows `$V`, `${V}`, `${V:-x}` and `${V:+x}`, not the shell's `${V%/php}` and friends.
  if (/\$\{[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]*(\}|:?[-+]))/.test(v)) return false;
  const names = [...v.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  return names.length > 0 && names.every((n) => instr.vars.has(n));
}

function isTemporary(dir: string): boolean {
  return /^\/(var\/)?tmp(\/|$)/.test(dir) || /^"?\$\{?TMPDIR\b/.test(dir) || /^\/dev\/shm(\/|$)/.test(dir);
}

function isReturn(cd: Command): boolean {
  const target = operands(cd.words)[0]?.value;
  return target === undefined || target === '-' || target === '/' || target === '~' || target === '$OLDPWD' || target === '"$OLDPWD"' || /^(\.\.\/?)+$/.test(target ?? '');
}

function removes(command: Command, dir: string): boolean {
  if (command.program !== 'rm') return false;
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/\*$/, '').replace(/\/+$/, '');
  const want = norm(dir);
  return operands(command.words).some((w) => {
    const target = norm(w.value);
    return target !== '' && (target === want || want.startsWith(`${target}/`));
  });
}

function after(c: Command, ref: Command): boolean {
  const a = c.range.start;
  const b = ref.range.end;
  return a.line > b.line || (a.line === b.line && a.column >= b.column);
}
