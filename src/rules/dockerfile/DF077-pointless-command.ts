import type { Command, Instruction } from '../../dockerfile/model.js';
import { defineDockerfileRule } from './types.js';
import { commandsOf, instructionsWithTriggers } from './support.js';

/** Interactive, process-inspecting or system-level commands that do nothing useful in a build step. */
const POINTLESS = new Set(['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount', 'ifconfig']);

export default defineDockerfileRule({
  meta: {
    id: 'DF077',
    name: 'pointless-command',
    aliases: ['DL3001'],
    family: 'DF',
    shortDescription: 'Command that makes no sense in a RUN (ssh, vim, service, ps, kill...)',
    fullDescription:
      'A RUN is a non-interactive step whose processes end with it: `vim` waits for a user, `service x start` starts a daemon that is gone before the next instruction, `shutdown`, `mount` and `ifconfig` act on a throw-away build container, and `ps`, `top`, `free`, `kill` inspect processes that are not the ones the image will run. Uses that do work within the same RUN are left alone: a service started and used in the same RUN, `kill` of a process the RUN started, `vim` in batch mode, `ssh` with an SSH mount, `top -b`.',
    defaultLevel: 'note',
    tags: ['maintainability'],
    precision: 'medium',
    messages: {
      pointless: '`{{program}}` makes no sense in a RUN: {{why}}',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'RUN') continue;
      const commands = commandsOf(instr);
      for (const command of commands) {
        if (!POINTLESS.has(command.program)) continue;
        const why = pointless(command, commands, instr);
        if (why) ctx.report({ messageId: 'pointless', data: { program: command.program, why }, range: command.nameRange });
      }
    }
  },
});

/** Why the command is pointless here, or undefined when this use does real work. */
function pointless(command: Command, commands: readonly Command[], instr: Instruction): string | undefined {
  const others = commands.filter((c) => c !== command && !c.wrappedBy && c.program !== 'set' && c.program !== 'true');
  switch (command.program) {
    case 'vim':
      // `vim -es -c 'PlugInstall' -c qa`, `vim +PlugInstall +qall`: batch mode that installs plugins.
      if (command.args.some((a) => a.startsWith('+') || /^-[a-zA-Z]*[esc]/.test(a) || a === '--not-a-term')) return undefined;
      return 'it waits for someone to type; edit files with sed, or COPY them';
    case 'ssh':
      if ((instr.run?.mounts ?? []).some((m) => m.type === 'ssh')) return undefined;
      return 'the build has no SSH agent or keys unless the RUN has --mount=type=ssh';
    case 'service': {
      // `service mysql start && mysql < init.sql && service mysql stop` does its work in one RUN.
      const action = command.args[1];
      if (action === 'stop' || action === 'status') {
        const started = commands.some((c) => c.program === 'service' && after(command, c) && (c.args[1] === 'start' || c.args[1] === 'restart'));
        return started ? undefined : 'no service runs between build steps';
      }
      if (action !== 'start' && action !== 'restart') return undefined;
      const usedAfter = commands.some((c) => c !== command && after(c, command) && c.program !== 'service');
      return usedAfter ? undefined : 'the service stops when this RUN ends; start it from CMD or ENTRYPOINT';
    }
    case 'kill':
      // Killing a background process started earlier in the same RUN is housekeeping.
      return others.length > 0 ? undefined : 'no process of the image is running during the build';
    case 'ps':
    case 'free':
    case 'top':
      if (command.program === 'top' && command.args.some((a) => /^-[a-zA-Z]*b/.test(a))) return undefined;
      return others.length > 0 && command.pipeline !== undefined ? undefined : 'it shows the build container, not the container the image will run';
    case 'shutdown':
      return 'there is nothing to shut down in a build step';
    case 'mount':
      return 'mounts do not outlive the RUN and need privileges the build does not have; use RUN --mount';
    case 'ifconfig':
      return 'the build network is not the network the container will have';
    default:
      return undefined;
  }
}

function after(c: Command, ref: Command): boolean {
  return c.range.start.line > ref.range.start.line || (c.range.start.line === ref.range.start.line && c.range.start.column > ref.range.start.column);
}
