import { pairRange, settingOf } from './support.js';
import { defineComposeRule } from './types.js';

const NAMESPACES: { key: string; messageId: string }[] = [
  { key: 'network_mode', messageId: 'network' },
  // Version 1 files spell it `net`.
  { key: 'net', messageId: 'network' },
  { key: 'pid', messageId: 'pid' },
  { key: 'ipc', messageId: 'ipc' },
  { key: 'userns_mode', messageId: 'userns' },
  { key: 'uts', messageId: 'uts' },
  { key: 'cgroup', messageId: 'cgroup' },
];

export default defineComposeRule({
  meta: {
    id: 'CO003',
    name: 'host-namespace',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not share the host\'s network, PID, IPC, user, UTS or cgroup namespace',
    fullDescription:
      '`network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host`, `uts: host` and `cgroup: host` remove one of the walls between the container and the host: the host\'s network interfaces and localhost services, its processes (which `SYS_PTRACE` can then inject into), its shared memory, its user IDs (undoing user-namespace remapping), its host name, its cgroups. Sharing another service\'s namespace (`network_mode: service:db`, `container:x`) is fine and left alone.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      network: 'Service "{{service}}" uses the host\'s network stack: it can bind any host port, reach services listening on the host\'s localhost, and `ports` no longer isolate it',
      pid: 'Service "{{service}}" shares the host\'s process namespace: it sees every host process and can signal them (and read their environment and memory with SYS_PTRACE)',
      ipc: 'Service "{{service}}" shares the host\'s IPC namespace: it can read and write the shared memory of host processes',
      userns: 'Service "{{service}}" opts out of user-namespace remapping: root in the container is root on the host',
      uts: 'Service "{{service}}" shares the host\'s UTS namespace: it can change the host\'s host name',
      cgroup: 'Service "{{service}}" uses the host\'s cgroup namespace: it sees and may change the host\'s cgroup tree',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const { key, messageId } of NAMESPACES) {
        const s = settingOf(service, key);
        if (s?.text !== 'host') continue;
        ctx.report({ messageId, node: s.node, at: pairRange(s.node), service });
      }
    }
  },
});
