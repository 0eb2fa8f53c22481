import type { Command } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, hasCacheMount, instructionsWithTriggers, shipsInFinalImage } from './support.js';
import { removesPath } from './packages.js';
import { cleansRpmCache, installs, RPM_CACHE_DIRS, rpmCommand, type RpmCommand, type RpmManager } from './packages-rpm.js';

const CLEAN: Record<RpmManager, string> = {
  yum: 'yum clean all',
  dnf: 'dnf clean all',
  microdnf: 'microdnf clean all',
  tdnf: 'tdnf clean all',
  zypper: 'zypper clean --all',
};

export default defineDockerfileRule({
  meta: {
    id: 'DF071',
    name: 'rpm-manager-cache-not-cleaned',
    aliases: ['DL3032', 'DL3036', 'DL3040'],
    family: 'DF',
    shortDescription: 'yum, dnf, microdnf, tdnf or zypper install without cleaning its cache',
    fullDescription:
      'yum, dnf, microdnf, tdnf and zypper keep repository metadata (often 100 MB or more) and sometimes downloaded packages under /var/cache. Unless the same RUN cleans it, the cache ships in the layer, and a later RUN that deletes it cannot shrink the image. End the RUN with `yum clean all` (or the manager\'s equivalent), or use a BuildKit cache mount. Stages that do not end up in the final image are left alone.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'high',
    messages: {
      notCleaned: '`{{program}} {{sub}}` leaves its cache ({{cacheDir}}) in the layer; end this RUN with `{{clean}}`, or use RUN --mount=type=cache,target={{cacheDir}}',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN' || !shipsInFinalImage(df, instr)) continue;
      const commands = commandsOf(instr);
      const found = commands.map((c) => rpmCommand(c)).filter((r): r is RpmCommand => r !== undefined && r.subWord !== undefined && installs(r));
      if (found.length === 0) continue;
      const last = found[found.length - 1];
      const dirs = RPM_CACHE_DIRS[last.manager];
      if (hasCacheMount(instr, ...dirs)) continue;
      if (commands.some((c) => after(c, last.command) && (cleansRpmCache(c) || removesPath(c, ...dirs)))) continue;
      const first = found[0];
      ctx.report({
        messageId: 'notCleaned',
        data: { program: first.command.program, sub: first.sub ?? '', cacheDir: RPM_CACHE_DIRS[first.manager][0], clean: CLEAN[first.manager] },
        range: { start: first.command.nameRange.start, end: first.subWord!.range.end },
      });
    }
  },
});

function after(c: Command, ref: Command): boolean {
  return c.range.start.line > ref.range.start.line || (c.range.start.line === ref.range.start.line && c.range.start.column > ref.range.start.column);
}
