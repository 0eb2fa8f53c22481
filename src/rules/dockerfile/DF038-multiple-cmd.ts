import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF038',
    name: 'multiple-cmd',
    aliases: ['DL4003'],
    family: 'DF',
    shortDescription: 'More than one CMD in a stage',
    fullDescription:
      'Each CMD replaces the one before it, so only the last CMD of a stage is used: the earlier ones are dead code that misleads readers about how the container starts.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      multiple: 'This stage already has a CMD; only the last CMD of a stage takes effect, so remove the earlier one',
    },
  },
  check(df, ctx) {
    // Per stage: a child stage (`FROM base`) overriding its parent's CMD is the point of having one.
    // ONBUILD CMD triggers belong to the images built from this one.
    for (const stage of df.stages) {
      const found = stage.instructions.filter((i) => i.keyword === 'CMD');
      for (const instr of found.slice(1)) ctx.report({ messageId: 'multiple', range: instr.keywordRange });
    }
  },
});
