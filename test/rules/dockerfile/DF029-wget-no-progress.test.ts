import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF029-wget-no-progress.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF029 wget-no-progress', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('plain wget', lines('FROM debian:12', 'RUN wget https://example.com/big.tar.gz'), [{ messageId: 'noProgress', line: 2, column: 5, endColumn: 9 }]);
  t.catches('wget -O file', lines('FROM debian:12', 'RUN wget -O /tmp/x.tgz https://example.com/x.tgz'), 1);
  t.catches('wget in a pipe, on a continuation line', lines('FROM debian:12', 'RUN set -e; \\', '  wget -O- https://x | tar -xz'), [{ line: 3, column: 3 }]);
  t.catches('in a heredoc and in ONBUILD', lines('FROM debian:12', 'RUN <<EOF', 'wget https://x', 'EOF', 'ONBUILD RUN wget https://y'), [{ line: 3 }, { line: 5, column: 13 }]);
  t.catches('-nc and -np are not -nv', lines('FROM debian:12', 'RUN wget -nc -np https://x'), 1);
  t.leavesAlone('--progress', lines('FROM debian:12', 'RUN wget --progress=dot:giga https://x', 'RUN wget --progress bar:force https://x'));
  t.leavesAlone('-q, --quiet, bundled -qO-', lines('FROM debian:12', 'RUN wget -q https://x && wget --quiet https://y && wget -qO- https://z | sh'));
  t.leavesAlone('-nv and --no-verbose', lines('FROM debian:12', 'RUN wget -nv https://x && wget --no-verbose https://y'));
  t.leavesAlone('-o logfile and -a logfile', lines('FROM debian:12', 'RUN wget -o /tmp/log https://x && wget -a /tmp/log https://y'));
  t.leavesAlone('installing wget', lines('FROM debian:12', 'RUN apt-get install -y wget'));
});

describe('DF029 wget-no-progress on Alpine and BusyBox', () => {
  const t = dockerfileRuleTester(rule);
  t.leavesAlone('BusyBox wget of an Alpine image', lines('FROM alpine:3.20', 'RUN wget -O /usr/local/bin/gosu https://x/gosu'));
  t.leavesAlone('an -alpine tag, through a stage', lines('FROM postgres:16-alpine AS base', 'FROM base', 'RUN wget https://x'));
  t.catches('GNU wget installed on Alpine', lines('FROM alpine:3.20', 'RUN apk add --no-cache wget && wget https://x'), 1);
});
