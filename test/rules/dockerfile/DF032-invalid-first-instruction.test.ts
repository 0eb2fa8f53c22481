import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF032-invalid-first-instruction.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF032 invalid-first-instruction', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('LABEL before FROM', lines('LABEL a=b', 'FROM debian:12'), [{ messageId: 'beforeFrom', line: 1, column: 1, endColumn: 6 }]);
  t.catches('each instruction before FROM, ARG excepted', lines('ARG X=1', 'ENV A=1', 'RUN true', 'FROM debian:12'), [
    { line: 2, message: 'ENV comes before the first FROM' },
    { line: 3, message: 'RUN' },
  ]);
  t.catches('a file without FROM', lines('# just a fragment', 'RUN make'), [{ line: 1 + 1, column: 1 }]);
  t.leavesAlone('FROM first', lines('FROM debian:12', 'RUN true'));
  t.leavesAlone('parser directives, comments and ARG before FROM', lines('# syntax=docker/dockerfile:1', '# escape=\\', '', '# base image', 'ARG BASE=debian:12', 'FROM $BASE'));
  t.leavesAlone('an unknown instruction (an input error, not this rule)', lines('FORM debian:12', 'FROM debian:12'));
});
