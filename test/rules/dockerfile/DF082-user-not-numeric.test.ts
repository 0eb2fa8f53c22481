import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF082-user-not-numeric.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF082 user-not-numeric', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a user name', lines('FROM debian:12', 'RUN useradd app', 'USER app'), [
    { messageId: 'named', line: 3, column: 6, endColumn: 9, message: 'USER 10001' },
  ]);
  t.catches('name:group', lines('FROM debian:12', 'USER app:app'), [{ line: 2, message: '"app"' }]);
  t.catches('a name from a known ARG', lines('FROM debian:12', 'ARG APP_USER=svc', 'USER $APP_USER'), [{ line: 3, message: '"svc"' }]);
  t.catches('inherited from the stage the final one is built FROM', lines('FROM debian:12 AS base', 'USER app', 'FROM base', 'CMD ["x"]'), [{ line: 2 }]);
  t.leavesAlone('a numeric UID', lines('FROM debian:12', 'USER 10001'));
  t.leavesAlone('UID:GID, with a group name', lines('FROM debian:12', 'USER 10001:app'));
  t.leavesAlone('only the last USER counts', lines('FROM debian:12', 'USER app', 'RUN make', 'USER 10001'));
  t.leavesAlone('a build stage', lines('FROM debian:12 AS build', 'USER builder', 'FROM debian:12', 'USER 1000'));
  t.leavesAlone('root (DF002 reports it)', lines('FROM debian:12', 'USER root'));
  t.leavesAlone('an unknown variable', lines('FROM debian:12', 'ARG APP_UID', 'USER $APP_UID'));
  t.leavesAlone('no USER at all', lines('FROM debian:12', 'CMD ["x"]'));
});
