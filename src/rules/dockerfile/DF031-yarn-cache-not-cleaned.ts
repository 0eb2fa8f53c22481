import type { Command, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, envValue, instructionsWithTriggers, shipsInFinalImage } from './support.js';
import { NODE_FLAGS_WITH_VALUE, operands, wordsFlagValue } from './packages.js';

const YARN = new Set(['yarn', 'yarnpkg']);
const INFO_FLAGS = new Set(['--version', '-v', '-V', '--help', '-h']);
/** Where yarn keeps its cache: v1 as root and as another user, and Berry's global cache. */
const YARN_CACHES = ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn/berry/cache'];

export default defineDockerfileRule({
  meta: {
    id: 'DF031',
    name: 'yarn-cache-not-cleaned',
    aliases: ['DL3060'],
    family: 'DF',
    shortDescription: 'yarn install without yarn cache clean keeps the yarn cache in the image',
    fullDescription:
      'yarn keeps a copy of every package it downloads in its cache (/usr/local/share/.cache/yarn for root), which then ships in the layer next to node_modules. Run `yarn cache clean` in the same RUN, or use a BuildKit cache mount on the yarn cache. Stages that do not end up in the final image are left alone (hadolint #619).',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      notCleaned: '`yarn {{subcommand}}` leaves its package cache in the image; add `&& yarn cache clean` to this RUN, or use RUN --mount=type=cache,target={{cache}}',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN' || !shipsInFinalImage(df, instr)) continue;
      const commands = commandsOf(instr);
      for (const command of commands) {
        const sub = installSubcommand(command);
        if (sub === undefined) continue;
        const cacheFolder = wordsFlagValue(command.words, '--cache-folder') ?? envValue(instr, command, 'YARN_CACHE_FOLDER');
        if (cacheMounted(instr, cacheFolder)) continue;
        if (commands.some((c) => after(c, command) && cleansCache(c, cacheFolder))) continue;
        ctx.report({
          messageId: 'notCleaned',
          data: { subcommand: sub.label, cache: cacheFolder ?? YARN_CACHES[0] },
          range: { start: command.nameRange.start, end: sub.end },
        });
        break;
      }
    }
  },
});

/** `yarn`, `yarn install`, `yarn add`, `yarn global add`, `yarn workspaces focus`: the commands that fill the cache. */
function installSubcommand(command: Command): { label: string; end: Command['range']['end'] } | undefined {
  if (!YARN.has(command.program)) return undefined;
  const ops = operands(command.words, { flagsWithValue: NODE_FLAGS_WITH_VALUE });
  const first = ops[0];
  if (!first) {
    // `yarn --version`, `yarn -v`, `yarn --help` print and exit.
    if (command.args.some((a) => INFO_FLAGS.has(a))) return undefined;
    return { label: 'install', end: command.nameRange.end };
  }
  if (first.value === 'install' || first.value === 'add') return { label: first.value, end: first.range.end };
  if (first.value === 'global' && ops[1]?.value === 'add') return { label: 'global add', end: ops[1].range.end };
  if (first.value === 'workspaces' && ops[1]?.value === 'focus') return { label: 'workspaces focus', end: ops[1].range.end };
  return undefined;
}

function after(c: Command, ref: Command): boolean {
  return c.range.start.line > ref.range.start.line || (c.range.start.line === ref.range.start.line && c.range.start.column > ref.range.start.column);
}

function norm(path: string): string {
  return path.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root').replace(/\/\*$/, '').replace(/\/+$/, '');
}

/** A cache mount on the yarn cache: the configured folder, a known default, or any target that names yarn. */
function cacheMounted(instr: Instruction, cacheFolder: string | undefined): boolean {
  return (instr.run?.mounts ?? []).some((m) => {
    if (m.type !== 'cache') return false;
    const target = norm(m.options.target ?? m.options.dst ?? m.options.destination ?? '');
    if (!target) return false;
    const covers = (p: string) => norm(p) === target || norm(p).startsWith(`${target}/`);
    return (cacheFolder !== undefined && covers(cacheFolder)) || YARN_CACHES.some(covers) || /yarn/i.test(target);
  });
}

/** `yarn cache clean` or an `rm` of the yarn cache. */
function cleansCache(c: Command, cacheFolder: string | undefined): boolean {
  if (YARN.has(c.program)) {
    const ops = operands(c.words, { flagsWithValue: NODE_FLAGS_WITH_VALUE }).map((w) => w.value);
    return ops[0] === 'cache' && ops[1] === 'clean';
  }
  if (c.program !== 'rm') return false;
  const wanted = [...YARN_CACHES, ...(cacheFolder ? [cacheFolder] : [])].map(norm);
  return operands(c.words).some((w) => {
    const target = norm(w.value);
    if (target === '') return false;
    return wanted.some((p) => p === target || p.startsWith(`${target}/`)) || /(^|\/)\.cache\/yarn$|(^|\/)\.yarn\/berry\/cache$/.test(target);
  });
}
