import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF001',
    name: 'workdir-relative',
    aliases: ['DL3000'],
    family: 'DF',
    shortDescription: 'WORKDIR should be an absolute path',
    fullDescription:
      'A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base image and change under you. An absolute path says where files land.',
    defaultLevel: 'error',
    tags: ['correctness', 'maintainability'],
    precision: 'very-high',
    messages: {
      relative: 'WORKDIR "{{path}}" is relative; use an absolute path such as "/{{path}}"',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'WORKDIR') continue;
      const word = instr.args[0];
      if (!word) continue;
      // `$HOME/app` or `${APP_DIR}` can only be judged at build time.
      let path = word.value.replace(/^["']|["']$/g, '');
      if (path.startsWith('$')) continue;
      // Windows images use drive letters and backslashes.
      if (/^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) continue;
      if (path.startsWith('/')) continue;
      path = path.replace(/^\.\//, '');
      ctx.report({ messageId: 'relative', data: { path }, range: word.range });
    }
  },
});
