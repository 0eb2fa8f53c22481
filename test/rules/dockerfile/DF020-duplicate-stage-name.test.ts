import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF020-duplicate-stage-name.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF020 duplicate-stage-name', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two stages with one name', lines('FROM node:20 AS build', 'RUN a', 'FROM golang:1.22 AS build', 'RUN b'), [
    { messageId: 'duplicate', line: 3, column: 21, endColumn: 26, message: '"FROM node:20 AS build"' },
  ]);
  t.catches('names differing only in case', lines('FROM node:20 AS Build', 'FROM golang:1.22 as BUILD'), [{ line: 2 }]);
  t.catches('three times', lines('FROM a:1 AS x', 'FROM b:1 AS x', 'FROM c:1 AS x'), 2);

  t.leavesAlone('unique names', lines('FROM node:20 AS build', 'FROM node:20 AS test', 'FROM build'));
  t.leavesAlone('unnamed stages', lines('FROM node:20', 'FROM node:20'));
});
