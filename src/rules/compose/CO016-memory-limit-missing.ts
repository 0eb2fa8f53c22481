import { at, child, isScalar, type ComposeNode } from '../../compose/model.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO016',
    name: 'memory-limit-missing',
    aliases: [],
    family: 'CO',
    shortDescription: 'Give services a memory limit',
    fullDescription:
      'A service with no memory limit can take all the host\'s memory, through a leak, a large request or an attack, until the kernel\'s OOM killer picks a victim, which may be another service or the Docker daemon. Set `deploy.resources.limits.memory` (or `mem_limit`). A note: limits are sizing work, and dev stacks often do without.',
    defaultLevel: 'note',
    tags: ['security', 'reliability'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      missing: 'Service "{{service}}" has no memory limit; set `deploy.resources.limits.memory` (or `mem_limit`)',
      unlimited: 'Service "{{service}}" sets its memory limit to {{value}}, which means no limit',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const limits = [child(service.node, 'mem_limit'), at(service.node, 'deploy', 'resources', 'limits', 'memory')].filter(
        (n): n is ComposeNode => n !== undefined && !(isScalar(n) && n.value === null),
      );
      // A fragment in an override file may get its limits from the file it overrides.
      if (limits.length === 0 && service.partial) continue;
      if (limits.length === 0) {
        ctx.report({ messageId: 'missing', node: service.node, at: service.keyRange, service });
        continue;
      }
      // `0` and `-1` are how Docker spells "no limit".
      const unlimited = limits.filter((n) => isScalar(n) && /^(?:0|-1)$/.test(n.text.trim()));
      if (unlimited.length === limits.length) ctx.report({ messageId: 'unlimited', data: { value: (unlimited[0] as { text: string }).text.trim() }, node: unlimited[0], service });
    }
  },
});
