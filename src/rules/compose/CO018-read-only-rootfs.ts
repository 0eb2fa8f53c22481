import { booleanOf, child } from '../../compose/model.js';
import { isPrivileged, pairRange } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO018',
    name: 'read-only-rootfs',
    aliases: [],
    family: 'CO',
    shortDescription: 'Run services with a read-only root filesystem',
    fullDescription:
      'With `read_only: true` nothing in the container can change its own programs or drop new ones, which stops many attacks from persisting; the folders a service writes to get a volume or a `tmpfs`. Off by default (most images need some work before they run read-only); a note in the `strict` preset.',
    defaultLevel: 'off',
    strictLevel: 'note',
    tags: ['security'],
    securitySeverity: 3.0,
    precision: 'high',
    messages: {
      missing: 'Service "{{service}}" has a writable root filesystem; set `read_only: true` and give the folders it writes to a volume or `tmpfs`',
      disabled: 'Service "{{service}}" sets `read_only: false`; a read-only root filesystem stops changes to its programs',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      if (isPrivileged(service)) continue;
      const node = child(service.node, 'read_only');
      const value = booleanOf(node);
      if (value === true || (node && value === undefined)) continue;
      if (node) ctx.report({ messageId: 'disabled', node, at: pairRange(node), service });
      else if (!service.partial) ctx.report({ messageId: 'missing', node: service.node, at: service.keyRange, service });
    }
  },
});
