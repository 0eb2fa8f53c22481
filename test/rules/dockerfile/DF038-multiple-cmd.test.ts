import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF038-multiple-cmd.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF038 multiple-cmd', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two CMDs in one stage', lines('FROM debian:12', 'CMD ["a"]', 'RUN true', 'CMD ["b"]'), [
    { messageId: 'multiple', line: 4, column: 1, endColumn: 3 + 1 },
  ]);
  t.catches('three CMDs: the second and third', lines('FROM debian:12', 'CMD ["a"]', 'CMD ["b"]', 'CMD ["b"]'), [{ line: 3 }, { line: 4 }]);
  t.catches('in the second stage only', lines('FROM debian:12 AS a', 'CMD ["a"]', 'FROM debian:12', 'CMD ["a"]', 'CMD ["b"]'), [{ line: 5 }]);
  t.leavesAlone('one CMD per stage', lines('FROM debian:12 AS a', 'CMD ["a"]', 'FROM debian:12', 'CMD ["b"]'));
  t.leavesAlone('a child stage overriding its parent', lines('FROM debian:12 AS base', 'CMD ["a"]', 'FROM base', 'CMD ["b"]'));
  t.leavesAlone('ONBUILD CMD next to CMD', lines('FROM debian:12', 'CMD ["a"]', 'ONBUILD CMD ["b"]'));
});
