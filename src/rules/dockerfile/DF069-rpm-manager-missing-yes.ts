import { defineDockerfileRule } from './types.js';
import { runCommands } from './support.js';
import { assumesYes, prompts, rpmCommand } from './packages-rpm.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF069',
    name: 'rpm-manager-missing-yes',
    aliases: ['DL3030', 'DL3034', 'DL3038'],
    family: 'DF',
    shortDescription: 'yum, dnf, microdnf, tdnf or zypper without -y asks for confirmation',
    fullDescription:
      'Without `-y` (`--assumeyes`), yum, dnf, microdnf (3.8 and later) and tdnf ask before installing or removing packages; zypper needs `-n` (`--non-interactive`) before the subcommand or `-y` after it. A build has no one to answer, so the step fails or hangs.',
    defaultLevel: 'warning',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      yum: '`{{program}} {{sub}}` asks for confirmation; add -y ({{program}} {{sub}} -y ...)',
      zypper: '`zypper {{sub}}` asks for confirmation; add -n before the subcommand (zypper -n {{sub}} ...) or -y after it',
    },
  },
  check(df, ctx) {
    for (const { command } of runCommands(df)) {
      const rpm = rpmCommand(command);
      if (!rpm || !rpm.subWord || !prompts(rpm) || assumesYes(rpm)) continue;
      // `yes | yum install x`: stdin answers.
      if (command.pipeline && command.pipeline.index > 0) continue;
      ctx.report({
        messageId: rpm.manager === 'zypper' ? 'zypper' : 'yum',
        data: { program: command.program, sub: rpm.sub ?? rpm.subWord.value },
        range: { start: command.nameRange.start, end: rpm.subWord.range.end },
      });
    }
  },
});
