import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF022-untrusted-registry.js';
import { dockerfileRuleTester, lines } from '../harness.js';

const hub = { shared: { trustedRegistries: ['docker.io'] } };
const corp = { shared: { trustedRegistries: ['registry.corp.example', '*.gcr.io'] } };

describe('DF022 untrusted-registry', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('an image from another registry (hadolint spec)', lines('FROM random.com/debian'), [
    { messageId: 'untrusted', line: 1, column: 6, endColumn: 23, message: 'registry "random.com"' },
  ], hub);
  t.catches('a bare name is docker.io', lines('FROM python:3.12'), [{ line: 1, message: 'registry "docker.io"' }], corp);
  t.catches('COPY --from an image', lines('FROM registry.corp.example/base:1', 'COPY --from=ghcr.io/acme/tool:1 /bin/tool /bin/'), [{ line: 2, column: 6 }], corp);
  t.catches('a bare COPY --from name is a docker.io image', lines('FROM registry.corp.example/base:1', 'COPY --from=composer /usr/bin/composer /usr/bin/'), [{ line: 2 }], corp);
  t.catches('RUN --mount from an image', lines('FROM registry.corp.example/base:1', 'RUN --mount=type=bind,from=quay.io/x/y:1,target=/y ls /y'), [{ line: 2 }], corp);
  t.catches('a registry from an ARG default', lines('ARG REG=quay.io', 'FROM ${REG}/org/app:1'), [{ line: 2, message: '"quay.io"' }], corp);
  t.catches('the wildcard does not match the bare domain', lines('FROM gcr.io/distroless/static:nonroot'), 1, corp);

  t.leavesAlone('no trusted list configured (hadolint spec)', lines('FROM random.com/debian'));
  t.leavesAlone('a trusted registry', lines('FROM registry.corp.example/base:1'), corp);
  t.leavesAlone('a wildcard match', lines('FROM eu.gcr.io/project/app:1'), corp);
  t.leavesAlone('docker.io aliases', lines('FROM index.docker.io/library/debian:12', 'FROM debian:12'), hub);
  t.leavesAlone('stages and scratch', lines('FROM registry.corp.example/base:1 AS build', 'FROM scratch', 'COPY --from=build /a /a', 'COPY --from=0 /b /b'), corp);
  t.leavesAlone('a registry from an ARG with no default', lines('ARG REG', 'FROM ${REG}/org/app:1'), corp);
});
