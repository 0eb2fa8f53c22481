import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF009-expose-port-range.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF009 expose-port-range', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a port above 65535', lines('FROM debian:12', 'EXPOSE 80 80000'), [{ messageId: 'outOfRange', line: 2, column: 11, endColumn: 16, message: '80000' }]);
  t.catches('a range that ends above 65535', lines('FROM debian:12', 'EXPOSE 65000-70000/udp'), [{ messageId: 'outOfRange', line: 2, message: '70000' }]);
  t.catches('a reversed range', lines('FROM debian:12', 'EXPOSE 9000-8000'), [{ messageId: 'badRange', line: 2 }]);
  t.catches('an unknown protocol', lines('FROM debian:12', 'EXPOSE 80/http'), [{ messageId: 'badProtocol', line: 2, message: '"http"' }]);
  t.catches('not a port', lines('FROM debian:12', 'EXPOSE http'), [{ messageId: 'notAPort', line: 2 }]);
  t.catches('a host mapping', lines('FROM debian:12', 'EXPOSE 8080:80'), [{ messageId: 'mapping', line: 2, message: 'EXPOSE 80)' }]);
  t.catches('a variable with a bad default', lines('FROM debian:12', 'ARG PORT=99999', 'EXPOSE $PORT'), [{ messageId: 'outOfRange', line: 3, column: 8 }]);
  t.catches('a variable that holds two ports', lines('FROM debian:12', 'ENV PORTS="80 70000"', 'EXPOSE ${PORTS}'), [{ line: 3, message: '70000' }]);
  t.catches('ONBUILD EXPOSE', lines('FROM debian:12', 'ONBUILD EXPOSE 123456'), 1);

  t.leavesAlone('valid ports, ranges and protocols', lines('FROM debian:12', 'EXPOSE 0 80 443/tcp 53/udp 9000-9010 132/sctp 65535 8080/TCP'));
  t.leavesAlone('a variable with no known value', lines('FROM debian:12', 'ARG PORT', 'EXPOSE $PORT'));
  t.leavesAlone('a variable with a valid default', lines('FROM debian:12', 'ARG PORT=8080', 'EXPOSE ${PORT}/tcp'));
  t.leavesAlone('a ${VAR:-default}', lines('FROM debian:12', 'EXPOSE ${PORT:-3000}'));
});
