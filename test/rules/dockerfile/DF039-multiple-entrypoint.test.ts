import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF039-multiple-entrypoint.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF039 multiple-entrypoint', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two ENTRYPOINTs in one stage', lines('FROM debian:12', 'ENTRYPOINT ["a"]', 'RUN true', 'ENTRYPOINT ["b"]'), [
    { messageId: 'multiple', line: 4, column: 1, endColumn: 10 + 1 },
  ]);
  t.catches('three ENTRYPOINTs: the second and third', lines('FROM debian:12', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]', 'ENTRYPOINT ["b"]'), [{ line: 3 }, { line: 4 }]);
  t.catches('in the second stage only', lines('FROM debian:12 AS a', 'ENTRYPOINT ["a"]', 'FROM debian:12', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]'), [{ line: 5 }]);
  t.leavesAlone('one ENTRYPOINT per stage', lines('FROM debian:12 AS a', 'ENTRYPOINT ["a"]', 'FROM debian:12', 'ENTRYPOINT ["b"]'));
  t.leavesAlone('a child stage overriding its parent', lines('FROM debian:12 AS base', 'ENTRYPOINT ["a"]', 'FROM base', 'ENTRYPOINT ["b"]'));
  t.leavesAlone('ONBUILD ENTRYPOINT next to ENTRYPOINT', lines('FROM debian:12', 'ENTRYPOINT ["a"]', 'ONBUILD ENTRYPOINT ["b"]'));
});
