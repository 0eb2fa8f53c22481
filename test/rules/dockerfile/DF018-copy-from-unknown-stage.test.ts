import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF018-copy-from-unknown-stage.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF018 copy-from-unknown-stage', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a misspelt stage', lines('FROM golang:1.22 AS builder', 'FROM alpine:3.20', 'COPY --from=biulder /app /app'), [
    { messageId: 'typo', line: 3, column: 6, endColumn: 20, message: 'did you mean stage "builder"' },
  ]);
  t.catches('a name that is no stage and no tagged image', lines('FROM alpine:3.20', 'COPY --from=composer /usr/bin/composer /usr/bin/'), [
    { messageId: 'unknown', line: 2, message: '"composer:<version>"' },
  ]);
  t.catches('a stage index out of range', lines('FROM golang:1.22', 'FROM alpine:3.20', 'COPY --from=2 /app /app'), [{ messageId: 'badIndex', line: 3, message: '0 to 1' }]);
  t.catches('RUN --mount from an unknown stage', lines('FROM golang:1.22 AS deps', 'FROM golang:1.22', 'RUN --mount=type=bind,from=dep,target=/deps ls /deps'), [{ messageId: 'typo', line: 3, column: 5 }]);

  t.leavesAlone('an earlier stage', lines('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'COPY --from=build /app /app'));
  t.leavesAlone('a stage name in another case', lines('FROM golang:1.22 AS Build', 'FROM alpine:3.20', 'COPY --from=BUILD /app /app'));
  t.leavesAlone('a later stage (BuildKit resolves it)', lines('FROM alpine:3.20 AS final', 'COPY --from=build /app /app', 'FROM golang:1.22 AS build'));
  t.leavesAlone('a stage index', lines('FROM golang:1.22', 'FROM alpine:3.20', 'COPY --from=0 /app /app'));
  t.leavesAlone('image references (hadolint)', lines('FROM alpine:3.20', 'COPY --from=composer:2 /usr/bin/composer /a/', 'COPY --from=ghcr.io/astral-sh/uv /uv /b/', 'COPY --from=nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /x /c/'));
  t.leavesAlone('a variable with no known value', lines('FROM alpine:3.20', 'ARG FROM_STAGE', 'COPY --from=$FROM_STAGE /a /a'));
  t.leavesAlone('a variable naming a stage', lines('FROM golang:1.22 AS build', 'FROM alpine:3.20', 'ARG SRC=build', 'COPY --from=${SRC} /a /a'));
  t.leavesAlone('a cache mount with no from', lines('FROM golang:1.22', 'RUN --mount=type=cache,target=/root/.cache go build'));
});
