import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO018-read-only-rootfs.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO018 read-only-rootfs', () => {
  const t = composeRuleTester(rule);
  t.catches('not set', yaml('services:', '  app:', '    image: x:1'), [{ messageId: 'missing', line: 2, column: 3 }]);
  t.catches('set to false', yaml('services:', '  app:', '    read_only: false'), [{ messageId: 'disabled', line: 3, column: 5 }]);
  t.catches('on in the strict preset', yaml('services:', '  app:', '    image: x:1'), 1, { preset: 'strict' });
  t.leavesAlone('off in the recommended preset', yaml('services:', '  app:', '    image: x:1'), { preset: 'recommended' });
  t.leavesAlone('read_only: true', yaml('services:', '  app:', '    read_only: true', '    tmpfs: [/tmp]'));
  t.leavesAlone('from a variable', yaml('services:', '  app:', '    read_only: ${READ_ONLY}'));
  t.leavesAlone('privileged (CO001)', yaml('services:', '  app:', '    privileged: true'));
  t.leavesAlone('a fragment in an override file (no image, no build)', yaml('services:', '  app:', '    ports: ["8080:80"]'));
  t.catches('a service with only build', yaml('services:', '  app:', '    build: .'), 1);
});
