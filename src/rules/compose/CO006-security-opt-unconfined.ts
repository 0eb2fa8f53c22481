import { securityOptions } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO006',
    name: 'security-opt-unconfined',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not turn off seccomp, AppArmor or SELinux confinement',
    fullDescription:
      'Docker confines every container with a seccomp filter (which blocks some 40 dangerous system calls), an AppArmor profile and an SELinux label, and masks parts of `/proc` and `/sys`. `security_opt` entries `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` (or `label:type:spc_t`) and `systempaths=unconfined` switch one of them off, leaving the kernel\'s whole surface to whatever runs in the container. `:` and `=` are both accepted. Write a profile that allows the calls the service needs instead.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      seccomp: 'Service "{{service}}" runs without a seccomp filter: every system call is open to it, including those container escapes use; write a profile that allows what it needs',
      apparmor: 'Service "{{service}}" runs without an AppArmor profile; write a profile that allows what it needs',
      selinux: 'Service "{{service}}" runs without SELinux separation ({{option}}); give it a label with the access it needs',
      systempaths: 'Service "{{service}}" unmasks /proc and /sys paths that Docker hides from containers',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const o of securityOptions(service)) {
        const value = o.value.toLowerCase();
        let messageId: string | undefined;
        if (o.option === 'seccomp' && value === 'unconfined') messageId = 'seccomp';
        else if (o.option === 'apparmor' && value === 'unconfined') messageId = 'apparmor';
        else if (o.option === 'label' && (value === 'disable' || value === 'type:spc_t' || value === 'type=spc_t')) messageId = 'selinux';
        else if (o.option === 'systempaths' && value === 'unconfined') messageId = 'systempaths';
        if (messageId) ctx.report({ messageId, data: { option: `${o.option}:${o.value}` }, node: o.node, service, fingerprintKey: `${o.option}:${value}` });
      }
    }
  },
});
