import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF039',
    name: 'multiple-entrypoint',
    aliases: ['DL4004'],
    family: 'DF',
    shortDescription: 'More than one ENTRYPOINT in a stage',
    fullDescription:
      'Each ENTRYPOINT replaces the one before it (and resets CMD inherited from the base image), so only the last ENTRYPOINT of a stage is used: the earlier ones are dead code that misleads readers about how the container starts.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      multiple: 'This stage already has an ENTRYPOINT; only the last ENTRYPOINT of a stage takes effect, so remove the earlier one',
    },
  },
  check(df, ctx) {
    // Per stage: a child stage (`FROM base`) overriding its parent's ENTRYPOINT is the point of having one.
    // ONBUILD ENTRYPOINT triggers belong to the images built from this one.
    for (const stage of df.stages) {
      const found = stage.instructions.filter((i) => i.keyword === 'ENTRYPOINT');
      for (const instr of found.slice(1)) ctx.report({ messageId: 'multiple', range: instr.keywordRange });
    }
  },
});
