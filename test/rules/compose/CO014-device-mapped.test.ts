import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO014-device-mapped.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO014 device-mapped', () => {
  const t = composeRuleTester(rule);
  t.catches('a serial adapter', yaml('services:', '  ha:', '    devices:', '      - /dev/ttyUSB0:/dev/ttyUSB0'), [{ messageId: 'device', line: 4, column: 9, message: '/dev/ttyUSB0' }]);
  t.catches('a disk and memory', yaml('services:', '  a:', '    devices: ["/dev/sda:/dev/sda:rwm", "/dev/mem", "/dev/nvme0n1p2:/dev/x"]'), [
    { messageId: 'raw', line: 3, message: 'a host disk' },
    { messageId: 'raw', line: 3, message: 'host memory' },
    { messageId: 'raw', line: 3, message: '/dev/nvme0n1p2' },
  ]);
  t.catches('the whole /dev', yaml('services:', '  a:', '    devices: ["/dev:/dev"]'), [{ messageId: 'raw', line: 3, message: 'every host device' }]);
  t.catches('long syntax', yaml('services:', '  a:', '    devices:', '      - source: /dev/dri', '        target: /dev/dri'), [{ messageId: 'device', line: 4 }]);
  t.catches('a cgroup rule that allows every device', yaml('services:', '  a:', '    device_cgroup_rules:', "      - 'a *:* rwm'", "      - 'c 188:* rmw'"), [{ messageId: 'allDevices', line: 4 }]);
  t.catches('from an anchor', yaml('x-d: &d', '  devices: [/dev/kvm]', 'services:', '  a:', '    <<: *d'), [{ line: 2, column: 13 }]);
  t.leavesAlone('no devices', yaml('services:', '  a:', '    image: x:1'));
  t.leavesAlone('an unset variable', yaml('services:', '  a:', '    devices: ["${DEVICE}:/dev/ttyUSB0"]'));
  t.leavesAlone('a cgroup rule for one major number', yaml('services:', '  a:', '    device_cgroup_rules: ["c 188:* rmw"]'));
});
