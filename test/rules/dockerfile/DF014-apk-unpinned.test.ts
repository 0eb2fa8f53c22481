import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF014-apk-unpinned.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF014 apk-unpinned', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('one finding per unpinned package', lines('FROM alpine:3.20', 'RUN apk add --no-cache curl=8.9.1-r0 bash git'), [
    { messageId: 'unpinned', line: 2, column: 38, endColumn: 42, message: '"bash"' },
    { line: 2, column: 43, endColumn: 46, message: '"git"' },
  ]);
  t.catches('a --repository URL is not a package (hadolint #408)', lines('FROM alpine:3.20', 'RUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gosu'), [{ line: 2, message: '"gosu"' }]);
  t.catches('a --virtual name is not a package', lines('FROM alpine:3.20', 'RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0'), [{ line: 2, message: '"gcc"' }]);
  t.catches('-t NAME is not a package', lines('FROM alpine:3.20', 'RUN apk add -t .deps make'), [{ line: 2, message: '"make"' }]);
  t.catches('global options before add', lines('FROM alpine:3.20', 'RUN apk --no-cache --update add curl'), 1);
  t.catches('a repository tag alone does not pin', lines('FROM alpine:3.20', 'RUN apk add --no-cache gosu@testing'), [{ line: 2, message: '"gosu"' }]);
  t.catches('packages from a known ENV', lines('FROM alpine:3.20', 'ENV DEPS="curl jq"', 'RUN apk add --no-cache $DEPS'), 2);
  t.catches('a heredoc script', lines('FROM alpine:3.20', 'RUN <<EOF', 'apk add --no-cache curl', 'EOF'), [{ line: 3, column: 20 }]);
  t.catches('ONBUILD RUN', lines('FROM alpine:3.20', 'ONBUILD RUN apk add --no-cache curl'), 1);

  t.catches('a RUN with an apk cache mount', lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add curl'), [{ line: 2, column: 54 }]);
  t.leavesAlone('pinned with =, ~ and >=', lines('FROM alpine:3.20', 'RUN apk add --no-cache curl=8.9.1-r0 "bash~5.2" "git>=2.45" gosu@testing=1.17-r5'));
  t.leavesAlone('a --virtual=NAME form', lines('FROM alpine:3.20', 'RUN apk add --no-cache --virtual=.build-deps gcc=13.2.1_git20240309-r0'));
  t.leavesAlone('.apk files (hadolint)', lines('FROM alpine:3.20', 'RUN apk add --allow-untrusted /tmp/pkg-1.0-r0.apk ./x.apk'));
  t.leavesAlone('a variable with no known value', lines('FROM alpine:3.20', 'ARG PKGS', 'RUN apk add --no-cache $PKGS'));
  t.leavesAlone('apk del and apk update', lines('FROM alpine:3.20', 'RUN apk update && apk del .build-deps && apk upgrade'));
});
