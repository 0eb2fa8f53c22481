import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF054-from-not-pinned-by-digest.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('DF054 from-not-pinned-by-digest', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('FROM with a tag', lines('FROM python:3.12-slim'), [{ messageId: 'from', line: 1, column: 6, endColumn: 22, message: 'python:3.12-slim@sha256:<digest>' }]);
  t.catches('FROM with no tag', lines('FROM ghcr.io/acme/base AS base', 'FROM base'), [{ messageId: 'from', line: 1 }]);
  t.catches('FROM with a resolved ARG', lines('ARG BASE=node:20', 'FROM ${BASE}'), [{ messageId: 'from', line: 2, message: 'node:20' }]);
  t.catches('every external stage', lines('FROM golang:1.22 AS build', 'FROM gcr.io/distroless/static:nonroot', 'COPY --from=build /app /app'), [
    { line: 1 },
    { line: 2 },
  ]);
  t.catches('COPY --from an external image', lines(`FROM alpine@${DIGEST}`, 'COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/'), [
    { messageId: 'copyFrom', line: 2, column: 6, message: '--from=nginx:1.27' },
  ]);
  t.catches('RUN --mount=from= an external image', lines(`FROM alpine@${DIGEST}`, 'RUN --mount=type=bind,from=ghcr.io/acme/tools:1,target=/t /t/run'), [{ messageId: 'copyFrom', line: 2 }]);
  t.leavesAlone('digest-pinned images', lines(`FROM python:3.12@${DIGEST}`, `FROM ghcr.io/acme/base@${DIGEST}`, `COPY --from=nginx:1.27@${DIGEST} /a /a`));
  t.leavesAlone('scratch and stage references', lines(`FROM golang:1.22@${DIGEST} AS build`, 'FROM scratch', 'COPY --from=build /app /app', 'COPY --from=0 /x /x'));
  t.leavesAlone('an unresolved variable', lines('ARG BASE', 'FROM ${BASE}'));
  t.leavesAlone('a bare --from name (a stage or a named build context)', lines(`FROM alpine@${DIGEST}`, 'COPY --from=src /a /a'));
  t.leavesAlone('an ARG default holding the digest', lines(`ARG BASE=node:20@${DIGEST}`, 'FROM $BASE'));
});
