import type { Command, Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, instructionsWithTriggers, stageLineage, stageOf } from './support.js';
import { operands } from './packages.js';

/** Build flags of the go command whose value may be the next word (`-ldflags "-s -w"`). */
const GO_FLAGS_WITH_VALUE = [
  '-o', '-p', '-C', '-tags', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-buildmode', '-buildvcs',
  '-compiler', '-installsuffix', '-mod', '-modfile', '-overlay', '-pgo', '-pkgdir', '-toolexec', '-exec',
  '-covermode', '-coverpkg', '-debug-actiongraph', '-debug-runtime-trace', '-debug-trace',
].flatMap((f) => [f, `-${f}`]);

/** Version queries that move: `@latest`, `@upgrade`, `@patch`, and branch names. */
const MOVING = new Set(['latest', 'upgrade', 'patch', 'master', 'main', 'head', 'HEAD', 'trunk', 'develop']);

export default defineDockerfileRule({
  meta: {
    id: 'DF033',
    name: 'go-install-unpinned',
    aliases: ['DL3062'],
    family: 'DF',
    shortDescription: 'go install / go get of a module without a fixed version',
    fullDescription:
      '`go install example.com/cmd@latest` (or a branch name, or no version at all where no go.mod pins it) builds whatever was published last, so two builds of the same Dockerfile get different code, and a compromised release flows straight into the image. Pin a version or a commit: `go install example.com/cmd@v1.4.2`.',
    defaultLevel: 'warning',
    tags: ['security', 'reproducibility'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      moving: '`go {{subcommand}} {{pkg}}` follows a moving version ("{{query}}"); pin a release or commit, e.g. {{name}}@v1.2.3',
      noVersion: '`go {{subcommand}} {{pkg}}` has no version, so it builds whatever is newest; pin a release or commit, e.g. {{pkg}}@v1.2.3',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const commands = commandsOf(instr);
      for (const command of commands) {
        if (command.program !== 'go') continue;
        const ops = operands(command.words, { flagsWithValue: GO_FLAGS_WITH_VALUE });
        const sub = ops[0]?.value;
        if (sub !== 'install' && sub !== 'get' && sub !== 'run') continue;
        // `go run pkg args...`: only the first operand is a package.
        const pkgs = sub === 'run' ? ops.slice(1, 2) : ops.slice(1);
        for (const word of pkgs) {
          const finding = judge(word, sub, df, instr, commands, command);
          if (finding) ctx.report({ ...finding, range: word.range, fingerprintKey: word.value });
        }
      }
    }
  },
});

function judge(
  word: Word,
  sub: string,
  df: Dockerfile,
  instr: Instruction,
  commands: readonly Command[],
  command: Command,
): { messageId: string; data: Record<string, string> } | undefined {
  const v = word.value;
  const at = v.lastIndexOf('@');
  if (!word.literal) {
    // `pkg@$VERSION` is pinned by the build argument; `$PKG` alone cannot be judged.
    return undefined;
  }
  const path = at > 0 ? v.slice(0, at) : v;
  // Local packages (`.`, `./cmd/x`, `/src/x`), patterns and the standard library are not downloaded.
  if (!isRemoteModule(path)) return undefined;
  if (at > 0) {
    const query = v.slice(at + 1);
    if (query === 'none') return undefined;
    if (!MOVING.has(query)) return undefined;
    return { messageId: 'moving', data: { subcommand: sub, pkg: v, query, name: path } };
  }
  // Without a version, `go install`/`go run` use the version go.mod requires, when there is a go.mod;
  // `go get` upgrades to the newest release either way.
  if (sub !== 'get' && goModInScope(df, instr, commands)) return undefined;
  // GOPATH style: `go get x || true` fetches the source, a later `git checkout $VERSION` pins it.
  if (checkedOutLater(df, instr, command)) return undefined;
  return { messageId: 'noVersion', data: { subcommand: sub, pkg: v } };
}

/** A `git checkout` / `git reset --hard` after the command, in this RUN or a later one of the stage. */
function checkedOutLater(df: Dockerfile, instr: Instruction, command: Command): boolean {
  const isCheckout = (c: Command) => c.program === 'git' && (c.args.includes('checkout') || c.args.includes('switch') || (c.args.includes('reset') && c.args.includes('--hard')));
  if (commandsOf(instr).some((c) => isCheckout(c) && (c.range.start.line > command.range.start.line || (c.range.start.line === command.range.start.line && c.range.start.column > command.range.start.column)))) {
    return true;
  }
  const stage = stageOf(df, instr);
  if (!stage || instr.onbuild) return false;
  return stage.instructions.some((i) => i.range.start.line > instr.range.start.line && commandsOf(i).some(isCheckout));
}

/** A module path: its first element has a dot (`github.com/x/y`, `golang.org/x/tools/...`). */
function isRemoteModule(path: string): boolean {
  if (path.startsWith('.') || path.startsWith('/') || path.startsWith('-')) return false;
  const first = path.split('/')[0];
  return first.includes('.') && !first.endsWith('.go');
}

/**
 * True when a go.mod is probably in the working tree: an earlier COPY/ADD of a go.mod, of the
 * whole context or of a directory in this stage or those it is built FROM, a bind mount in the
 * RUN, or `go mod download|init|tidy` in the same RUN.
 */
function goModInScope(df: Dockerfile, instr: Instruction, commands: readonly Command[]): boolean {
  if ((instr.run?.mounts ?? []).some((m) => m.type === 'bind')) return true;
  if (commands.some((c) => c.program === 'go' && c.args[0] === 'mod')) return true;
  if (commands.some((c) => c.program === 'git' && c.args.includes('clone'))) return true;
  const stage = stageOf(df, instr);
  if (!stage) return false;
  const line = (instr.onbuild ?? instr).range.start.line;
  for (const s of stageLineage(df, stage.index)) {
    for (const i of s.instructions) {
      if (s.index === stage.index && i.range.start.line >= line) break;
      const sources = i.copy?.sources ?? [];
      if (sources.some((w) => isModuleSource(w.value))) return true;
      if (commandsOf(i).some((c) => c.program === 'git' && c.args.includes('clone'))) return true;
    }
  }
  return false;
}

function isModuleSource(source: string): boolean {
  const base = source.replace(/\/+$/, '').split('/').pop() ?? '';
  return base === 'go.mod' || base === '.' || base === '' || source.endsWith('/') || base.includes('*') || !base.includes('.');
}
