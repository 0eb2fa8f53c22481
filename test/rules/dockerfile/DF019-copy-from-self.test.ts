import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF019-copy-from-self.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF019 copy-from-self', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('COPY --from its own alias', lines('FROM debian:12 AS build', 'COPY --from=build /a /b'), [{ messageId: 'self', line: 2, column: 6, endColumn: 18 }]);
  t.catches('COPY --from its own index', lines('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'COPY --from=1 /a /b'), [{ messageId: 'self', line: 3 }]);
  t.catches('COPY --from=0 in a single-stage file', lines('FROM debian:12', 'COPY --from=0 /a /b'), [{ messageId: 'self', line: 2 }]);
  t.catches('its own alias in another case', lines('FROM debian:12 AS Build', 'COPY --from=BUILD /a /b'), 1);
  t.catches('RUN --mount from its own stage', lines('FROM debian:12 AS tools', 'RUN --mount=from=tools,target=/t ls /t'), [{ messageId: 'self', line: 2 }]);
  t.catches('a cycle between two stages', lines('FROM debian:12 AS a', 'COPY --from=b /x /x', 'FROM debian:12 AS b', 'COPY --from=a /y /y'), [
    { messageId: 'cycle', line: 2, message: '"b" -> "a"' },
    { messageId: 'cycle', line: 4 },
  ]);
  t.catches('a cycle through FROM', lines('FROM debian:12 AS base', 'COPY --from=child /x /x', 'FROM base AS child'), [{ messageId: 'cycle', line: 2 }]);

  t.leavesAlone('an earlier stage', lines('FROM golang:1.22 AS build', 'FROM alpine:3.20 AS final', 'COPY --from=build /a /b'));
  t.leavesAlone('a later stage with no cycle', lines('FROM alpine:3.20 AS final', 'COPY --from=build /a /b', 'FROM golang:1.22 AS build'));
  t.leavesAlone('an image', lines('FROM alpine:3.20 AS composer', 'COPY --from=composer:2 /usr/bin/composer /usr/bin/'));
  t.leavesAlone('a chain without a cycle', lines('FROM debian:12 AS a', 'FROM a AS b', 'COPY --from=a /x /x', 'FROM b', 'COPY --from=a /y /y'));
});
