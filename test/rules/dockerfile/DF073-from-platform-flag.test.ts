import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF073-from-platform-flag.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF073 from-platform-flag', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a literal platform', lines('FROM --platform=linux/amd64 debian:12'), [
    { messageId: 'fixed', line: 1, column: 6, endColumn: 28, message: 'linux/amd64' },
  ]);
  t.catches('on a build stage too', lines('FROM --platform=linux/arm64 golang:1.22 AS build', 'FROM debian:12'), [{ line: 1 }]);
  t.leavesAlone('$BUILDPLATFORM', lines('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'FROM debian:12'));
  t.leavesAlone('${TARGETPLATFORM}', lines('FROM --platform=${TARGETPLATFORM} debian:12'));
  t.leavesAlone('a build argument', lines('ARG PLATFORM=linux/amd64', 'FROM --platform=$PLATFORM debian:12'));
  t.leavesAlone('no flag', lines('FROM debian:12'));
});
