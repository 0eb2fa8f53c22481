import type { Command } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, finalImageStages, instructionsWithTriggers, stageOf } from './support.js';
import { APK_FLAGS_WITH_VALUE, apkAddPackages, aptInstallPackages, aptSubcommand, apkSubcommand, operands, wordsFlagValue } from './packages.js';

const TOOLS = new Set(['curl', 'wget']);

export default defineDockerfileRule({
  meta: {
    id: 'DF037',
    name: 'curl-and-wget',
    aliases: ['DL4001'],
    family: 'DF',
    shortDescription: 'Both curl and wget are used in the image',
    fullDescription:
      'Using both curl and wget to download means both tools (and their libraries) are installed for one job, and two sets of flags to get right (TLS, retries, failure on HTTP errors). Pick one. Only the stages that make up the final image are checked (trivy #10333: curl in one build stage and wget in another is fine), and a tool that the same RUN installs and then removes again does not count.',
    defaultLevel: 'warning',
    tags: ['size', 'maintainability'],
    precision: 'medium',
    messages: {
      both: 'This image uses {{tool}} here and {{other}} elsewhere; use one download tool',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    const first = new Map<string, Command>();
    for (const instr of instructionsWithTriggers(df)) {
      const stage = stageOf(df, instr);
      if (instr.keyword !== 'RUN' || !stage || !shipping.has(stage.index)) continue;
      const commands = commandsOf(instr);
      for (const command of commands) {
        if (!TOOLS.has(command.program) || first.has(command.program)) continue;
        if (temporary(command.program, commands)) continue;
        first.set(command.program, command);
      }
    }
    const curl = first.get('curl');
    const wget = first.get('wget');
    if (!curl || !wget) return;
    const [earlier, later] = before(curl, wget) ? [curl, wget] : [wget, curl];
    ctx.report({ messageId: 'both', data: { tool: later.program, other: earlier.program }, range: later.nameRange });
  },
});

function before(a: Command, b: Command): boolean {
  return a.range.start.line < b.range.start.line || (a.range.start.line === b.range.start.line && a.range.start.column < b.range.start.column);
}

/**
 * True when the RUN installs the tool (by name, or in a package list held in a shell variable,
 * as docker-library's `fetchDeps`) and then removes packages again (`apt-get purge`,
 * `apk del .fetch-deps`): the tool is a build-time helper that does not ship.
 */
function temporary(tool: string, commands: readonly Command[]): boolean {
  const installsTool = (c: Command) =>
    [...aptInstallPackages(c), ...apkAddPackages(c)].some((p) => p.name === tool || p.dynamic === true);
  const install = commands.find(installsTool);
  if (!install) return false;
  const virtual = install.program === 'apk' ? wordsFlagValue(install.words, '--virtual', '-t') : undefined;
  return commands.some((c) => {
    if (!before(install, c)) return false;
    const apt = aptSubcommand(c);
    if (apt === 'purge' || apt === 'remove' || apt === 'autoremove') return true;
    if (apkSubcommand(c) === 'del') {
      const words = operands(c.words, { flagsWithValue: APK_FLAGS_WITH_VALUE }).slice(1);
      return words.some((w) => !w.literal || w.value === tool || w.value === virtual);
    }
    return false;
  });
}
