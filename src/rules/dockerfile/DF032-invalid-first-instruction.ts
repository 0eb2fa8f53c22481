import { KNOWN_INSTRUCTIONS } from '../../dockerfile/parse.js';
import { defineDockerfileRule } from './types.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF032',
    name: 'invalid-first-instruction',
    aliases: ['DL3061'],
    family: 'DF',
    shortDescription: 'A Dockerfile must start with FROM (only ARG may come before it)',
    fullDescription:
      'Before the first FROM there is no build stage, so Docker refuses any instruction there except ARG (parser directives and comments are not instructions). Move the instruction after FROM.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      beforeFrom: '{{keyword}} comes before the first FROM; only ARG, comments and parser directives may come before FROM',
    },
  },
  check(df, ctx) {
    for (const instr of df.instructions) {
      if (instr.stage >= 0 || instr.keyword === 'FROM') break;
      // Unknown keywords are input errors already; ARG is the one instruction allowed here.
      if (instr.keyword === 'ARG' || !KNOWN_INSTRUCTIONS.has(instr.keyword)) continue;
      ctx.report({ messageId: 'beforeFrom', data: { keyword: instr.keyword }, range: instr.keywordRange });
    }
  },
});
