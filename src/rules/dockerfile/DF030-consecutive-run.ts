import type { Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, finalImageStages } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF030',
    name: 'consecutive-run',
    aliases: ['DL3059'],
    family: 'DF',
    shortDescription: 'Consecutive one-command RUN instructions could be one layer',
    fullDescription:
      'Each RUN makes a layer. Two RUN instructions in a row that each run a single command, with the same BuildKit options, are usually one step split by habit: joined with `&&` they make one layer, and files the second deletes never reach the image. RUNs that already chain several commands are taken as deliberate layering for the build cache, and heredoc RUNs, exec-form RUNs and RUNs with different `--mount`, `--network` or `--security` options cannot simply be joined, so they are left alone, as are build stages, whose layers do not ship.',
    defaultLevel: 'note',
    tags: ['size', 'maintainability'],
    precision: 'medium',
    options: {
      maxCommands: {
        type: 'number',
        default: 1,
        min: 1,
        description: 'A RUN with more commands than this is taken as a deliberate layer and never reported or paired with.',
      },
    },
    messages: {
      consecutive: 'This RUN follows another short RUN with the same options; join them with && so they make one layer',
    },
  },
  check(df, ctx) {
    // Layers only matter where they ship: build stages are thrown away but for what is copied out.
    const shipping = finalImageStages(df);
    for (const stage of df.stages) {
      if (!shipping.has(stage.index)) continue;
      let previous: Instruction | undefined;
      // Comments are not instructions, so a RUN, a comment and a RUN are consecutive (hadolint #712).
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') {
          previous = undefined;
          continue;
        }
        if (previous && joinable(previous, ctx.options.maxCommands) && joinable(instr, ctx.options.maxCommands) && sameOptions(previous, instr)) {
          ctx.report({ messageId: 'consecutive', range: instr.keywordRange });
        }
        previous = instr;
      }
    }
  },
});

/** A shell-form RUN without heredocs (hadolint #805) that parses and runs at most `max` commands. */
function joinable(instr: Instruction, max: number): boolean {
  const run = instr.run;
  if (!run || run.form !== 'shell' || instr.heredocs.length > 0 || !run.script || run.script.error) return false;
  const count = commandsOf(instr).filter((c) => !c.wrappedBy).length;
  return count >= 1 && count <= max;
}

/** The same --mount, --network and --security options, in any order. */
function sameOptions(a: Instruction, b: Instruction): boolean {
  const key = (i: Instruction) =>
    i.flags
      .map((f) => `${f.name}=${f.value ?? ''}|${Object.entries(f.options).sort().map(([k, v]) => `${k}=${v}`).join(',')}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}
