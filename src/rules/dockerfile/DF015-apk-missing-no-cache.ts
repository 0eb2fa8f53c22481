import type { Command } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, finalImageStages, hasCacheMount, instructionsWithTriggers, stageOf } from './support.js';
import { apkSubcommand, APK_FLAGS_WITH_VALUE, operands, removesPath, wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF015',
    name: 'apk-missing-no-cache',
    aliases: ['DL3019'],
    family: 'DF',
    shortDescription: 'Use apk add --no-cache',
    fullDescription:
      'Without `--no-cache`, `apk add` keeps the repository indexes it fetched in /var/cache/apk, megabytes the image never uses. `apk add --no-cache` fetches them to a temporary place and leaves nothing behind, and needs no `apk update` first. Left alone when the same RUN deletes /var/cache/apk or runs `apk cache clean`, when /var/cache/apk is a cache mount, and in stages that are not part of the final image.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      noCache: '`apk add` without `--no-cache` leaves the package indexes in /var/cache/apk; use `apk add --no-cache` (and drop `apk update`)',
    },
  },
  check(df, ctx) {
    const shipped = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const stage = stageOf(df, instr);
      if (!instr.onbuild && (!stage || !shipped.has(stage.index))) continue;
      if (hasCacheMount(instr, '/var/cache/apk') || hasCacheMount(instr, '/etc/apk/cache')) continue;
      const commands = commandsOf(instr);
      for (const add of commands) {
        if (apkSubcommand(add) !== 'add' || wordsHaveFlag(add.words, '--no-cache')) continue;
        if (commands.some((c) => after(c, add) && cleansCache(c))) continue;
        const sub = operands(add.words, { flagsWithValue: APK_FLAGS_WITH_VALUE })[0];
        ctx.report({ messageId: 'noCache', range: { start: add.nameRange.start, end: sub.range.end } });
      }
    }
  },
});

function cleansCache(c: Command): boolean {
  if (removesPath(c, '/var/cache/apk/APKINDEX')) return true;
  if (apkSubcommand(c) === 'cache') {
    const action = operands(c.words, { flagsWithValue: APK_FLAGS_WITH_VALUE })[1]?.value;
    return action === 'clean' || action === 'purge';
  }
  return false;
}

function after(c: Command, ref: Command): boolean {
  const a = c.range.start;
  const b = ref.range.end;
  return a.line > b.line || (a.line === b.line && a.column >= b.column);
}
