import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF060-final-stage-runs-as-root.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF060 final-stage-runs-as-root', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('no USER at all', lines('FROM python:3.12-slim', 'COPY . /app', 'CMD ["python", "/app/main.py"]'), [
    { messageId: 'noUser', line: 1, column: 6, endColumn: 22, message: 'the base image python:3.12-slim' },
  ]);
  t.catches('a USER only in a build stage', lines('FROM node:20 AS build', 'USER node', 'RUN npm ci', 'FROM nginx:1.27', 'COPY --from=build /app /srv'), [{ line: 4, column: 6 }]);
  t.catches('the final stage built from a stage without USER', lines('FROM debian:12 AS base', 'RUN true', 'FROM base', 'CMD ["x"]'), [{ line: 3, message: 'the base image debian:12' }]);
  t.catches('a scratch image', lines('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app', 'ENTRYPOINT ["/app"]'), [
    { messageId: 'scratch', line: 3, column: 6, message: 'USER 65532:65532' },
  ]);
  t.catches('a base that is not in the non-root list', lines('FROM gcr.io/distroless/static-debian12'), [{ line: 1 }]);
  t.leavesAlone('a USER in the final stage (DF002 judges root)', lines('FROM python:3.12', 'USER root'));
  t.leavesAlone('a non-root USER', lines('FROM python:3.12', 'RUN useradd -r app', 'USER app'));
  t.leavesAlone('USER inherited from a parent stage', lines('FROM node:20 AS base', 'USER node', 'FROM base', 'CMD ["node", "x"]'));
  t.leavesAlone('distroless :nonroot', lines('FROM golang:1.22 AS b', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=b /app /app'));
  t.leavesAlone('distroless :debug-nonroot with a digest', lines(`FROM gcr.io/distroless/base:debug-nonroot@sha256:${'0'.repeat(64)}`));
  t.leavesAlone('Chainguard and *-unprivileged images', lines('FROM cgr.dev/chainguard/python:latest', 'FROM nginxinc/nginx-unprivileged:1.27'));
  t.leavesAlone('a base from the nonRootBaseImages option', lines('FROM registry.acme.io/base/java:21'), { options: { nonRootBaseImages: ['registry.acme.io/base/**'] } });
  t.leavesAlone('an image that installs gosu to drop root in its entrypoint', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y gosu', 'ENTRYPOINT ["docker-entrypoint.sh"]'));
  t.leavesAlone('an image that downloads su-exec', lines('FROM alpine:3.20', 'RUN apk add --no-cache su-exec'));
  t.leavesAlone('an unresolved base', lines('ARG BASE', 'FROM ${BASE}', 'CMD ["x"]'));
  t.leavesAlone('Windows base images', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022'));
  t.leavesAlone('ONBUILD USER', lines('FROM debian:12', 'ONBUILD USER app'));
});
