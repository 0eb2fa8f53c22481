import { defineDockerfileRule } from './types.js';

/** Triggers Docker refuses: it stops the build of the image that holds them. */
const FORBIDDEN_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export default defineDockerfileRule({
  meta: {
    id: 'DF026',
    name: 'onbuild-chain',
    aliases: ['DL3043'],
    family: 'DF',
    shortDescription: 'ONBUILD must not trigger ONBUILD, FROM or MAINTAINER',
    fullDescription:
      'Docker rejects `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` when it builds the image, so the Dockerfile cannot be built at all.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      forbidden: '{{keyword}} is not allowed as an ONBUILD trigger; Docker refuses to build this Dockerfile',
    },
  },
  check(df, ctx) {
    for (const instr of df.instructions) {
      const trigger = instr.trigger;
      if (instr.keyword !== 'ONBUILD' || !trigger || !FORBIDDEN_TRIGGERS.has(trigger.keyword)) continue;
      ctx.report({ messageId: 'forbidden', data: { keyword: trigger.keyword }, range: trigger.keywordRange });
    }
  },
});
