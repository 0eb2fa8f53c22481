import type { Command, Word } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF075',
    name: 'useradd-without-l',
    aliases: ['DL3046'],
    family: 'DF',
    shortDescription: 'useradd with a high UID and without -l makes a huge /var/log/lastlog',
    fullDescription:
      '`useradd` writes the new user\'s entry into /var/log/lastlog and /var/log/faillog at an offset of UID times the entry size. On disk these are sparse files, but image layers store them in full: a UID of 1000000 makes a lastlog of about 290 MB. `useradd -l` (`--no-log-init`) skips both files.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'very-high',
    options: {
      minUid: {
        type: 'number',
        default: 100000,
        min: 1,
        description: 'Report UIDs at or above this value (hadolint: 6 digits or more). Each 1000 of UID adds about 300 KB.',
      },
    },
    messages: {
      highUid: 'useradd -u {{uid}} without -l (--no-log-init) writes a /var/log/lastlog of about {{size}} into the layer; add -l',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      if (command.program !== 'useradd') continue;
      if (wordsHaveFlag(command.words, '-l', '--no-log-init')) continue;
      const uid = uidWord(command);
      if (!uid) continue;
      const value = Number(uid.value.replace(/^-u/, '').replace(/^--uid=/, ''));
      if (!Number.isInteger(value) || value < ctx.options.minUid) continue;
      // struct lastlog is 292 bytes on 64-bit glibc.
      ctx.report({ messageId: 'highUid', data: { uid: value, size: humanSize(value * 292) }, range: uid.range });
    }
  },
});

/** The word holding the UID: `-u 1000`, `-u1000`, `--uid 1000`, `--uid=1000`. */
function uidWord(command: Command): Word | undefined {
  const words = command.words;
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (a === '--') break;
    if (a === '-u' || a === '--uid') return words[i + 1];
    if (/^-u\d+$/.test(a) || a.startsWith('--uid=')) return words[i];
    // A bundle ending in u (`-ou 1000`) takes the next word.
    if (/^-[A-Za-z]+u$/.test(a) && !a.startsWith('--')) return words[i + 1];
  }
  return undefined;
}

function humanSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} KB`;
}
