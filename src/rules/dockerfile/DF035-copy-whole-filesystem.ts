import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';
import { classifyFrom } from './references.js';

const ROOTS = new Set(['/', '/.', '/*']);

export default defineDockerfileRule({
  meta: {
    id: 'DF035',
    name: 'copy-whole-filesystem',
    aliases: ['DL3067'],
    family: 'DF',
    shortDescription: 'COPY --from=stage / / copies a whole filesystem into the image',
    fullDescription:
      'Copying the root of another stage or image over the root of this one brings everything along: package caches, compilers, build secrets left in files, shells and tools an attacker can use. Copy only the directories the image needs.',
    defaultLevel: 'warning',
    tags: ['security', 'size'],
    securitySeverity: 4.0,
    precision: 'high',
    messages: {
      wholeStage: 'COPY --from={{from}} copies the whole filesystem of stage "{{from}}" (build tools, caches, anything a step left behind) into this image; copy only the paths the image needs',
      wholeImage: 'COPY --from={{from}} copies every file of the image "{{from}}" over the root of this one, replacing files such as /etc/passwd; copy only the paths the image needs',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const copy = instr.copy;
      if (instr.keyword !== 'COPY' || !copy || copy.from === undefined || !copy.dest) continue;
      if (copy.sources.length !== 1 || !ROOTS.has(copy.sources[0].value)) continue;
      if (copy.dest.value !== '/' && copy.dest.value !== '/.') continue;
      ctx.report({
        messageId: classifyFrom(df, copy.from).kind === 'stage' ? 'wholeStage' : 'wholeImage',
        data: { from: copy.from },
        range: { start: copy.sources[0].range.start, end: copy.dest.range.end },
      });
    }
  },
});
