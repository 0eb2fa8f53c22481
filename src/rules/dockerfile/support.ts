/**
 * Small queries over the Dockerfile model that many rules share. Rules read commands through
 * these instead of matching text, so `sudo apt-get`, `-yq` and `--yes=true` read the same.
 */
import type { Command, Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';

/** Every instruction, with ONBUILD triggers right after their ONBUILD. */
export function* instructionsWithTriggers(df: Dockerfile): Generator<Instruction> {
  for (const instr of df.instructions) {
    yield instr;
    if (instr.trigger) yield instr.trigger;
  }
}

export interface RunCommand {
  instr: Instruction;
  command: Command;
}

/** Every simple command of every RUN (ONBUILD RUN included), in file order. */
export function* runCommands(df: Dockerfile): Generator<RunCommand> {
  for (const instr of instructionsWithTriggers(df)) {
    for (const command of instr.run?.script?.commands ?? []) yield { instr, command };
  }
}

/** The commands of one RUN. */
export function commandsOf(instr: Instruction): readonly Command[] {
  return instr.run?.script?.commands ?? [];
}

/**
 * True when the command has any of the flags. `-y` also matches a bundle such as `-qy`;
 * `--yes` also matches `--yes=true`. Only words before a bare `--` count.
 */
export function hasFlag(command: Command, ...flags: string[]): boolean {
  return findFlag(command, ...flags) !== undefined;
}

/** The index in `command.words` of the first of the flags, or undefined. */
export function findFlag(command: Command, ...flags: string[]): number | undefined {
  const shorts = flags.filter((f) => /^-[A-Za-z0-9]$/.test(f)).map((f) => f[1]);
  const longs = flags.filter((f) => f.startsWith('--') || (f.startsWith('-') && f.length > 2));
  for (let i = 0; i < command.words.length; i++) {
    const a = command.words[i].value;
    if (a === '--') break;
    if (longs.some((f) => a === f || a.startsWith(`${f}=`))) return i;
    if (/^-[A-Za-z0-9]+$/.test(a) && shorts.some((s) => a.slice(1).includes(s))) return i;
  }
  return undefined;
}

/** The value of `--flag value`, `--flag=value` or `-f value`. */
export function flagValue(command: Command, ...flags: string[]): string | undefined {
  for (let i = 0; i < command.words.length; i++) {
    const a = command.words[i].value;
    if (a === '--') break;
    for (const f of flags) {
      if (a === f) return command.words[i + 1]?.value;
      if (f.startsWith('--') && a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

/**
 * The words that are not flags. `flagsWithValue` lists flags whose next word is their value
 * (`-t bookworm`), so that value is not taken for a positional argument.
 */
export function positionals(command: Command, flagsWithValue: readonly string[] = []): Command['words'] {
  const out: Command['words'] = [];
  let endOfFlags = false;
  for (let i = 0; i < command.words.length; i++) {
    const w = command.words[i];
    if (!endOfFlags && w.value === '--') {
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && w.value.startsWith('-') && w.value.length > 1) {
      if (flagsWithValue.includes(w.value)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** The first positional argument: the subcommand of `apt-get install`, `npm ci`, `pip install`. */
export function subcommand(command: Command, flagsWithValue: readonly string[] = []): string | undefined {
  return positionals(command, flagsWithValue)[0]?.value;
}

/** True when the RUN has a `--mount=type=cache` whose target is (or contains) one of the paths. */
export function hasCacheMount(instr: Instruction, ...paths: string[]): boolean {
  return (instr.run?.mounts ?? []).some((m) => {
    if (m.type !== 'cache') return false;
    const target = (m.options.target ?? m.options.dst ?? m.options.destination ?? '').replace(/\/+$/, '');
    return paths.some((p) => {
      const want = p.replace(/\/+$/, '');
      return target === want || want.startsWith(`${target}/`);
    });
  });
}

/** The stage an instruction belongs to. */
export function stageOf(df: Dockerfile, instr: Instruction): Stage | undefined {
  const index = instr.onbuild ? instr.onbuild.stage : instr.stage;
  return index >= 0 ? df.stages[index] : undefined;
}

/** The stages whose result ends up in the final image: the last stage and the stages it is built FROM. */
export function finalImageStages(df: Dockerfile): Set<number> {
  const out = new Set<number>();
  let stage: Stage | undefined = df.stages[df.stages.length - 1];
  while (stage && !out.has(stage.index)) {
    out.add(stage.index);
    stage = stage.base.kind === 'stage' ? df.stages[stage.base.stage] : undefined;
  }
  return out;
}

/** The stage and the stages it is built FROM, nearest first (`FROM build AS test` gives test, build...). */
export function stageLineage(df: Dockerfile, stageIndex: number): Stage[] {
  const out: Stage[] = [];
  let stage: Stage | undefined = df.stages[stageIndex];
  while (stage && !out.includes(stage)) {
    out.push(stage);
    stage = stage.base.kind === 'stage' ? df.stages[stage.base.stage] : undefined;
  }
  return out;
}

/**
 * True when what the instruction leaves in its layer ships in the final image: its stage is the
 * last one or one the last is built FROM. ONBUILD triggers run in someone else's image, so they ship.
 */
export function shipsInFinalImage(df: Dockerfile, instr: Instruction): boolean {
  if (instr.onbuild) return true;
  return instr.stage >= 0 && finalImageStages(df).has(instr.stage);
}

/**
 * The value of an environment variable for one command of a RUN: a `NAME=value` prefix, an
 * `env NAME=value` wrapper, the last `export NAME=value` (or `declare -x`) before it in the same
 * RUN, or else the ARG/ENV value the model knows. Undefined when unset or not known.
 */
export function envValue(instr: Instruction, command: Command, name: string): string | undefined {
  const prefix = command.assignments.find((a) => a.name === name);
  if (prefix) return prefix.value;
  const before = (c: Command) =>
    c.range.start.line < command.range.start.line ||
    (c.range.start.line === command.range.start.line && c.range.start.column < command.range.start.column);
  const assigned = (c: Command) => {
    const word = [...c.words].reverse().find((w) => w.value.startsWith(`${name}=`));
    return word?.literal ? word.value.slice(name.length + 1) : undefined;
  };
  const commands = commandsOf(instr);
  if (command.wrappedBy === 'env') {
    const outer = commands.find((c) => c.program === 'env' && c !== command && c.range.end.line === command.range.end.line && c.range.end.column === command.range.end.column);
    const value = outer && assigned(outer);
    if (value !== undefined) return value;
  }
  const exported = commands.filter(
    (c) => before(c) && !c.subshell && (c.program === 'export' || ((c.program === 'declare' || c.program === 'typeset') && c.args.includes('-x'))),
  );
  for (const c of exported.reverse()) {
    const value = assigned(c);
    if (value !== undefined) return value;
  }
  return instr.vars.get(name);
}
