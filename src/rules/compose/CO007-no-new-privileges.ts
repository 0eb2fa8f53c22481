import { isPrivileged, securityOptions } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO007',
    name: 'no-new-privileges',
    aliases: [],
    family: 'CO',
    shortDescription: 'Set security_opt no-new-privileges:true',
    fullDescription:
      'Without `security_opt: ["no-new-privileges:true"]`, a process in the container can gain privileges through setuid and setgid programs (`su`, `sudo`, a planted setuid binary) or file capabilities. With it, the kernel refuses any gain of privilege after start, which blunts many local privilege escalations at no cost for services that never need them. A note by default: it is hardening, not a hole. Privileged services are left to CO001.',
    defaultLevel: 'note',
    tags: ['security'],
    securitySeverity: 4.0,
    precision: 'high',
    messages: {
      missing: 'Service "{{service}}" does not set `no-new-privileges:true` in `security_opt`: setuid programs in the image can still raise privileges',
      disabled: 'Service "{{service}}" sets `no-new-privileges` to false: setuid programs in the image can raise privileges',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      if (isPrivileged(service)) continue;
      const opts = securityOptions(service).filter((o) => o.option === 'no-new-privileges');
      const last = opts[opts.length - 1];
      // A fragment in an override file may get its security_opt from the file it overrides.
      if (!last && service.partial) continue;
      if (!last) {
        ctx.report({ messageId: 'missing', node: service.node, at: service.keyRange, service });
        continue;
      }
      // `no-new-privileges` alone means true; so do `:true`, `=1`...
      if (['false', '0', 'no', 'off'].includes(last.value.toLowerCase())) ctx.report({ messageId: 'disabled', node: last.node, service });
    }
  },
});
