import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF066-multiple-healthcheck.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF066 multiple-healthcheck', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two HEALTHCHECKs in one stage', lines('FROM debian:12', 'HEALTHCHECK CMD curl -f http://x', 'RUN true', 'HEALTHCHECK --interval=5s CMD true'), [
    { messageId: 'multiple', line: 4, column: 1, endColumn: 11 + 1 },
  ]);
  t.catches('three HEALTHCHECKs: the second and third', lines('FROM debian:12', 'HEALTHCHECK CMD curl -f http://x', 'HEALTHCHECK --interval=5s CMD true', 'HEALTHCHECK --interval=5s CMD true'), [{ line: 3 }, { line: 4 }]);
  t.catches('in the second stage only', lines('FROM debian:12 AS a', 'HEALTHCHECK CMD curl -f http://x', 'FROM debian:12', 'HEALTHCHECK CMD curl -f http://x', 'HEALTHCHECK --interval=5s CMD true'), [{ line: 5 }]);
  t.leavesAlone('one HEALTHCHECK per stage', lines('FROM debian:12 AS a', 'HEALTHCHECK CMD curl -f http://x', 'FROM debian:12', 'HEALTHCHECK --interval=5s CMD true'));
  t.leavesAlone('a child stage overriding its parent', lines('FROM debian:12 AS base', 'HEALTHCHECK CMD curl -f http://x', 'FROM base', 'HEALTHCHECK --interval=5s CMD true'));
  t.leavesAlone('ONBUILD HEALTHCHECK next to HEALTHCHECK', lines('FROM debian:12', 'HEALTHCHECK CMD curl -f http://x', 'ONBUILD HEALTHCHECK --interval=5s CMD true'));
});
