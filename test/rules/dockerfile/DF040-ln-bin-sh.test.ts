import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF040-ln-bin-sh.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF040 ln-bin-sh', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('ln -sf /bin/bash /bin/sh', lines('FROM debian:12', 'RUN ln -sf /bin/bash /bin/sh'), [
    { messageId: 'linkSh', line: 2, column: 22, endColumn: 29, message: 'SHELL ["/bin/bash", "-c"]' },
  ]);
  t.catches('/usr/bin/sh, and after rm', lines('FROM debian:12', 'RUN rm /bin/sh && ln -s /usr/bin/bash /usr/bin/sh'), 1);
  t.catches('-t /bin with a sh', lines('FROM alpine:3.20', 'RUN ln -s -t /bin /usr/local/bin/sh'), [{ line: 2, column: 19 }]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD RUN ln -sf bash /bin/sh'), [{ line: 2, column: 25 }]);
  t.leavesAlone('/bin/sh as the link target (hadolint fires)', lines('FROM debian:12', 'RUN ln -s /bin/sh /usr/local/bin/sh'));
  t.leavesAlone('other links', lines('FROM debian:12', 'RUN ln -s /usr/local/bin/node /usr/local/bin/nodejs && ln -sf /bin/bash /bin/bash5'));
  t.leavesAlone('SHELL', lines('FROM debian:12', 'SHELL ["/bin/bash", "-c"]'));
});
