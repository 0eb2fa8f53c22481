import type { Command, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, finalImageStages, hasCacheMount, instructionsWithTriggers, stageOf } from './support.js';
import { aptSubcommand, APT_FLAGS_WITH_VALUE, operands, removesPath } from './packages.js';

const LISTS = '/var/lib/apt/lists';

export default defineDockerfileRule({
  meta: {
    id: 'DF008',
    name: 'apt-lists-not-removed',
    aliases: ['DL3009'],
    family: 'DF',
    shortDescription: 'Remove the apt lists in the RUN that runs apt-get update',
    fullDescription:
      '`apt-get update` downloads the package indexes into /var/lib/apt/lists, tens of megabytes that the image never needs at run time. They must be deleted in the same RUN (`rm -rf /var/lib/apt/lists/*` or `apt-get dist-clean`): a later RUN hides them but the layer still ships them. Cache and tmpfs mounts on the lists and stages that are not part of the final image are left alone.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      lists: '`{{program}} update` leaves its package lists in /var/lib/apt/lists; end this RUN with `rm -rf /var/lib/apt/lists/*` (or `apt-get dist-clean`), or mount them with `--mount=type=cache,target=/var/lib/apt/lists`',
    },
  },
  check(df, ctx) {
    const shipped = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const stage = stageOf(df, instr);
      // Build stages do not ship; ONBUILD triggers run in whatever image builds FROM this one.
      if (!instr.onbuild && (!stage || !shipped.has(stage.index))) continue;
      if (listsNotKept(instr)) continue;
      const commands = commandsOf(instr);
      const update = commands.find((c) => aptSubcommand(c) === 'update');
      if (!update) continue;
      if (commands.some((c) => after(c, update) && cleansLists(c))) continue;
      const sub = operands(update.words, { flagsWithValue: APT_FLAGS_WITH_VALUE })[0];
      ctx.report({
        messageId: 'lists',
        data: { program: update.program },
        range: { start: update.nameRange.start, end: sub?.range.end ?? update.nameRange.end },
      });
    }
  },
});

/** A cache or tmpfs mount on the lists keeps them out of the layer. */
function listsNotKept(instr: Instruction): boolean {
  if (hasCacheMount(instr, LISTS)) return true;
  return (instr.run?.mounts ?? []).some((m) => {
    if (m.type !== 'tmpfs') return false;
    const target = (m.options.target ?? m.options.dst ?? m.options.destination ?? '').replace(/\/+$/, '');
    return target !== '' && (target === LISTS || LISTS.startsWith(`${target}/`));
  });
}

function cleansLists(c: Command): boolean {
  if (removesPath(c, LISTS)) return true;
  const sub = aptSubcommand(c);
  if (sub === 'dist-clean' || sub === 'distclean') return true;
  // `find /var/lib/apt/lists -type f -delete`
  if (c.program === 'find' && c.args.some((a) => a.replace(/\/+$/, '') === LISTS || a.startsWith(`${LISTS}/`)) && c.args.includes('-delete')) return true;
  return false;
}

function after(c: Command, ref: Command): boolean {
  const a = c.range.start;
  const b = ref.range.end;
  return a.line > b.line || (a.line === b.line && a.column >= b.column);
}
