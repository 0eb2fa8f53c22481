import { describe, expect, it } from 'vitest';
import rule, { jsonProblem } from '../../../src/rules/dockerfile/DF079-json-form-invalid.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF079 json-form-invalid', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('single quotes in CMD', lines('FROM node:20', "CMD ['node', 'app.js']"), [
    { messageId: 'invalid', line: 2, column: 5, endColumn: 23, message: 'single quotes instead of double quotes' },
  ]);
  t.catches('a trailing comma in ENTRYPOINT', lines('FROM node:20', 'ENTRYPOINT ["node", "app.js",]'), [{ line: 2, column: 12, message: 'a trailing comma' }]);
  t.catches('a missing comma in RUN', lines('FROM debian:12', 'RUN ["apt-get" "update"]'), [{ line: 2, message: 'a missing comma' }]);
  t.catches('a missing bracket in SHELL', lines('FROM debian:12', 'SHELL ["/bin/bash", "-c"'), [{ line: 2, message: 'no closing ]' }]);
  t.catches('an unterminated string in VOLUME', lines('FROM debian:12', 'VOLUME ["/data]'), [{ line: 2, message: 'unterminated' }]);
  t.catches('a Windows path with single backslashes', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'CMD ["C:\\app\\run.exe"]'), [{ line: 2, message: 'backslash' }]);
  t.catches('numbers in the array', lines('FROM debian:12', 'CMD ["sleep", 10]'), [{ line: 2, message: 'every element must be a string' }]);
  t.catches('HEALTHCHECK CMD, after its options', lines('FROM debian:12', "HEALTHCHECK --interval=5s CMD ['curl', '-f', 'http://x']"), [{ line: 2, column: 31 }]);
  t.catches('COPY', lines('FROM debian:12', "COPY ['a', '/b']"), 1);
  t.catches('typographic quotes', lines('FROM debian:12', 'CMD [\u201cnode\u201d, \u201capp.js\u201d]'), [{ line: 2, message: 'typographic quotes' }]);
  t.catches('in ONBUILD', lines('FROM debian:12', "ONBUILD CMD ['x']"), [{ line: 2, column: 13 }]);
  t.leavesAlone('valid JSON', lines('FROM debian:12', 'CMD ["node", "app.js"]', 'ENTRYPOINT [ "a" , "b" ]', 'VOLUME ["/data"]', 'HEALTHCHECK CMD ["curl", "-f", "http://x"]', 'RUN []'));
  t.leavesAlone('valid JSON over continued lines with a comment line', lines('FROM debian:12', 'ENTRYPOINT [\\', '  "a",\\', '  # the command', '  "b"\\', ']'));
  t.leavesAlone('shell test commands that start with [', lines('FROM debian:12', 'RUN [ -f /etc/x ] && rm /etc/x', 'RUN [ "$ARCH" = "amd64" ] || exit 0', 'RUN [ "$A" ] && make', 'CMD [ -n "$X" ] && exec app'));
  t.leavesAlone('shell form that does not start with [', lines('FROM debian:12', "CMD node 'app.js'", 'VOLUME /data'));
  it('names every problem it finds', () => {
    expect(jsonProblem("['a' 'b',]")).toBe('single quotes instead of double quotes, a missing comma between elements, a trailing comma');
    expect(jsonProblem('["a", "b"]')).toBeUndefined();
    expect(jsonProblem('[ x ]')).toBeUndefined();
  });
});
