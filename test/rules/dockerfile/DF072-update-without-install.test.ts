import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF072-update-without-install.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF072 update-without-install', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('apt-get update alone', lines('FROM debian:12', 'RUN apt-get update', 'RUN apt-get install -y curl'), [
    { messageId: 'alone', line: 2, column: 5, endColumn: 19, message: '`apt-get update`' },
  ]);
  t.catches('apk update, apt update', lines('FROM alpine:3.20', 'RUN apk update', 'RUN apt update'), [{ line: 2 }, { line: 3 }]);
  t.catches('yum makecache, dnf makecache, zypper refresh', lines('FROM fedora:40', 'RUN yum makecache', 'RUN dnf -q makecache', 'RUN zypper --non-interactive ref'), 3);
  t.catches('update after an install, followed by nothing', lines('FROM debian:12', 'RUN apt-get install -y gnupg && apt-key add /tmp/key && apt-get update'), [{ line: 2, column: 57 }]);
  t.catches('update followed only by inert commands', lines('FROM debian:12', 'RUN set -eux; apt-get update; echo done'), 1);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD RUN apt-get update'), [{ line: 2, column: 13 }]);
  t.catches('a cache mount on something else', lines('FROM debian:12', 'RUN --mount=type=cache,target=/root/.cache apt-get update'), 1);
  t.leavesAlone('update and install together', lines('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'));
  t.leavesAlone('update and upgrade', lines('FROM alpine:3.20', 'RUN apk update && apk upgrade'));
  t.leavesAlone('update followed by a script that may install', lines('FROM debian:12', 'RUN apt-get update && ./install-deps.sh'));
  t.leavesAlone('update in a heredoc with an install', lines('FROM debian:12', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF'));
  t.leavesAlone('a cache mount on the lists (a deliberate BuildKit setup)', lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update'));
  t.leavesAlone('yum update (an upgrade, not an index refresh)', lines('FROM centos:7', 'RUN yum -y update && yum clean all'));
});
