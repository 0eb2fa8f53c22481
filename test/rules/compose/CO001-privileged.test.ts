import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO001-privileged.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO001 privileged', () => {
  const t = composeRuleTester(rule);
  t.catches('privileged: true', yaml('services:', '  web:', '    image: nginx:1.27', '    privileged: true'), [
    { messageId: 'privileged', line: 4, column: 5, endColumn: 21, message: 'Service "web"' },
  ]);
  t.catches('YAML 1.1 spelling', yaml('services:', '  web:', '    privileged: yes'), [{ line: 3, column: 5 }]);
  t.catches('through a merge key, at the anchor', yaml('x-priv: &priv', '  privileged: true', 'services:', '  a:', '    <<: *priv', '  b:', '    <<: *priv'), [
    { line: 2, column: 3, message: '"a"' },
    { line: 2, column: 3, message: '"b"' },
  ]);
  t.catches('through extends in another file', yaml('services:', '  web:', '    extends:', '      file: base.yml', '      service: base'), [{ line: 3, column: 5, file: 'base.yml' }], {
    files: { 'base.yml': yaml('services:', '  base:', '    privileged: true') },
  });
  t.catches('an interpolated default', yaml('services:', '  web:', '    privileged: ${PRIVILEGED:-true}'), 1);
  t.catches('a value from .env', yaml('services:', '  web:', '    privileged: ${PRIVILEGED}'), 1, { files: { '.env': 'PRIVILEGED=true\n' } });
  t.catches('a version 1 file', yaml('web:', '  image: nginx:1', '  privileged: true'), [{ line: 3, column: 3 }]);
  t.leavesAlone('privileged: false', yaml('services:', '  web:', '    privileged: false'));
  t.leavesAlone('not set', yaml('services:', '  web:', '    image: nginx:1.27'));
  t.leavesAlone('an unset variable', yaml('services:', '  web:', '    privileged: ${PRIVILEGED}'));
  t.leavesAlone('overridden by the service', yaml('x-priv: &priv', '  privileged: true', 'services:', '  a:', '    <<: *priv', '    privileged: false'));
  t.catches('the base only, when the extending service overrides it', yaml('services:', '  base:', '    privileged: true', '  web:', '    extends: base', '    privileged: false'), [
    { line: 3, message: '"base"' },
  ]);
  t.leavesAlone('privileged in an x- extension only', yaml('x-notes:', '  privileged: true', 'services:', '  web:', '    image: nginx:1.27'));
  t.leavesAlone('suppressed on the line before', yaml('services:', '  web:', '    # plimsoll ignore=CO001 -- needs to load a kernel module', '    privileged: true'));
  t.leavesAlone('suppressed by name before the service', yaml('services:', '  # plimsoll ignore=privileged', '  web:', '    image: x:1', '    privileged: true'));
  t.leavesAlone('suppressed above the merge key', yaml('x-priv: &priv', '  privileged: true', 'services:', '  a:', '    # plimsoll ignore=CO001', '    <<: *priv'));
  t.leavesAlone('suppressed in the whole file', yaml('# plimsoll global ignore=CO001', 'services:', '  web:', '    privileged: true'));
  t.catches('a suppression for another rule does not apply', yaml('services:', '  web:', '    # plimsoll ignore=CO002', '    privileged: true'), 1);
  t.catches('suppression comments count only with inline ignores on', yaml('services:', '  web:', '    # plimsoll ignore=CO001', '    privileged: true'), 1, { inlineIgnores: false });
});
