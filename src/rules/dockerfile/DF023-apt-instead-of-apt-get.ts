import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF023',
    name: 'apt-instead-of-apt-get',
    aliases: ['DL3027'],
    family: 'DF',
    shortDescription: 'Use apt-get or apt-cache instead of apt',
    fullDescription:
      '`apt` is the command for people at a terminal: its output, prompts and options may change between releases and it warns that it "does not have a stable CLI interface". Scripts, and so Dockerfiles, should use `apt-get` and `apt-cache`, whose behaviour is stable.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      apt: '`apt` has no stable command-line interface and is meant for interactive use; use `{{replacement}}` in a Dockerfile',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      if (command.program !== 'apt') continue;
      const sub = command.words.find((w) => !w.value.startsWith('-'))?.value;
      // `apt search/show/list/policy` have their stable twins in apt-cache, the rest in apt-get.
      const cache = sub && ['search', 'show', 'showpkg', 'policy', 'depends', 'rdepends'].includes(sub);
      const replacement = cache ? `apt-cache ${sub}` : sub ? `apt-get ${sub}` : 'apt-get';
      ctx.report({ messageId: 'apt', data: { replacement }, range: command.nameRange });
    }
  },
});
