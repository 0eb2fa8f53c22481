import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO016-memory-limit-missing.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO016 memory-limit-missing', () => {
  const t = composeRuleTester(rule);
  t.catches('no limit, at the service name', yaml('services:', '  app:', '    image: x:1'), [{ messageId: 'missing', line: 2, column: 3, endColumn: 6 }]);
  t.catches('a reservation is not a limit', yaml('services:', '  app:', '    image: x:1', '    deploy:', '      resources:', '        reservations:', '          memory: 128M'), [{ messageId: 'missing', line: 2 }]);
  t.catches('a limit of 0', yaml('services:', '  app:', '    mem_limit: 0'), [{ messageId: 'unlimited', line: 3, column: 16 }]);
  t.leavesAlone('mem_limit', yaml('services:', '  app:', '    mem_limit: 512m'));
  t.leavesAlone('deploy limits', yaml('services:', '  app:', '    deploy:', '      resources:', '        limits:', '          memory: 1G'));
  t.leavesAlone('a limit from a variable', yaml('services:', '  app:', '    mem_limit: ${APP_MEMORY}'));
  t.leavesAlone('a limit in an anchor', yaml('x-limits: &limits', '  deploy:', '    resources:', '      limits: {memory: 256M}', 'services:', '  a:', '    <<: *limits'));
  t.leavesAlone('a limit in the extended service', yaml('services:', '  base:', '    mem_limit: 1g', '  app:', '    extends: base'));
  t.leavesAlone('a fragment in an override file (no image, no build)', yaml('services:', '  app:', '    ports: ["8080:80"]'));
  t.catches('a service with only build', yaml('services:', '  app:', '    build: .'), 1);
});
