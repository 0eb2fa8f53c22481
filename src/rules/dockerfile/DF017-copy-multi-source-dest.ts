import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF017',
    name: 'copy-multi-source-dest',
    aliases: ['DL3021'],
    family: 'DF',
    shortDescription: 'COPY and ADD with several sources need a destination ending in /',
    fullDescription:
      'When COPY or ADD names more than one source, the destination must be a directory written with a trailing slash. Without it the classic builder fails ("When using COPY with more than one source file, the destination must be a directory and end with a /"), and other builders may copy the files one after the other onto the same path. `.` is taken as the working directory, as BuildKit does. Heredoc sources count; a destination from a variable with no known value is left alone.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      noSlash: '{{keyword}} has {{count}} sources, so its destination "{{dest}}" must be a directory ending in "/": write "{{dest}}/"',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || !instr.copy?.dest) continue;
      const { sources, dest } = instr.copy;
      if (sources.length < 2) continue;
      const resolved = resolveVariables(dest.value, instr.vars, df.escapeChar);
      if (resolved.unresolved) continue;
      const value = resolved.text;
      if (value.endsWith('/') || value.endsWith('\\') || value === '.' || value === '') continue;
      ctx.report({ messageId: 'noSlash', data: { keyword: instr.keyword, count: sources.length, dest: value }, range: dest.range });
    }
  },
});
