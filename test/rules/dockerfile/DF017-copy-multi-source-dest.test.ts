import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF017-copy-multi-source-dest.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF017 copy-multi-source-dest', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two sources and no slash', lines('FROM node:20', 'COPY package.json yarn.lock /app'), [
    { messageId: 'noSlash', line: 2, column: 29, endColumn: 33, message: 'write "/app/"' },
  ]);
  t.catches('ADD too', lines('FROM node:20', 'ADD a.txt b.txt /dest'), [{ line: 2, message: 'ADD has 2 sources' }]);
  t.catches('the JSON form', lines('FROM node:20', 'COPY ["a.txt", "b.txt", "/dest"]'), [{ line: 2 }]);
  t.catches('with --from and --chown', lines('FROM node:20 AS build', 'FROM node:20', 'COPY --from=build --chown=node /a /b /app'), [{ line: 3 }]);
  t.catches('a destination from a known variable', lines('FROM node:20', 'ENV APP=/srv/app', 'COPY a b $APP'), [{ line: 3, message: '"/srv/app"' }]);
  t.catches('two heredocs', lines('FROM node:20', 'COPY <<A <<B /dest', 'a', 'A', 'b', 'B'), [{ line: 2 }]);
  t.catches('ONBUILD COPY', lines('FROM node:20', 'ONBUILD COPY a b /app'), 1);

  t.leavesAlone('a trailing slash', lines('FROM node:20', 'COPY package.json yarn.lock /app/'));
  t.leavesAlone('one source', lines('FROM node:20', 'COPY package.json /app/package.json'));
  t.leavesAlone('a glob as one source', lines('FROM node:20', 'COPY *.json /app'));
  t.leavesAlone('. as destination (BuildKit takes it as the WORKDIR)', lines('FROM node:20', 'WORKDIR /app', 'COPY package.json yarn.lock .'));
  t.leavesAlone('./ as destination', lines('FROM node:20', 'COPY package.json yarn.lock ./'));
  t.leavesAlone('a variable with a slash', lines('FROM node:20', 'COPY a b $APP_HOME/'));
  t.leavesAlone('a variable with no known value', lines('FROM node:20', 'ARG DEST', 'COPY a b $DEST'));
  t.leavesAlone('a Windows destination', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY a b C:\\\\app\\\\'));
});
