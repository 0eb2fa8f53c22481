import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO015-user-root.js';
import { composeRuleTester, yaml } from './harness.js';

const user = (text: string) => yaml('services:', '  app:', `    user: ${text}`);

describe('CO015 user-root', () => {
  const t = composeRuleTester(rule);
  t.catches('root', user('root'), [{ messageId: 'root', line: 3, column: 5, endColumn: 15 }]);
  t.catches('uid 0 as a number', user('0'), [{ line: 3, message: '"0"' }]);
  t.catches('0:0, root:root, root:1000, 0:1000', yaml('services:', '  a:', '    user: "0:0"', '  b:', '    user: root:root', '  c:', '    user: "root:1000"', '  d:', '    user: "0:1000"'), 4);
  t.catches('a default', user('${APP_USER:-root}'), 1);
  t.catches('from a merge key', yaml('x-u: &u', '  user: root', 'services:', '  app:', '    <<: *u'), [{ line: 2, column: 3 }]);
  t.leavesAlone('a numeric non-root user', user('"1000:1000"'));
  t.leavesAlone('a named user', user('node'));
  t.leavesAlone('names that start with root', user('rootless'));
  t.leavesAlone('uid 10', user('"10"'));
  t.leavesAlone('unset variables', user('"${UID}:${GID}"'));
  t.leavesAlone('no user', yaml('services:', '  app:', '    image: x:1'));
});
