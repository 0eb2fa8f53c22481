import { booleanOf, child } from '../../compose/model.js';
import { pairRange } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO001',
    name: 'privileged',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not run services privileged',
    fullDescription:
      '`privileged: true` gives the container every capability, every host device and no seccomp, AppArmor or SELinux confinement: a process in it can mount the host disk or load a kernel module, so breaking out to the host is a matter of minutes. Grant the few capabilities or devices the service needs instead (`cap_add`, `devices`).',
    defaultLevel: 'error',
    tags: ['security'],
    securitySeverity: 9.0,
    precision: 'very-high',
    messages: {
      privileged:
        'Service "{{service}}" runs privileged: every capability and host device, no seccomp or AppArmor confinement, root on the host in all but name; grant only the capabilities or devices it needs',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const node = child(service.node, 'privileged');
      if (!node || booleanOf(node) !== true) continue;
      ctx.report({ messageId: 'privileged', node, at: pairRange(node), service });
    }
  },
});
