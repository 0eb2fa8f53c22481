import { isUnresolved } from '../../compose/model.js';
import type { Service } from '../../compose/model.js';
import { capabilityName, isPrivileged, settingOf } from './support.js';
import { defineComposeRule } from './types.js';

/** Capabilities outside Docker's default set that let a process reach past its container. */
const DANGEROUS = new Map<string, string>([
  ['SYS_ADMIN', 'mount filesystems and use many kernel interfaces, close to root on the host'],
  ['SYS_MODULE', 'load kernel modules, which is full control of the host kernel'],
  ['SYS_PTRACE', 'trace and inject code into the other processes of its container'],
  ['SYS_RAWIO', 'do raw I/O on devices and memory (`/dev/mem`, `iopl`)'],
  ['DAC_READ_SEARCH', 'open files by handle, which escapes the container\'s filesystem (the "shocker" exploit)'],
  ['NET_ADMIN', 'reconfigure its interfaces, routes and firewall rules, and sniff or spoof traffic on its networks'],
  ['SYS_TIME', 'set the clock, which is the host\'s clock: it is not namespaced'],
  ['BPF', 'load eBPF programs into the host kernel'],
  ['PERFMON', 'trace the whole host with perf and eBPF'],
  ['MAC_ADMIN', 'change the AppArmor or SELinux policy'],
  ['MAC_OVERRIDE', 'bypass the AppArmor or SELinux policy'],
  ['SYSLOG', 'read and clear the kernel log, which leaks kernel addresses'],
]);

export default defineComposeRule({
  meta: {
    id: 'CO002',
    name: 'dangerous-capability',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not add capabilities that reach past the container',
    fullDescription:
      '`cap_add` entries such as `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `SYS_RAWIO`, `DAC_READ_SEARCH`, `NET_ADMIN`, `SYS_TIME`, `BPF`, `PERFMON`, `MAC_ADMIN`, `MAC_OVERRIDE` and `SYSLOG` give the container powers over the host kernel, its clock, its network or other processes; most container escapes start from one of them. Capabilities in Docker\'s default set (`CHOWN`, `NET_BIND_SERVICE`, `SETUID`...) are left alone. A service that really needs one (a VPN needs `NET_ADMIN`) can list it in the `allowed` option or carry a suppression comment saying why.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 7.5,
    precision: 'high',
    messages: {
      all: 'Service "{{service}}" adds ALL capabilities, which is nearly `privileged: true`; add only the ones it needs',
      dangerous: 'Service "{{service}}" adds {{capability}}, which lets it {{why}}',
    },
    options: {
      allowed: { type: 'string[]', default: [], description: 'Capabilities accepted without a finding, e.g. `[NET_ADMIN]`' },
    },
  },
  check(compose, ctx) {
    const allowed = new Set(ctx.options.allowed.map(capabilityName));
    for (const service of compose.services) {
      // `privileged` already has every capability; CO001 says so.
      if (isPrivileged(service)) continue;
      for (const cap of service.capAdd) {
        if (isUnresolved(cap.node)) continue;
        const name = capabilityName(cap.value);
        if (allowed.has(name)) continue;
        if (name === 'ALL') ctx.report({ messageId: 'all', node: cap.node, service, fingerprintKey: name });
        else {
          const why = hostWide(service, name) ?? DANGEROUS.get(name);
          if (why) ctx.report({ messageId: 'dangerous', data: { capability: name, why }, node: cap.node, service, facts: { capability: name }, fingerprintKey: name });
        }
      }
    }
  },
});

/** With the host's network or process namespace, NET_ADMIN and SYS_PTRACE reach the host itself. */
function hostWide(service: Service, capability: string): string | undefined {
  if (capability === 'NET_ADMIN' && settingOf(service, 'network_mode')?.text === 'host') {
    return 'reconfigure the host\'s own interfaces, routes and firewall rules (it uses `network_mode: host`)';
  }
  if (capability === 'SYS_PTRACE' && settingOf(service, 'pid')?.text === 'host') {
    return 'read the memory and inject code into every process of the host (it uses `pid: host`)';
  }
  return undefined;
}
