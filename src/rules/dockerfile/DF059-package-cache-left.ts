import type { Command, Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, flagValue, hasCacheMount, hasFlag, subcommand } from './support.js';
import { stageChain } from './security-support.js';

interface Manager {
  name: string;
  /** The cache the command leaves, for the message. */
  cache: string;
  /** Does this command fill the cache? */
  fills(c: Command): boolean;
  /** Does this command (or its flags) avoid or remove the cache? */
  cleans(c: Command, fill: Command): boolean;
  /** Cache directories a `--mount=type=cache` or an `rm -rf` may cover. */
  dirs: string[];
  /** Environment variables that, set to one of the values, disable the cache. */
  env?: Record<string, RegExp>;
  /** Is the base image known to configure this away? */
  baseConfigures?: (repository: string) => boolean;
  fix: string;
}

const NPM_FILL = new Set(['install', 'i', 'ci', 'add', 'isntall', 'update', 'up']);
const COMPOSER_FILL = new Set(['install', 'update', 'require', 'create-project', 'global']);

const MANAGERS: Manager[] = [
  {
    name: 'npm',
    cache: '~/.npm (the npm cache)',
    fills: (c) => c.program === 'npm' && NPM_FILL.has(subcommand(c, ['--prefix', '-w', '--workspace', '--cache', '--registry']) ?? ''),
    cleans: (c) => c.program === 'npm' && subcommand(c) === 'cache' && c.args.includes('clean'),
    dirs: ['/root/.npm', '~/.npm', '$HOME/.npm', '${HOME}/.npm', '/home/node/.npm', '/usr/local/share/.cache'],
    env: { npm_config_cache: /^\/(tmp|dev\/null)/, NPM_CONFIG_CACHE: /^\/(tmp|dev\/null)/ },
    fix: 'add `&& npm cache clean --force` to the same RUN, or use `RUN --mount=type=cache,target=/root/.npm`',
  },
  {
    name: 'gem',
    cache: 'the ri/rdoc documentation',
    fills: (c) => c.program === 'gem' && subcommand(c) === 'install' && !hasFlag(c, '--no-document', '--no-doc', '-N', '--no-ri', '--no-rdoc'),
    cleans: () => false,
    dirs: [],
    // The official ruby image writes `install: --no-document` into /usr/local/etc/gemrc.
    baseConfigures: (repo) => /(^|\/)ruby$/.test(repo) || /(^|\/)jruby$/.test(repo),
    fix: 'add `--no-document` (or write `gem: --no-document` to ~/.gemrc first)',
  },
  {
    name: 'composer',
    cache: 'the Composer cache (~/.composer/cache)',
    fills: (c) => c.program === 'composer' && COMPOSER_FILL.has(subcommand(c, ['-d', '--working-dir']) ?? '') && !hasFlag(c, '--no-cache'),
    cleans: (c) => c.program === 'composer' && ['clear-cache', 'clearcache', 'cc'].includes(subcommand(c) ?? ''),
    dirs: ['/root/.composer/cache', '/root/.composer', '~/.composer', '/tmp/composer/cache', '/root/.cache/composer', '$COMPOSER_HOME/cache', '$COMPOSER_CACHE_DIR'],
    env: { COMPOSER_CACHE_DIR: /^\/dev\/null$/ },
    fix: 'add `--no-cache` (Composer 2) or `&& composer clear-cache`, or use a cache mount',
  },
  {
    name: 'cargo',
    cache: 'the Cargo registry and git caches (~/.cargo/registry)',
    fills: (c) => c.program === 'cargo' && ['install', 'build', 'fetch'].includes(subcommand(c, ['--target', '-j', '--jobs', '--root', '--version', '--features', '-F', '-p', '--package', '--profile', '--manifest-path']) ?? ''),
    cleans: () => false,
    dirs: ['/usr/local/cargo/registry', '/root/.cargo/registry', '~/.cargo/registry', '$CARGO_HOME/registry', '/usr/local/cargo', '/root/.cargo', '~/.cargo', '$CARGO_HOME'],
    fix: 'remove `$CARGO_HOME/registry` in the same RUN, use a cache mount of it, or build in a stage that does not ship',
  },
  {
    name: 'go',
    cache: 'the Go build and module caches (/root/.cache/go-build, /go/pkg/mod)',
    fills: (c) => c.program === 'go' && ['build', 'install', 'test', 'get', 'mod'].includes(subcommand(c, ['-o', '-C', '-tags', '-ldflags', '-gcflags', '-p']) ?? '') && !(subcommand(c) === 'mod' && !c.args.includes('download')),
    cleans: (c) => c.program === 'go' && subcommand(c) === 'clean' && c.args.some((a) => a === '-cache' || a === '-modcache'),
    dirs: ['/root/.cache/go-build', '/root/.cache', '~/.cache/go-build', '$GOCACHE', '/go/pkg/mod', '/go/pkg', '$GOPATH/pkg/mod', '/root/go/pkg/mod'],
    env: { GOCACHE: /^(off|\/tmp|\/dev\/null)/, GOFLAGS: /-modcacherw|nothing-matches/ },
    fix: 'use `RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod`, or `go clean -cache -modcache` in the same RUN, or build in a stage that does not ship',
  },
];

export default defineDockerfileRule({
  meta: {
    id: 'DF059',
    name: 'package-cache-left',
    aliases: [],
    family: 'DF',
    shortDescription: 'A package manager cache is left in the image (npm, gem, composer, cargo, go)',
    fullDescription:
      'npm, gem, Composer, Cargo and Go keep download and build caches (or documentation) in the layer that ran them, and nothing in a later layer can take those bytes back out. Clean the cache in the same RUN, use a BuildKit cache mount, or build in a stage that does not ship. apt, apk, pip, yarn and yum/dnf/zypper have their own rules (DF008, DF015, DF025, DF031, DF071).',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'medium',
    messages: {
      cacheLeft: '`{{command}}` leaves {{cache}} in the layer; {{fix}}',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const stage of df.stages) {
      if (!shipping.has(stage.index)) continue;
      const baseRepo = rootRepository(df, stage);
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        const commands = instr.run?.script?.commands ?? [];
        const reported = new Set<string>();
        for (const [i, c] of commands.entries()) {
          for (const m of MANAGERS) {
            if (reported.has(m.name) || !m.fills(c)) continue;
            if (m.baseConfigures && baseRepo && m.baseConfigures(baseRepo)) continue;
            if (handled(m, c, instr, commands.slice(i + 1), stage, df)) continue;
            reported.add(m.name);
            ctx.report({
              messageId: 'cacheLeft',
              data: { command: `${c.program} ${subcommand(c) ?? ''}`.trim(), cache: m.cache, fix: m.fix },
              range: { start: c.nameRange.start, end: c.range.end },
              fingerprintKey: m.name,
            });
          }
        }
      }
    }
  },
});

/** The repository of the external image at the root of the stage chain (`library/ruby`). */
function rootRepository(df: Dockerfile, stage: Stage): string | undefined {
  const root = stageChain(df, stage)[0];
  return root?.base.kind === 'image' ? root.base.ref?.repository : undefined;
}

function handled(m: Manager, fill: Command, instr: Instruction, after: readonly Command[], stage: Stage, df: Dockerfile): boolean {
  if (m.dirs.length > 0 && hasCacheMount(instr, ...m.dirs.filter((d) => d.startsWith('/')))) return true;
  // npm's own `--cache <dir>` pointing at a cache mount or a removed directory.
  const cacheFlag = m.name === 'npm' ? flagValue(fill, '--cache') : undefined;
  if (cacheFlag && (hasCacheMount(instr, cacheFlag) || after.some((c) => removes(c, [cacheFlag])))) return true;
  for (const c of after) {
    if (m.cleans(c, fill)) return true;
    if (removes(c, m.dirs)) return true;
  }
  if (m.name === 'gem' && gemrcWritten(df, stage, instr)) return true;
  // Assignments on the command itself (`GOCACHE=off go build`) or ENV/ARG values in scope.
  for (const [name, re] of Object.entries(m.env ?? {})) {
    const inline = fill.assignments.find((a) => a.name === name)?.value;
    const scoped = instr.vars.get(name);
    if ((inline !== undefined && re.test(inline)) || (scoped !== undefined && re.test(scoped))) return true;
  }
  return false;
}

/** `rm -rf <dir>` of one of the cache directories (or a parent of one). */
function removes(c: Command, dirs: readonly string[]): boolean {
  if (c.program !== 'rm') return false;
  const targets = c.words.filter((w) => !w.value.startsWith('-')).map((w) => w.value.replace(/\/\*?$/, '').replace(/^"|"$/g, ''));
  return targets.some((t) => dirs.some((d) => d === t || d.startsWith(`${t}/`)));
}

/** An earlier RUN of the stage chain writes a gemrc (`echo 'gem: --no-document' > ~/.gemrc`). */
function gemrcWritten(df: Dockerfile, stage: Stage, before: Instruction): boolean {
  for (const s of stageChain(df, stage)) {
    for (const instr of s.instructions) {
      if (instr === before) return false;
      for (const c of instr.run?.script?.commands ?? []) {
        if (c.redirects.some((r) => /gemrc$/.test(r.target ?? '')) && c.args.some((a) => /--no-(document|rdoc|ri)/.test(a))) return true;
      }
    }
  }
  return false;
}
