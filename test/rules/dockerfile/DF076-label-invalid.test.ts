import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF076-label-invalid.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF076 label-invalid', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('upper-case key', lines('FROM debian:12', 'LABEL Version=1.0'), [
    { messageId: 'invalidKey', line: 2, column: 7, endColumn: 14, message: 'has upper-case letters' },
  ]);
  t.catches('underscore, leading digit, trailing dot, double dash', lines('FROM debian:12', 'LABEL build_date=x 1abc=y abc.=z a--b=w'), [
    { line: 2, column: 7, message: '"_"' },
    { line: 2, column: 20, message: 'does not start with a letter' },
    { line: 2, column: 27, message: 'does not end with a letter or digit' },
    { line: 2, column: 34, message: '".." or "--"' },
  ]);
  t.catches('a reserved namespace', lines('FROM debian:12', 'LABEL com.docker.extension=1'), [{ line: 2, message: 'com.docker.*' }]);
  t.catches('an empty value', lines('FROM debian:12', 'LABEL org.opencontainers.image.version=""'), [
    { messageId: 'emptyValue', line: 2, column: 7, message: 'Label "org.opencontainers.image.version" has an empty value' },
  ]);
  t.catches('an empty value after =', lines('FROM debian:12', 'LABEL a=b description='), [{ messageId: 'emptyValue', line: 2, column: 11 }]);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD LABEL Foo=bar'), [{ line: 2, column: 15 }]);
  t.leavesAlone('reverse-DNS keys and plain keys', lines('FROM debian:12', 'LABEL org.opencontainers.image.source="https://x" maintainer="me" org.label-schema.build-date=2024 app.v2=yes'));
  t.leavesAlone('the legacy space form', lines('FROM debian:12', 'LABEL description some words'));
  t.leavesAlone('keys and values from variables', lines('FROM debian:12', 'ARG VERSION', 'LABEL $KEY=1 version=$VERSION'));
});
