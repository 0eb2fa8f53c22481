import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF026-onbuild-chain.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF026 onbuild-chain', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('ONBUILD ONBUILD', lines('FROM debian:12', 'ONBUILD ONBUILD RUN make'), [
    { messageId: 'forbidden', line: 2, column: 9, endColumn: 16, message: 'ONBUILD is not allowed' },
  ]);
  t.catches('ONBUILD FROM', lines('FROM debian:12', 'ONBUILD FROM alpine'), [{ line: 2, column: 9, message: 'FROM is not allowed' }]);
  t.catches('ONBUILD MAINTAINER, lower case', lines('FROM debian:12', 'onbuild maintainer me'), [{ line: 2, column: 9, message: 'MAINTAINER' }]);
  t.leavesAlone('ONBUILD RUN and COPY', lines('FROM debian:12', 'ONBUILD COPY . /app', 'ONBUILD RUN make'));
  t.leavesAlone('ONBUILD WORKDIR in a later stage', lines('FROM debian:12 AS base', 'FROM base', 'ONBUILD WORKDIR /app'));
});
