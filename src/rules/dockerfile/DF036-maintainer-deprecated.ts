import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF036',
    name: 'maintainer-deprecated',
    aliases: ['DL4000'],
    family: 'DF',
    shortDescription: 'MAINTAINER is deprecated; use a LABEL',
    fullDescription:
      'MAINTAINER has been deprecated since Docker 1.13. Tools read the author from the `org.opencontainers.image.authors` label instead.',
    defaultLevel: 'error',
    tags: ['maintainability'],
    precision: 'very-high',
    messages: {
      deprecated: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="{{author}}"',
    },
  },
  check(df, ctx) {
    // `ONBUILD MAINTAINER` is DF026's: Docker refuses it outright.
    for (const instr of df.instructions) {
      if (instr.keyword !== 'MAINTAINER') continue;
      const author = instr.argsText.trim().replace(/^"(.*)"$/s, '$1');
      const label = `LABEL org.opencontainers.image.authors="${author.replace(/(["\\])/g, '\\$1')}"`;
      ctx.report({ messageId: 'deprecated', data: { author }, range: instr.keywordRange, fix: label });
    }
  },
});
