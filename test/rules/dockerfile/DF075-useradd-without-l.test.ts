import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF075-useradd-without-l.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF075 useradd-without-l', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a six-digit UID', lines('FROM debian:12', 'RUN useradd -u 123456 app'), [
    { messageId: 'highUid', line: 2, column: 16, endColumn: 22, message: 'about 36 MB' },
  ]);
  t.catches('--uid=, -u with no space, --uid with a space', lines('FROM debian:12', 'RUN useradd --uid=1000000 a && useradd -u200000 b && useradd --uid 300000 c'), [
    { line: 2, message: '292 MB' },
    { line: 2, column: 40 },
    { line: 2 },
  ]);
  t.catches('a UID from a known ARG', lines('FROM debian:12', 'ARG APP_UID=999999', 'RUN useradd -u $APP_UID app'), 1);
  t.catches('a lower threshold from the options', lines('FROM debian:12', 'RUN useradd -u 10001 app'), 1, { options: { minUid: 10000 } });
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD RUN useradd -u 100000 app'), [{ line: 2, column: 24 }]);
  t.leavesAlone('-l', lines('FROM debian:12', 'RUN useradd -l -u 123456 app && useradd -lu 123456 b'));
  t.leavesAlone('--no-log-init', lines('FROM debian:12', 'RUN useradd --no-log-init -u 123456 app'));
  t.leavesAlone('a five-digit UID (hadolint agrees)', lines('FROM debian:12', 'RUN useradd -u 10001 app'));
  t.leavesAlone('no UID', lines('FROM debian:12', 'RUN useradd -m app'));
  t.leavesAlone('an unknown variable', lines('FROM debian:12', 'ARG UID', 'RUN useradd -u $UID app'));
  t.leavesAlone('adduser (busybox adduser writes no lastlog)', lines('FROM alpine:3.20', 'RUN adduser -D -u 123456 app'));
});
