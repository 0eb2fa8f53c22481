import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF030-consecutive-run.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF030 consecutive-run', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('two one-command RUNs', lines('FROM debian:12', 'RUN /foo.sh', 'RUN /bar.sh'), [{ messageId: 'consecutive', line: 3, column: 1, endColumn: 4 }]);
  t.catches('separated by comments and blank lines (hadolint #712)', lines('FROM debian:12', 'RUN apk update', '', '# install my editor', 'RUN apk add emacs'), [{ line: 5 }]);
  t.catches('a chain of one-command RUNs: each after the first', lines('FROM debian:12', 'RUN a', 'RUN b', 'RUN c'), [{ line: 3 }, { line: 4 }]);
  t.catches('after a chained RUN, only the single ones pair up', lines('FROM debian:12', 'RUN foo && bar', 'RUN foo', 'RUN bar'), [{ line: 4 }]);
  t.catches('the same --mount options', lines('FROM debian:12', 'RUN --mount=type=secret,id=foo /foo.sh', 'RUN --mount=type=secret,id=foo /bar.sh'), [{ line: 3 }]);
  t.catches('a higher maxCommands', lines('FROM debian:12', 'RUN a && b', 'RUN c'), [{ line: 3 }], { options: { maxCommands: 2 } });
  t.leavesAlone('one RUN', lines('FROM debian:12', 'RUN /foo.sh'));
  t.leavesAlone('another instruction in between', lines('FROM debian:12', 'RUN /foo.sh', 'WORKDIR /', 'RUN /bar.sh'));
  t.leavesAlone('RUNs that chain commands (a deliberate cache layer)', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'RUN curl -fsSLO https://x/a.tgz && tar -xzf a.tgz && rm a.tgz', 'RUN foo; bar'));
  t.leavesAlone('a single RUN next to a chained one (hadolint)', lines('FROM debian:12', 'RUN foobar', 'RUN foo && bar'));
  t.leavesAlone('different --mount options', lines('FROM debian:12', 'RUN --mount=type=secret,id=foo /foo.sh', 'RUN /bar.sh', 'RUN --mount=type=secret,id=bar /baz.sh'));
  t.leavesAlone('different --network', lines('FROM debian:12', 'RUN --network=none make test', 'RUN make install'));
  t.leavesAlone('heredoc RUNs (hadolint #805)', lines('FROM ubuntu:24.04', 'RUN cat <<EOF', 'Here is a heredoc.', 'EOF', 'RUN echo there', 'RUN <<EOF', 'echo again', 'EOF'));
  t.leavesAlone('exec-form RUNs', lines('FROM debian:12', 'RUN ["/foo.sh"]', 'RUN ["/bar.sh"]'));
  t.leavesAlone('RUNs in different stages', lines('FROM debian:12 AS a', 'RUN a', 'FROM debian:12', 'RUN b'));
  t.leavesAlone('ONBUILD RUNs', lines('FROM debian:12', 'ONBUILD RUN a', 'ONBUILD RUN b'));
});

describe('DF030 consecutive-run in build stages', () => {
  const t = dockerfileRuleTester(rule);
  t.leavesAlone('a build stage whose layers do not ship', lines('FROM golang:1.22 AS build', 'RUN go mod download', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app'));
  t.catches('a stage the final one is built FROM', lines('FROM debian:12 AS base', 'RUN a', 'RUN b', 'FROM base'), [{ line: 3 }]);
});
