import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO003-host-namespace.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO003 host-namespace', () => {
  const t = composeRuleTester(rule);
  t.catches('network_mode: host', yaml('services:', '  web:', '    network_mode: host'), [{ messageId: 'network', line: 3, column: 5, endColumn: 23 }]);
  t.catches('quoted and upper case', yaml('services:', '  web:', '    network_mode: "HOST"'), [{ messageId: 'network', line: 3 }]);
  t.catches('pid, ipc, userns_mode, uts, cgroup', yaml('services:', '  web:', '    pid: host', '    ipc: host', '    userns_mode: host', '    uts: host', '    cgroup: host'), [
    { messageId: 'pid', line: 3 },
    { messageId: 'ipc', line: 4 },
    { messageId: 'userns', line: 5 },
    { messageId: 'uts', line: 6 },
    { messageId: 'cgroup', line: 7 },
  ]);
  t.catches('version 1 `net: host`', yaml('web:', '  image: x:1', '  net: host'), [{ messageId: 'network', line: 3 }]);
  t.catches('through a merge key', yaml('x-host: &host', '  network_mode: host', 'services:', '  web:', '    <<: *host'), [{ line: 2, column: 3 }]);
  t.catches('a default', yaml('services:', '  web:', '    network_mode: ${NET:-host}'), 1);
  t.leavesAlone('another service\'s network', yaml('services:', '  db:', '    image: postgres:16', '  web:', '    network_mode: "service:db"'));
  t.leavesAlone('a container\'s namespaces', yaml('services:', '  web:', '    network_mode: container:vpn', '    pid: container:vpn', '    ipc: shareable'));
  t.leavesAlone('bridge and none', yaml('services:', '  a:', '    network_mode: bridge', '  b:', '    network_mode: none', '    cgroup: private'));
  t.leavesAlone('an unset variable', yaml('services:', '  web:', '    network_mode: ${NET}'));
  t.leavesAlone('host as a network name', yaml('services:', '  web:', '    networks: [host]', 'networks:', '  host:', '    external: true'));
});
