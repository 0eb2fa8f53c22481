import type { Command, Dockerfile } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, instructionsWithTriggers, stageOf } from './support.js';
import { aptInstallPackages, aptSubcommand, APT_FLAGS_WITH_VALUE, operands, wordsHaveFlag } from './packages.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF012',
    name: 'apt-get-install-recommends',
    aliases: ['DL3015'],
    family: 'DF',
    shortDescription: 'Use --no-install-recommends with apt-get install',
    fullDescription:
      'By default apt installs every package the requested ones merely recommend: documentation, optional tools, sometimes whole toolchains. They make the image larger and add code to patch and scan that nothing uses. `--no-install-recommends` installs what is asked and what it depends on. An `APT::Install-Recommends` setting (`-o`, or written to /etc/apt/apt.conf.d earlier) counts too; stages that are not part of the final image are left alone.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      recommends: '`{{program}} install` without `--no-install-recommends` also installs every recommended package; add `--no-install-recommends` and list what you need',
    },
  },
  check(df, ctx) {
    const shipped = finalImageStages(df);
    const configured = recommendsConfigured(df);
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const stage = stageOf(df, instr);
      if (!instr.onbuild && (!stage || !shipped.has(stage.index))) continue;
      for (const command of instr.run?.script?.commands ?? []) {
        if (aptSubcommand(command) !== 'install' || aptInstallPackages(command).length === 0) continue;
        if (noRecommends(command) || configured(command)) continue;
        const sub = operands(command.words, { flagsWithValue: APT_FLAGS_WITH_VALUE })[0];
        ctx.report({
          messageId: 'recommends',
          data: { program: command.program },
          range: { start: command.nameRange.start, end: sub.range.end },
        });
      }
    }
  },
});

function noRecommends(c: Command): boolean {
  if (wordsHaveFlag(c.words, '--no-install-recommends')) return true;
  const install = c.words.find((w) => /^--install-recommends=/.test(w.value));
  if (install && /=(false|no|0)$/i.test(install.value)) return true;
  for (let i = 0; i < c.words.length; i++) {
    const a = c.words[i].value;
    const option = a === '-o' || a === '--option' ? c.words[i + 1]?.value : /^(?:-o|--option)=(.*)$/.exec(a)?.[1];
    if (option && /^APT::Install-Recommends=(false|no|0)$/i.test(option)) return true;
  }
  return false;
}

/**
 * `APT::Install-Recommends "false";` written by an earlier command, or a COPY into
 * /etc/apt/apt.conf.d (whose content we cannot see), turns recommends off for later installs.
 */
function recommendsConfigured(df: Dockerfile): (c: Command) => boolean {
  const at: { line: number; column: number }[] = [];
  for (const instr of df.instructions) {
    if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy?.dest?.value.replace(/\/+$/, '').startsWith('/etc/apt/apt.conf')) {
      at.push(instr.range.start);
    }
    for (const command of instr.run?.script?.commands ?? []) {
      if (command.args.some((a) => /APT::Install-Recommends/i.test(a))) at.push(command.range.start);
    }
  }
  return (c) => at.some((p) => p.line < c.range.start.line || (p.line === c.range.start.line && p.column < c.range.start.column));
}
