/**
 * The parsed Dockerfile that Dockerfile rules read. Built once per file by `parseDockerfile`;
 * rules never re-parse text. Positions are 1-based lines and columns, end exclusive.
 */
import type { InputError, Range } from '../rules/finding.js';
import type { ImageRef } from '../util/image-ref.js';

export interface Dockerfile {
  /** The path as shown to users (`-` for standard input). */
  path: string;
  text: string;
  lines: string[];
  /** `\` or `` ` `` from the `# escape=` directive. */
  escapeChar: string;
  /** Parser directives at the top of the file (`syntax`, `escape`, `check`), keys lower-case. */
  directives: Record<string, string>;
  /** Top-level instructions in file order (global ARGs first, then each stage's). */
  instructions: Instruction[];
  stages: Stage[];
  /** ARGs declared before the first FROM, with their default values. */
  globalArgs: ReadonlyMap<string, string | undefined>;
  comments: Comment[];
  /** Problems with the file itself (unknown instruction, unterminated heredoc...). */
  errors: InputError[];
}

export interface Comment {
  line: number;
  /** The text after `#`, trimmed. */
  text: string;
  range: Range;
}

export type StageBase =
  | { kind: 'scratch' }
  /** `FROM build` where `build` names an earlier stage. */
  | { kind: 'stage'; stage: number }
  | {
      kind: 'image';
      /** The image text with ARGs resolved where their values are known. */
      text: string;
      /** Parsed reference; undefined when the text could not be resolved or parsed. */
      ref?: ImageRef;
      /** True when the text still holds a variable with no known value. */
      unresolved: boolean;
    };

export interface Stage {
  index: number;
  /** The `AS name` alias, lower-cased as Docker matches it. */
  name?: string;
  nameRange?: Range;
  from: Instruction;
  base: StageBase;
  /** The `--platform` flag value, if any. */
  platform?: string;
  /** The stage's instructions, FROM first. */
  instructions: Instruction[];
  isFinal: boolean;
}

export interface Word {
  /** The text with quotes removed; for a word with expansions, the text as written. */
  value: string;
  range: Range;
  /** False when the word holds `$VAR`, `$(...)`, globs or other run-time expansions. */
  literal: boolean;
  /** When a `$VAR` word was expanded from a known ARG/ENV value, the variable's name. */
  fromVariable?: string;
}

export interface Flag {
  /** Lower-case name without dashes: `mount`, `from`, `chown`. */
  name: string;
  value?: string;
  range: Range;
  /** `key=value` options of flags like `--mount` (keys lower-case). */
  options: Record<string, string>;
}

export interface Property {
  name: string;
  /** Unescaped, unquoted value; undefined for `ARG NAME` with no default. */
  value?: string;
  range: Range;
  nameRange: Range;
  valueRange?: Range;
}

export interface Heredoc {
  name: string;
  /** The body, without the closing delimiter. */
  body: string;
  /** Where the body starts (the line after the `<<NAME` line). */
  bodyRange?: Range;
  terminated: boolean;
}

export interface Mount {
  type: string;
  /** All `key=value` options, keys lower-case (`target`, `id`, `from`, `source`...). */
  options: Record<string, string>;
  range: Range;
}

export interface Instruction {
  /** Upper-case keyword (`RUN`), or the unknown keyword as written, upper-cased. */
  keyword: string;
  range: Range;
  keywordRange: Range;
  /** The instruction's source text, continuations and heredoc bodies included. */
  raw: string;
  /** Arguments after the flags, continuations joined (dockerfile-ast's view). */
  argsText: string;
  /** Arguments after the flags, split on whitespace as Docker does. */
  args: Word[];
  flags: Flag[];
  /** Index of the stage the instruction is in; -1 before the first FROM. */
  stage: number;
  /** ARG and ENV variables visible here, with values when known. */
  vars: ReadonlyMap<string, string | undefined>;
  /** The active SHELL for RUN/CMD/ENTRYPOINT (default `/bin/sh -c`). */
  shell: readonly string[];
  heredocs: Heredoc[];
  /** Exec (JSON array) form values for RUN/CMD/ENTRYPOINT/SHELL/VOLUME/COPY/ADD/HEALTHCHECK CMD. */
  json?: Word[];
  /** ENV / LABEL / ARG key-value pairs. */
  properties?: Property[];
  run?: RunInfo;
  copy?: CopyInfo;
  /** For ONBUILD: the trigger instruction. */
  trigger?: Instruction;
  /** For a trigger: the ONBUILD that holds it. */
  onbuild?: Instruction;
}

export interface CopyInfo {
  sources: Word[];
  dest?: Word;
  /** `--from` value, lower-cased when it names a stage. */
  from?: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  /** `--checksum` of ADD. */
  checksum?: string;
}

export interface RunInfo {
  form: 'shell' | 'exec';
  mounts: Mount[];
  network?: string;
  security?: string;
  /** The parsed script, or undefined when the shell is not POSIX-like (PowerShell, cmd). */
  script?: ShellScript;
}

export interface ShellScript {
  /** Every simple command, in source order, including those in subshells, `sh -c` and heredoc scripts. */
  commands: Command[];
  /** A syntax error the shell parser met; commands found before it are still listed. */
  error?: { message: string; line: number; column: number };
  /** True when a `|` pipe (not `||`) joins two commands anywhere in the script. */
  hasPipe: boolean;
}

export interface Command {
  /** The program as written (`/usr/bin/pip3`, `apt-get`). */
  name: string;
  /** Its basename (`pip3`). */
  program: string;
  /** The arguments after the name. */
  words: Word[];
  /** The values of `words`, for quick matching. */
  args: string[];
  range: Range;
  nameRange: Range;
  /** `VAR=value` prefixes. */
  assignments: { name: string; value: string }[];
  /** When the command is part of a pipeline `a | b | c`: its place in it. */
  pipeline?: { id: number; index: number; length: number };
  redirects: { op: string; target?: string }[];
  /** When this command was found inside another (`sudo apt-get`, `sh -c "..."`): the outer program. */
  wrappedBy?: string;
  /** True inside `( ... )`, `$( ... )`, backticks or `<( ... )`: a `cd` or assignment there does not outlive it. */
  subshell?: boolean;
}
