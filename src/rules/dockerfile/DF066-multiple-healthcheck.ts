import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF066',
    name: 'multiple-healthcheck',
    aliases: ['DL3012'],
    family: 'DF',
    shortDescription: 'More than one HEALTHCHECK in a stage',
    fullDescription:
      'Each HEALTHCHECK replaces the one before it, so only the last HEALTHCHECK of a stage is used: the earlier ones are dead code, and the check that runs may not be the one the reader expects.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      multiple: 'This stage already has a HEALTHCHECK; only the last HEALTHCHECK of a stage takes effect, so remove the earlier one',
    },
  },
  check(df, ctx) {
    // Per stage: a child stage (`FROM base`) overriding its parent's HEALTHCHECK is the point of having one.
    // ONBUILD HEALTHCHECK triggers belong to the images built from this one.
    for (const stage of df.stages) {
      const found = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
      for (const instr of found.slice(1)) ctx.report({ messageId: 'multiple', range: instr.keywordRange });
    }
  },
});
