import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF002-last-user-root.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF002 last-user-root', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('USER root last', lines('FROM debian:12', 'USER root', 'RUN true'), [{ messageId: 'root', line: 2, column: 6, endColumn: 10 }]);
  t.catches('USER 0:0 in a scratch image', lines('FROM scratch', 'USER 0:0'), [{ messageId: 'root', line: 2, message: '"0:0"' }]);
  t.catches('root with a group', lines('FROM debian:12', 'USER root:staff'), [{ line: 2 }]);
  t.catches('numeric root', lines('FROM debian:12', 'USER 0'), [{ line: 2 }]);
  t.catches('USER root after a non-root USER', lines('FROM debian:12', 'USER app', 'RUN x', 'USER root'), [{ line: 4 }]);
  t.catches('root through a known ARG', lines('FROM debian:12', 'ARG RUN_AS=root', 'USER ${RUN_AS}'), [{ line: 3, message: '"root"' }]);
  t.catches('root inherited from the stage the final image is built FROM (hadolint spec)',
    lines('FROM debian:12 AS base', 'USER root', 'RUN something', 'FROM base', 'RUN something else'),
    [{ messageId: 'inherited', line: 2, message: 'stage "base"' }]);
  t.catches('the Windows administrator account', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'USER ContainerAdministrator'), 1);
  t.catches('multi-stage: root in the final stage only', lines('FROM golang:1.22 AS build', 'USER builder', 'FROM debian:12', 'COPY --from=build /app /app', 'USER root'), [{ line: 5 }]);

  t.leavesAlone('a non-root last USER', lines('FROM debian:12', 'USER root', 'RUN apt-get update', 'USER app'));
  t.leavesAlone('a numeric non-root UID', lines('FROM debian:12', 'USER 10001:10001'));
  t.leavesAlone('no USER at all (another rule\'s concern)', lines('FROM debian:12', 'RUN true'));
  t.leavesAlone('a build stage that ends as root (hadolint #405, #1014)',
    lines('FROM golang:1.22 AS build', 'USER root', 'RUN go build -o /app', 'FROM gcr.io/distroless/static:nonroot', 'COPY --from=build /app /app', 'USER nonroot'));
  t.leavesAlone('a build stage that ends as root with a final stage from scratch (hadolint spec)',
    lines('FROM debian:12 AS base', 'USER root', 'RUN something', 'USER foo', 'FROM scratch', 'RUN something else'));
  t.leavesAlone('root in a stage the final image is not built from', lines('FROM debian:12 AS tools', 'USER root', 'FROM debian:12', 'USER app'));
  t.leavesAlone('an inherited non-root USER', lines('FROM debian:12 AS base', 'USER root', 'RUN x', 'USER app', 'FROM base', 'RUN y'));
  t.leavesAlone('a user from a variable with no known value', lines('FROM debian:12', 'ARG RUN_AS', 'USER $RUN_AS'));
  t.leavesAlone('a user named like root but not root', lines('FROM debian:12', 'USER rootless'));
  t.leavesAlone('ONBUILD USER root (it applies to child images)', lines('FROM debian:12', 'USER app', 'ONBUILD USER root'));
});
