import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';
import { unquote } from './security-support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF058',
    name: 'copy-context-no-dockerignore',
    aliases: [],
    family: 'DF',
    shortDescription: 'COPY of the whole build context with no .dockerignore',
    fullDescription:
      '`COPY . .` copies everything in the build context into the image: `.git`, `node_modules`, local `.env` files, credentials, build output. Without a `.dockerignore` beside the Dockerfile nothing is left out, so the image grows and secrets from the working tree can ship. Add a `.dockerignore` (or copy only what the image needs).',
    defaultLevel: 'warning',
    tags: ['size', 'secrets'],
    precision: 'high',
    messages: {
      noDockerignore: '`{{keyword}} {{source}}` copies the whole build context, and there is no .dockerignore beside the Dockerfile: `.git`, local `.env` files and build output go into the image; add a .dockerignore or copy only what is needed',
    },
  },
  check(df, ctx) {
    // undefined: unknown (standard input), so say nothing.
    if (ctx.buildContext.dockerignore !== false) return;
    for (const instr of instructionsWithTriggers(df)) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || !instr.copy || instr.copy.from !== undefined) continue;
      if (instr.heredocs.length > 0) continue;
      const whole = instr.copy.sources.find((s) => /^(\.|\.\/|\*|\.\/\*)$/.test(unquote(s.value)));
      if (!whole) continue;
      ctx.report({ messageId: 'noDockerignore', data: { keyword: instr.keyword, source: unquote(whole.value) }, range: whole.range });
    }
  },
});
