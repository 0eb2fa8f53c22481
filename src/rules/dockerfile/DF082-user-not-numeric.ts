import type { Instruction } from '../../dockerfile/model.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import { defineDockerfileRule } from './types.js';
import { stageLineage } from './support.js';

/** Root is DF002's business: it reports a root USER with a stronger message. */
const ROOT_USERS = new Set(['root', 'containeradministrator']);

export default defineDockerfileRule({
  meta: {
    id: 'DF082',
    name: 'user-not-numeric',
    aliases: ['DL3066'],
    family: 'DF',
    shortDescription: 'The image user should be a numeric UID',
    fullDescription:
      'Kubernetes `runAsNonRoot` cannot tell whether a user name is root without the image\'s /etc/passwd, so it refuses to start a container whose image user is a name. `USER 10001` (or `USER 10001:10001`) can be checked, and works with any passwd file.',
    defaultLevel: 'off',
    strictLevel: 'note',
    tags: ['security', 'kubernetes'],
    securitySeverity: 2.0,
    precision: 'very-high',
    messages: {
      named: 'The image runs as user "{{user}}", a name; use its numeric UID (USER {{example}}) so runAsNonRoot can verify it',
    },
  },
  check(df, ctx) {
    const last = df.stages[df.stages.length - 1];
    if (!last) return;
    // The image's user is the last USER of the final stage or, failing that, of the stages it is built FROM.
    let user: Instruction | undefined;
    for (const stage of stageLineage(df, last.index)) {
      user = [...stage.instructions].reverse().find((i) => i.keyword === 'USER' && i.args.length > 0);
      if (user) break;
    }
    if (!user) return;
    const resolved = resolveVariables(user.args[0].value, user.vars, df.escapeChar);
    if (resolved.unresolved) return;
    const [name, group] = resolved.text.split(':');
    if (/^\d+$/.test(name) || ROOT_USERS.has(name.toLowerCase())) return;
    const example = group === undefined ? '10001' : `10001:${/^\d+$/.test(group) ? group : '10001'}`;
    ctx.report({ messageId: 'named', data: { user: name, example }, range: user.args[0].range });
  },
});
