import { pairRange, settingOf } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO015',
    name: 'user-root',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not set the service user to root',
    fullDescription:
      '`user: root`, `user: "0"`, `0:0` or `root:<group>` overrides whatever non-root user the image chose: a flaw in the service then runs as root in the container, one kernel bug or misconfiguration away from root on the host, and files it writes to bind mounts belong to root. Run as the image\'s user or a numeric non-root UID. A service with no `user` runs as the image says; that is the image\'s business (DF002, IM rules).',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.0,
    precision: 'very-high',
    messages: {
      root: 'Service "{{service}}" runs as {{user}}, which is root; run it as a non-root user (a numeric UID such as "1000:1000")',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const user = settingOf(service, 'user');
      if (!user || !/^(?:root|0+)(?::.*)?$/.test(user.text)) continue;
      ctx.report({ messageId: 'root', data: { user: `"${user.text}"` }, node: user.node, at: pairRange(user.node), service });
    }
  },
});
