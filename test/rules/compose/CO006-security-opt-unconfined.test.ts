import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO006-security-opt-unconfined.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO006 security-opt-unconfined', () => {
  const t = composeRuleTester(rule);
  t.catches('seccomp:unconfined', yaml('services:', '  app:', '    security_opt:', '      - seccomp:unconfined'), [{ messageId: 'seccomp', line: 4, column: 9 }]);
  t.catches('= spellings and upper case', yaml('services:', '  app:', '    security_opt: ["seccomp=unconfined", "apparmor=UNCONFINED", "label=disable"]'), [
    { messageId: 'seccomp', line: 3, column: 20 },
    { messageId: 'apparmor', line: 3, column: 42 },
    { messageId: 'selinux', line: 3, column: 65 },
  ]);
  t.catches('the SELinux super-privileged type and unmasked paths', yaml('services:', '  app:', '    security_opt: [label:type:spc_t, systempaths=unconfined]'), [
    { messageId: 'selinux', line: 3 },
    { messageId: 'systempaths', line: 3 },
  ]);
  t.catches('from a merge key', yaml('x-s: &s', '  security_opt: [apparmor:unconfined]', 'services:', '  app:', '    <<: *s'), [{ line: 2, column: 18 }]);
  t.catches('merged over extends', yaml('services:', '  base:', '    security_opt: [seccomp:unconfined]', '  app:', '    extends: base', '    security_opt: [no-new-privileges:true]'), [
    { line: 3, message: '"base"' },
    { line: 3, message: '"app"' },
  ]);
  t.leavesAlone('profiles and hardening', yaml('services:', '  app:', '    security_opt:', '      - seccomp:./seccomp.json', '      - apparmor:docker-default', '      - no-new-privileges:true', '      - label:type:container_t'));
  t.leavesAlone('an unset variable', yaml('services:', '  app:', '    security_opt: ["seccomp:${PROFILE}"]'));
});
