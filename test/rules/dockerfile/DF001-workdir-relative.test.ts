import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF001-workdir-relative.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF001 workdir-relative', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a relative WORKDIR', lines('FROM debian:12', 'WORKDIR app'), [{ messageId: 'relative', line: 2, column: 9, endColumn: 12 }]);
  t.catches('a ./ relative WORKDIR', lines('FROM debian:12', 'WORKDIR ./app'), [{ line: 2, message: '"/app"' }]);
  t.catches('inside ONBUILD', lines('FROM debian:12', 'ONBUILD WORKDIR app'), [{ line: 2, column: 17 }]);
  t.leavesAlone('an absolute WORKDIR', lines('FROM debian:12', 'WORKDIR /app'));
  t.leavesAlone('a quoted absolute WORKDIR', lines('FROM debian:12', 'WORKDIR "/app"'));
  t.leavesAlone('a variable that is absolute at build time', lines('FROM debian:12', 'ENV APP=/app', 'WORKDIR $APP'));
  t.leavesAlone('a Windows path', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'WORKDIR C:\\\\app'));
});
