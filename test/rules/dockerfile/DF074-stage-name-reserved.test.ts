import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF074-stage-name-reserved.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF074 stage-name-reserved', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('AS scratch', lines('FROM debian:12 AS scratch', 'FROM debian:12'), [
    { messageId: 'reserved', line: 1, column: 19, endColumn: 26, message: '"scratch"' },
  ]);
  t.catches('as Context, any case', lines('FROM debian:12 as Context'), [{ line: 1, message: '"context"' }]);
  t.leavesAlone('FROM scratch itself', lines('FROM scratch', 'COPY app /'));
  t.leavesAlone('ordinary names', lines('FROM debian:12 AS build', 'FROM scratch AS final'));
});
