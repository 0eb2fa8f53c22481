import type { Instruction } from '../../dockerfile/model.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages } from './support.js';

/** User names that mean full privileges: root on Linux, the administrator account of Windows images. */
const ROOT_USERS = new Set(['root', '0', 'containeradministrator']);

export default defineDockerfileRule({
  meta: {
    id: 'DF002',
    name: 'last-user-root',
    aliases: ['DL3002'],
    family: 'DF',
    shortDescription: 'The image should not run as root',
    fullDescription:
      'The last USER of the stages that make up the final image sets who the container runs as. Running as root means a process that is broken into owns the container, and with a container escape or a writable host mount, more. Build stages that end as root are left alone: they do not ship.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.0,
    precision: 'high',
    messages: {
      root: 'The image runs as "{{user}}": this is the last USER of the final image; switch to an unprivileged user (USER app, or a numeric UID) after the steps that need root',
      inherited:
        'The image runs as "{{user}}": this USER of stage "{{stage}}" is inherited by the final image, which sets no USER of its own; add an unprivileged USER to the final stage',
    },
  },
  check(df, ctx) {
    const chain = [...finalImageStages(df)].sort((a, b) => a - b);
    const finalIndex = chain[chain.length - 1];
    let last: { instr: Instruction; user: string; stage: number } | undefined;
    for (const index of chain) {
      for (const instr of df.stages[index].instructions) {
        if (instr.keyword !== 'USER' || !instr.args[0]) continue;
        const resolved = resolveVariables(instr.args[0].value, instr.vars, df.escapeChar);
        // `USER $APP_USER` with no known value could be anyone: say nothing.
        last = resolved.unresolved ? undefined : { instr, user: resolved.text, stage: index };
      }
    }
    if (!last) return;
    const name = last.user.split(':')[0].trim().toLowerCase();
    if (!ROOT_USERS.has(name)) return;
    const range = last.instr.args[0].range;
    if (last.stage === finalIndex) {
      ctx.report({ messageId: 'root', data: { user: last.user }, range });
    } else {
      const stage = df.stages[last.stage];
      ctx.report({ messageId: 'inherited', data: { user: last.user, stage: stage.name ?? String(stage.index) }, range });
    }
  },
});
