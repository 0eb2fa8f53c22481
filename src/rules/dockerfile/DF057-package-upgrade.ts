import type { Command } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { positionals, runCommands } from './support.js';

/** Flags of each manager whose next word is a value, so it is not taken for a package. */
const VALUE_FLAGS: Record<string, string[]> = {
  apt: ['-o', '-c', '-t', '--target-release', '--option', '--config-file'],
  'apt-get': ['-o', '-c', '-t', '--target-release', '--option', '--config-file'],
  apk: ['-X', '--repository', '-p', '--root', '--repositories-file', '--cache-dir', '--arch'],
  yum: ['-c', '--config', '--enablerepo', '--disablerepo', '--exclude', '-x', '--releasever', '--installroot', '--setopt'],
  dnf: ['-c', '--config', '--enablerepo', '--disablerepo', '--exclude', '-x', '--releasever', '--installroot', '--setopt', '--repo'],
  microdnf: ['--enablerepo', '--disablerepo', '--releasever', '--installroot', '--setopt'],
  tdnf: ['--enablerepo', '--disablerepo', '--releasever', '--installroot'],
  zypper: ['-r', '--repo', '--from', '--root', '-R'],
};

export default defineDockerfileRule({
  meta: {
    id: 'DF057',
    name: 'package-upgrade',
    aliases: ['DL3035'],
    family: 'DF',
    shortDescription: 'Upgrade of all packages in a RUN',
    fullDescription:
      '`apt-get upgrade`, `apk upgrade`, `yum update`, `dnf upgrade`, `zypper update`/`dist-upgrade` and `pacman -Syu` upgrade whatever is newest on the day of the build, so two builds of one Dockerfile differ, and the layer duplicates every upgraded file of the base image. Rebuild on an updated base image instead (or pin the few packages that need a fix).',
    defaultLevel: 'note',
    tags: ['reproducibility', 'size'],
    precision: 'high',
    messages: {
      upgrade: '`{{command}}` upgrades every package to whatever is newest at build time: builds are not reproducible and the layer copies the upgraded files of the base image; use an updated base image instead, or install the specific fixed packages',
    },
  },
  check(df, ctx) {
    for (const { command: c } of runCommands(df)) {
      const verb = upgradeVerb(c);
      if (!verb) continue;
      ctx.report({ messageId: 'upgrade', data: { command: `${c.program} ${verb}` }, range: { start: c.nameRange.start, end: c.range.end } , fingerprintKey: `${c.program} ${verb}` });
    }
  },
});

/** The upgrade sub-command when the command upgrades the whole system, else undefined. */
function upgradeVerb(c: Command): string | undefined {
  const program = c.program;
  if (program === 'pacman') {
    // -Syu, -Su, --sync --sysupgrade
    const all = c.words.map((w) => w.value);
    if (all.some((a) => /^-S[a-z]*u/.test(a) || (a === '--sysupgrade' && all.includes('--sync')))) return all.find((a) => /^-S/.test(a)) ?? '--sysupgrade';
    return undefined;
  }
  const flags = VALUE_FLAGS[program];
  if (!flags) return undefined;
  const pos = positionals(c, flags).map((w) => w.value);
  const [verb, ...packages] = pos;
  if (!verb) return undefined;
  switch (program) {
    case 'apt':
    case 'apt-get':
      return ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(verb) && packages.length === 0 ? verb : undefined;
    case 'apk':
      return verb === 'upgrade' && packages.length === 0 ? verb : undefined;
    case 'yum':
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
      return ['update', 'upgrade', 'distro-sync', 'upgrade-minimal', 'update-minimal'].includes(verb) && packages.length === 0 ? verb : undefined;
    case 'zypper':
      if (['dist-upgrade', 'dup'].includes(verb)) return verb;
      return ['update', 'up', 'patch'].includes(verb) && packages.length === 0 ? verb : undefined;
    default:
      return undefined;
  }
}
