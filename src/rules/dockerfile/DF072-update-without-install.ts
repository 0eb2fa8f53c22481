import type { Command, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, hasCacheMount, instructionsWithTriggers } from './support.js';
import { apkSubcommand, aptSubcommand } from './packages.js';
import { rpmCommand } from './packages-rpm.js';

/** Commands that install nothing, so an index update followed only by these is alone. */
const INERT = new Set([
  'set', 'echo', 'printf', 'true', ':', 'rm', 'sleep', 'cat', 'ls', 'test', '[', 'exit', 'mkdir', 'apt-cache', 'apt-key', 'export', 'unset',
]);

export default defineDockerfileRule({
  meta: {
    id: 'DF072',
    name: 'update-without-install',
    aliases: ['DS-0017', 'CIS-DI-0007'],
    family: 'DF',
    shortDescription: 'Package index update with no install in the same RUN',
    fullDescription:
      '`apt-get update`, `apk update`, `yum/dnf makecache` or `zypper refresh` in a RUN that installs nothing after it only stores a package index in a layer. The build cache keeps that layer, so a later RUN that installs packages uses an index that can be weeks old: packages are missing, or old versions are installed. Update and install in the same RUN.',
    defaultLevel: 'warning',
    tags: ['correctness', 'security'],
    securitySeverity: 4.0,
    precision: 'high',
    messages: {
      alone: '`{{update}}` with no install after it in this RUN: the index is cached in its own layer and later installs use it stale; update and install in the same RUN',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const commands = commandsOf(instr);
      const update = commands.map((c) => indexUpdate(c, instr)).find((u) => u !== undefined);
      if (!update) continue;
      // Anything else after the update (an install, a script, a loop over packages) may install.
      if (commands.some((c) => after(c, update.command) && !c.wrappedBy && !isInert(c))) continue;
      ctx.report({ messageId: 'alone', data: { update: update.label }, range: { start: update.command.nameRange.start, end: update.end } });
    }
  },
});

interface Update {
  command: Command;
  label: string;
  end: Command['range']['end'];
}

/** An index refresh, unless a cache mount keeps the index out of the layer (a deliberate BuildKit setup). */
function indexUpdate(c: Command, instr: Instruction): Update | undefined {
  const update = indexUpdateOf(c);
  if (!update) return undefined;
  if (c.program === 'apk' ? hasCacheMount(instr, '/var/cache/apk', '/etc/apk/cache') : hasCacheMount(instr, '/var/lib/apt/lists', '/var/cache/dnf', '/var/cache/yum', '/var/cache/zypp')) {
    return undefined;
  }
  return update;
}

function indexUpdateOf(c: Command): Update | undefined {
  const word = (value: string) => c.words.find((w) => w.value === value);
  if (aptSubcommand(c) === 'update' || apkSubcommand(c) === 'update') {
    const sub = word('update')!;
    return { command: c, label: `${c.program} update`, end: sub.range.end };
  }
  const rpm = rpmCommand(c);
  if (rpm?.subWord && (rpm.sub === 'makecache' || rpm.sub === 'refresh' || rpm.sub === 'ref')) {
    return { command: c, label: `${c.program} ${rpm.sub}`, end: rpm.subWord.range.end };
  }
  return undefined;
}

function isInert(c: Command): boolean {
  if (INERT.has(c.program)) return true;
  if (indexUpdateOf(c)) return true;
  const apt = aptSubcommand(c);
  if (apt === 'clean' || apt === 'autoclean') return true;
  const rpm = rpmCommand(c);
  return rpm?.sub === 'clean' || rpm?.sub === 'cc' || rpm?.sub === 'repolist';
}

function after(c: Command, ref: Command): boolean {
  return c.range.start.line > ref.range.start.line || (c.range.start.line === ref.range.start.line && c.range.start.column > ref.range.start.column);
}
