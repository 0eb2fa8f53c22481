import type { Command, Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, envValue, instructionsWithTriggers, shipsInFinalImage, stageLineage, stageOf } from './support.js';
import { operands, pipArgs, PIP_FLAGS_WITH_VALUE, wordsFlagValue, wordsHaveFlag } from './packages.js';

/**
 * Every value Python's strtobool accepts. pip disables its cache for all of them, false ones
 * included ("PIP_NO_CACHE_DIR=0" too, for backward compatibility: pip's cmdoptions.py).
 */
const PIP_BOOLEANS = new Set(['y', 'yes', 't', 'true', 'on', '1', 'n', 'no', 'f', 'false', 'off', '0']);
const TRUTHY = new Set(['y', 'yes', 't', 'true', 'on', '1']);

interface Tool {
  label: string;
  noCacheFlags: string[];
  noCacheEnv: string;
  cacheDirEnv: string;
  defaultCache: string;
  disabledBy: (value: string) => boolean;
}

const PIP: Tool = {
  label: 'pip install',
  noCacheFlags: ['--no-cache-dir'],
  noCacheEnv: 'PIP_NO_CACHE_DIR',
  cacheDirEnv: 'PIP_CACHE_DIR',
  defaultCache: '/root/.cache/pip',
  disabledBy: (v) => PIP_BOOLEANS.has(v.trim().toLowerCase()),
};
const UV: Tool = {
  label: 'uv pip install',
  noCacheFlags: ['--no-cache', '-n'],
  noCacheEnv: 'UV_NO_CACHE',
  cacheDirEnv: 'UV_CACHE_DIR',
  defaultCache: '/root/.cache/uv',
  disabledBy: (v) => TRUTHY.has(v.trim().toLowerCase()),
};

export default defineDockerfileRule({
  meta: {
    id: 'DF025',
    name: 'pip-no-cache-dir',
    aliases: ['DL3042'],
    family: 'DF',
    shortDescription: 'pip install without --no-cache-dir keeps its download cache in the image',
    fullDescription:
      'pip (and `uv pip`) keeps every wheel it downloads or builds in a cache under the home directory (/root/.cache/pip), which then ships in the layer and often doubles the size of what was installed. Pass `--no-cache-dir`, set `PIP_NO_CACHE_DIR=1`, or use a BuildKit cache mount so the cache never reaches the image. Stages that do not end up in the final image are left alone.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'high',
    messages: {
      pipCache: '{{tool}} keeps its download cache ({{cache}}) in the image; add --no-cache-dir (or set PIP_NO_CACHE_DIR=1, or use RUN --mount=type=cache,target={{cache}})',
      uvCache: '{{tool}} keeps its cache ({{cache}}) in the image; add --no-cache (or set UV_NO_CACHE=1, or use RUN --mount=type=cache,target={{cache}})',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN' || !shipsInFinalImage(df, instr)) continue;
      const commands = commandsOf(instr);
      for (const command of commands) {
        const args = pipArgs(command);
        if (!args) continue;
        const tool = command.program === 'uv' ? UV : PIP;
        const ops = operands(args, { flagsWithValue: PIP_FLAGS_WITH_VALUE });
        if (ops[0]?.value !== 'install') continue;
        if (wordsHaveFlag(args, ...tool.noCacheFlags)) continue;
        const env = envValue(instr, command, tool.noCacheEnv);
        if (env !== undefined && tool.disabledBy(env)) continue;
        if (tool === PIP && pipConfigDisablesCache(df, instr)) continue;
        const cache = wordsFlagValue(args, '--cache-dir') ?? envValue(instr, command, tool.cacheDirEnv) ?? tool.defaultCache;
        if (cacheMounted(instr, cache)) continue;
        if (commands.some((c) => after(c, command) && cleansCache(c, tool, cache))) continue;
        ctx.report({
          messageId: tool === PIP ? 'pipCache' : 'uvCache',
          data: { tool: tool.label, cache },
          range: { start: command.nameRange.start, end: ops[0].range.end },
        });
      }
    }
  },
});

function after(c: Command, ref: Command): boolean {
  return c.range.start.line > ref.range.start.line || (c.range.start.line === ref.range.start.line && c.range.start.column > ref.range.start.column);
}

/** `pip config set global.no-cache-dir ...` in this RUN before, or in an earlier RUN of the image. */
function pipConfigDisablesCache(df: Dockerfile, instr: Instruction): boolean {
  const stage = stageOf(df, instr);
  const runs = stage ? stageLineage(df, stage.index).flatMap((s) => s.instructions) : [];
  return [...runs, instr].some((i) =>
    commandsOf(i).some((c) => {
      const args = pipArgs(c);
      if (!args) return false;
      const ops = operands(args).map((w) => w.value);
      return ops[0] === 'config' && ops[1] === 'set' && /^[a-z]+\.no-cache-dir$/.test(ops[2] ?? '');
    }),
  );
}

/**
 * A cache mount on the cache directory, or on `.cache` (or `.cache/pip`) of any home: the
 * user may not be root, and `~` is only known at build time.
 */
function cacheMounted(instr: Instruction, cache: string): boolean {
  const leaf = cache.split('/').pop() ?? '';
  return (instr.run?.mounts ?? []).some((m) => {
    if (m.type !== 'cache') return false;
    const target = (m.options.target ?? m.options.dst ?? m.options.destination ?? '').replace(/\/+$/, '');
    if (!target) return false;
    return cache === target || cache.startsWith(`${target}/`) || target.endsWith('/.cache') || target.endsWith(`/.cache/${leaf}`);
  });
}

/** `pip cache purge`, `uv cache clean`, or an `rm` of the cache directory or a directory above it. */
function cleansCache(c: Command, tool: Tool, cache: string): boolean {
  const args = pipArgs(c);
  if (args) {
    const ops = operands(args).map((w) => w.value);
    if (tool === PIP && ops[0] === 'cache' && (ops[1] === 'purge' || ops[1] === 'remove')) return true;
  }
  if (tool === UV && c.program === 'uv' && c.args[0] === 'cache' && (c.args[1] === 'clean' || c.args[1] === 'prune')) return true;
  if (c.program !== 'rm') return false;
  return operands(c.words).some((w: Word) => {
    const target = homeToRoot(w.value).replace(/\/\*$/, '').replace(/\/+$/, '');
    return target !== '' && (cache === target || cache.startsWith(`${target}/`) || /(^|\/)\.cache(\/(pip|uv))?$/.test(target));
  });
}

function homeToRoot(path: string): string {
  return path.replace(/^(~|\$HOME|\$\{HOME\}|"\$HOME"|"\$\{HOME\}")(?=\/|$)/, '/root');
}
