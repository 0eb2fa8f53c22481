import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF061-expose-ssh-port.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF061 expose-ssh-port', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('EXPOSE 22 (the waste-demo image)', lines('FROM debian:12', 'EXPOSE 22 8080'), [{ messageId: 'ssh', line: 2, column: 8, endColumn: 10 }]);
  t.catches('22/tcp', lines('FROM debian:12', 'EXPOSE 80 22/tcp'), [{ line: 2, column: 11, message: '`EXPOSE 22/tcp`' }]);
  t.catches('a range covering 22', lines('FROM debian:12', 'EXPOSE 20-25'), [{ line: 2, column: 8 }]);
  t.catches('a port from an ARG', lines('FROM debian:12', 'ARG SSH_PORT=22', 'EXPOSE ${SSH_PORT}'), [{ line: 3, message: '`EXPOSE 22`' }]);
  t.catches('ONBUILD EXPOSE', lines('FROM debian:12', 'ONBUILD EXPOSE 22'), [{ line: 2, column: 16 }]);
  t.catches('the parent stage of the final one', lines('FROM debian:12 AS base', 'EXPOSE 22', 'FROM base', 'CMD ["x"]'), [{ line: 2 }]);
  t.leavesAlone('other ports', lines('FROM debian:12', 'EXPOSE 2222 220 8022 80/tcp 23-80'));
  t.leavesAlone('22/udp', lines('FROM debian:12', 'EXPOSE 22/udp'));
  t.leavesAlone('an unresolved variable', lines('FROM debian:12', 'EXPOSE $PORT'));
  t.leavesAlone('a build stage that does not ship', lines('FROM debian:12 AS build', 'EXPOSE 22', 'FROM nginx', 'COPY --from=build /x /x'));
});
