import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO007-no-new-privileges.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO007 no-new-privileges', () => {
  const t = composeRuleTester(rule);
  t.catches('missing, at the service name', yaml('services:', '  app:', '    image: x:1'), [{ messageId: 'missing', line: 2, column: 3, endColumn: 6 }]);
  t.catches('other security options only', yaml('services:', '  app:', '    image: x:1', '    security_opt: [apparmor:docker-default]'), [{ messageId: 'missing', line: 2 }]);
  t.catches('explicitly false', yaml('services:', '  app:', '    security_opt: ["no-new-privileges:false"]'), [{ messageId: 'disabled', line: 3, column: 20 }]);
  t.catches('each service', yaml('services:', '  a:', '    image: x:1', '  b:', '    image: y:1'), 2);
  t.leavesAlone('set with :true', yaml('services:', '  app:', '    security_opt:', '      - no-new-privileges:true'));
  t.leavesAlone('set with =true, alone, or =1', yaml('services:', '  a:', '    security_opt: [no-new-privileges=true]', '  b:', '    security_opt: [no-new-privileges]', '  c:', '    security_opt: ["no-new-privileges=1"]'));
  t.leavesAlone('set in an anchor', yaml('x-hardening: &hardening', '  security_opt: [no-new-privileges:true]', 'services:', '  a:', '    <<: *hardening', '  b:', '    <<: *hardening'));
  t.leavesAlone('set in the extended service', yaml('services:', '  app:', '    extends: {file: base.yml, service: base}'), { files: { 'base.yml': yaml('services:', '  base:', '    security_opt: [no-new-privileges:true]') } });
  t.leavesAlone('privileged (CO001)', yaml('services:', '  app:', '    privileged: true'));
  t.leavesAlone('suppressed for the whole file', yaml('# plimsoll global ignore=no-new-privileges -- dev stack', 'services:', '  app:', '    image: x:1'));
  t.catches('on in the recommended preset as a note', yaml('services:', '  app:', '    image: x:1'), 1, { preset: 'recommended' });
  t.leavesAlone('a fragment in an override file (no image, no build)', yaml('services:', '  app:', '    ports: ["8080:80"]'));
  t.catches('a service with only build', yaml('services:', '  app:', '    build: .'), 1);
});
