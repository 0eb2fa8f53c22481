import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO017-healthcheck-disabled.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO017 healthcheck-disabled', () => {
  const t = composeRuleTester(rule);
  t.catches('disable: true', yaml('services:', '  app:', '    healthcheck:', '      disable: true'), [{ messageId: 'disabled', line: 4, column: 7, endColumn: 20 }]);
  t.catches('test: ["NONE"]', yaml('services:', '  app:', '    healthcheck:', '      test: ["NONE"]'), [{ line: 4, column: 7 }]);
  t.catches('test as a block list', yaml('services:', '  app:', '    healthcheck:', '      test:', '        - NONE'), [{ line: 4, column: 7, endColumn: 11 }]);
  t.leavesAlone('a healthcheck', yaml('services:', '  app:', '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost"]', '      interval: 30s'));
  t.leavesAlone('no healthcheck key (the image\'s applies)', yaml('services:', '  app:', '    image: x:1'));
  t.leavesAlone('disable: false', yaml('services:', '  app:', '    healthcheck:', '      disable: false', '      test: ["CMD-SHELL", "true"]'));
  t.leavesAlone('NONE as a shell command string', yaml('services:', '  app:', '    healthcheck:', '      test: NONE'));
});
