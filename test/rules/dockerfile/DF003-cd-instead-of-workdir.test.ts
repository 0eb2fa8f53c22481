import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF003-cd-instead-of-workdir.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF003 cd-instead-of-workdir', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('cd then work in that directory', lines('FROM node:20', 'RUN cd /usr/src/app && npm ci'), [
    { messageId: 'cd', line: 2, column: 5, endColumn: 20, message: '`WORKDIR /usr/src/app`' },
  ]);
  t.catches('a relative cd', lines('FROM debian:12', 'RUN cd src && make install'), [{ line: 2, column: 5 }]);
  t.catches('mkdir then cd', lines('FROM debian:12', 'RUN mkdir -p /app && cd /app && npm init -y'), [{ line: 2, column: 22 }]);
  t.catches('a cd on a continuation line', lines('FROM debian:12', 'RUN set -eux; \\', '    cd /opt/app; \\', '    ./configure'), [{ line: 3, column: 5 }]);
  t.catches('only the first cd of a RUN is reported', lines('FROM debian:12', 'RUN cd /a && make && cd /b && make'), [{ line: 2, column: 5 }]);
  t.catches('cd through a Dockerfile variable', lines('FROM debian:12', 'ENV APP_HOME=/srv/app', 'RUN cd "$APP_HOME/src" && make'), [{ line: 3 }]);
  t.catches('a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'set -e', 'cd /srv/app', 'make', 'EOF'), [{ line: 4, column: 1 }]);
  t.catches('inside sh -c', lines('FROM debian:12', 'RUN sh -c "cd /srv && make"'), [{ line: 2, column: 12 }]);
  t.catches('ONBUILD RUN', lines('FROM debian:12', 'ONBUILD RUN cd /app && make'), [{ line: 2, column: 13 }]);

  t.catches('a RUN with --mount flags', lines('FROM debian:12', 'RUN --mount=type=cache,target=/root/.cache cd /src && make'), [{ line: 2, column: 44 }]);
  t.leavesAlone('WORKDIR', lines('FROM debian:12', 'WORKDIR /srv/app', 'RUN make'));
  t.leavesAlone('cd in a subshell', lines('FROM debian:12', 'RUN (cd /src && make) && make -C /other'));
  t.leavesAlone('cd in a command substitution', lines('FROM debian:12', 'RUN ROOT="$(cd /opt/x && pwd)" && echo "$ROOT"'));
  t.leavesAlone('cd into a temporary directory', lines('FROM debian:12', 'RUN cd /tmp && curl -fsSLO https://x/y.tgz && tar -xzf y.tgz'));
  t.leavesAlone('cd into a mktemp directory', lines('FROM debian:12', 'RUN dir="$(mktemp -d)" && cd "$dir" && make'));
  t.leavesAlone('cd into a directory the RUN deletes (docker-library pattern)',
    lines('FROM debian:12', 'RUN mkdir -p /usr/src/python && cd /usr/src/python \\', ' && ./configure && make install \\', ' && cd / && rm -rf /usr/src/python'));
  t.leavesAlone('cd into a subdirectory of one the RUN deletes', lines('FROM debian:12', 'RUN cd /usr/src/php/ext/gd && make && rm -rf /usr/src/php'));
  t.leavesAlone('cd and back with cd -', lines('FROM debian:12', 'RUN cd /opt/x && make && cd -'));
  t.leavesAlone('cd and back to /', lines('FROM debian:12', 'RUN cd /opt/x && make && cd /'));
  t.leavesAlone('cd as the last command', lines('FROM debian:12', 'RUN make && cd /'));
  t.leavesAlone('cd to a shell loop variable', lines('FROM debian:12', 'RUN for d in a b; do cd "$d" && make && cd ..; done'));
  t.leavesAlone('cd after a clone: WORKDIR is no drop-in', lines('FROM debian:12', 'RUN git clone https://x/y.git && cd y && make install'));
  t.leavesAlone('cd in the middle of a script, after downloads', lines('FROM debian:12', 'RUN set -eux; apt-get update; mkdir -p /usr/src; cd /usr/src; curl -fsSLo php.tar.xz "$URL"'));
  t.leavesAlone('cd to a shell parameter expansion WORKDIR cannot do', lines('FROM debian:12', 'ENV PHP_INI_DIR=/usr/local/etc/php', 'RUN cd "${PHP_INI_DIR%/php}"; cp a b'));
  t.leavesAlone('cd with no directory (home)', lines('FROM debian:12', 'RUN cd && ls'));
  t.leavesAlone('cd as an argument', lines('FROM debian:12', 'RUN echo cd /x && apt-get install -y cd-discid'));
  t.leavesAlone('a heredoc that is data, not a script', lines('FROM debian:12', 'RUN cat <<EOF > /etc/motd', 'cd /srv', 'EOF'));
});
