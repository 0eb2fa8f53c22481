import { defineDockerfileRule } from './types.js';

/** `scratch` is the empty image and `context` names the build context in `--from`/`--mount`. */
const RESERVED = new Set(['scratch', 'context']);

export default defineDockerfileRule({
  meta: {
    id: 'DF074',
    name: 'stage-name-reserved',
    aliases: ['DL3063'],
    family: 'DF',
    shortDescription: 'Stage named with a reserved word (scratch, context)',
    fullDescription:
      '`scratch` is the empty base image and `context` names the build context for `COPY --from` and `RUN --mount=from=`. A stage called either is ambiguous and can conflict with what BuildKit does with these names; BuildKit\'s own build checks report it too (ReservedStageName).',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      reserved: 'Stage name "{{name}}" is reserved; pick another name',
    },
  },
  check(df, ctx) {
    for (const stage of df.stages) {
      if (stage.name === undefined || !stage.nameRange || !RESERVED.has(stage.name)) continue;
      ctx.report({ messageId: 'reserved', data: { name: stage.name }, range: stage.nameRange });
    }
  },
});
