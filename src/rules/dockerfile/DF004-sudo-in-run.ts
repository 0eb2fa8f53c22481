import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF004',
    name: 'sudo-in-run',
    aliases: ['DL3004'],
    family: 'DF',
    shortDescription: 'Do not use sudo in RUN',
    fullDescription:
      'RUN already runs as root unless a USER instruction changed that, so `sudo` only adds a setuid binary to the image and a TTY- and PAM-dependent step to the build. Switch user with USER around the steps that need root instead; to drop privileges at run time, use gosu or su-exec in the entrypoint.',
    defaultLevel: 'error',
    tags: ['security'],
    securitySeverity: 5.0,
    precision: 'very-high',
    messages: {
      sudo: 'Do not use sudo in RUN: put `USER root` before this RUN and switch back with `USER <name>` after it; sudo in the image is a privilege-escalation path',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      if (command.program !== 'sudo') continue;
      ctx.report({ messageId: 'sudo', range: command.nameRange });
    }
  },
});
