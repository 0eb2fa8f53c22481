import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO002-dangerous-capability.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO002 dangerous-capability', () => {
  const t = composeRuleTester(rule);
  t.catches('SYS_ADMIN in a flow list', yaml('services:', '  web:', '    cap_add: [SYS_ADMIN]'), [{ messageId: 'dangerous', line: 3, column: 15, message: 'SYS_ADMIN' }]);
  t.catches('NET_ADMIN on the host network says so', yaml('services:', '  vpn:', '    network_mode: host', '    cap_add: [NET_ADMIN]'), [{ line: 4, message: "the host's own interfaces" }]);
  t.catches('SYS_PTRACE with the host PID namespace says so', yaml('services:', '  dbg:', '    pid: host', '    cap_add: [SYS_PTRACE]'), [{ line: 4, message: 'every process of the host' }]);
  t.catches('ALL', yaml('services:', '  web:', '    cap_add:', '      - ALL'), [{ messageId: 'all', line: 4, column: 9 }]);
  t.catches('CAP_ prefix and lower case', yaml('services:', '  web:', '    cap_add:', '      - cap_sys_ptrace', '      - CAP_NET_ADMIN'), [
    { line: 4, message: 'SYS_PTRACE' },
    { line: 5, message: 'NET_ADMIN' },
  ]);
  t.catches('each dangerous one, not the defaults', yaml('services:', '  web:', '    cap_add: [CHOWN, NET_BIND_SERVICE, SYS_MODULE, DAC_READ_SEARCH]'), [
    { line: 3, column: 40, message: 'SYS_MODULE' },
    { line: 3, column: 52, message: 'DAC_READ_SEARCH' },
  ]);
  t.catches('from an anchor', yaml('x-caps: &caps [SYS_ADMIN]', 'services:', '  web:', '    cap_add: *caps'), [{ line: 1, column: 16 }]);
  t.catches('from an extended service, merged with the local list', yaml('services:', '  base:', '    image: x:1', '    cap_add: [SYS_TIME]', '  web:', '    extends: base', '    cap_add: [BPF]'), [
    { line: 4, message: '"base"' },
    { line: 4, message: '"web"' },
    { line: 7, message: 'BPF' },
  ]);
  t.catches('an interpolated default', yaml('services:', '  web:', '    cap_add: ["${CAP:-SYS_ADMIN}"]'), 1);
  t.leavesAlone('default capabilities', yaml('services:', '  web:', '    cap_drop: [ALL]', '    cap_add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE]'));
  t.leavesAlone('harmless extras', yaml('services:', '  web:', '    cap_add: [IPC_LOCK, SYS_NICE, SYS_RESOURCE]'));
  t.leavesAlone('an unset variable', yaml('services:', '  web:', '    cap_add: ["${CAP}"]'));
  t.leavesAlone('cap_drop of a dangerous one', yaml('services:', '  web:', '    cap_drop: [SYS_ADMIN, NET_ADMIN]'));
  t.leavesAlone('privileged services (CO001 covers them)', yaml('services:', '  web:', '    privileged: true', '    cap_add: [SYS_ADMIN]'));
  t.leavesAlone('an allowed capability', yaml('services:', '  vpn:', '    cap_add: [NET_ADMIN]'), { options: { allowed: ['cap_net_admin'] } });
  t.leavesAlone('suppressed with a reason', yaml('services:', '  vpn:', '    cap_add:', '      # plimsoll ignore=CO002 -- WireGuard configures its interface', '      - NET_ADMIN'));
});
