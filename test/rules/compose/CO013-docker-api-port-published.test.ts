import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO013-docker-api-port-published.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO013 docker-api-port-published', () => {
  const t = composeRuleTester(rule);
  t.catches('dind on all interfaces', yaml('services:', '  dind:', '    image: docker:27-dind', '    ports: ["2375:2375"]'), [
    { messageId: 'published', line: 4, column: 13, message: 'on all interfaces' },
  ]);
  t.catches('long syntax', yaml('services:', '  dind:', '    ports:', '      - target: 2375', '        published: 12375'), [{ line: 4, column: 9 }]);
  t.leavesAlone('bound to loopback', yaml('services:', '  dind:', '    ports: ["127.0.0.1:2375:2375"]'));
  t.leavesAlone('the TLS port (CO012 notes it)', yaml('services:', '  dind:', '    ports: ["2376:2376"]'));
  t.leavesAlone('only on the project network', yaml('services:', '  dind:', '    expose: ["2375"]'));
});
