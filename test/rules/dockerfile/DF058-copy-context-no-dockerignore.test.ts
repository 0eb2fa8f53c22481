import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF058-copy-context-no-dockerignore.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF058 copy-context-no-dockerignore', () => {
  const t = dockerfileRuleTester(rule);
  const none = { buildContext: { dockerignore: false } };
  t.catches('COPY . .', lines('FROM node:20', 'WORKDIR /app', 'COPY . .'), [{ messageId: 'noDockerignore', line: 3, column: 6, endColumn: 7 }], none);
  t.catches('COPY . /app and ADD ./ /src', lines('FROM node:20', 'COPY --chown=node . /app', 'ADD ./ /src'), [{ line: 2, column: 19 }, { line: 3, column: 5 }], none);
  t.catches('the JSON form', lines('FROM node:20', 'COPY [".", "/app"]'), [{ line: 2 }], none);
  t.catches('COPY * /app', lines('FROM node:20', 'COPY * /app/'), [{ line: 2 }], none);
  t.catches('in every stage that copies the context', lines('FROM node:20 AS build', 'COPY . .', 'FROM nginx', 'COPY . /usr/share/nginx/html'), 2, none);
  t.catches('ONBUILD COPY', lines('FROM node:20', 'ONBUILD COPY . /app'), [{ line: 2, column: 14 }], none);
  t.leavesAlone('a .dockerignore exists', lines('FROM node:20', 'COPY . .'), { buildContext: { dockerignore: true } });
  t.leavesAlone('unknown (standard input)', lines('FROM node:20', 'COPY . .'), { buildContext: {} });
  t.leavesAlone('copying named files and folders', lines('FROM node:20', 'COPY package.json package-lock.json ./', 'COPY src/ ./src/', 'COPY .npmrc.example /x'), none);
  t.leavesAlone('COPY --from a stage', lines('FROM node:20 AS build', 'RUN true', 'FROM nginx', 'COPY --from=build . /srv'), none);
});
