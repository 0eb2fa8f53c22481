import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF052-remote-script-piped-to-shell.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF052 remote-script-piped-to-shell', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('curl | sh', lines('FROM debian:12', 'RUN curl -fsSL https://get.example.io | sh'), [
    { messageId: 'piped', line: 2, column: 5, endColumn: 43, message: '`curl` output is piped into `sh`' },
  ]);
  t.catches('curl | bash -s -- --flag', lines('FROM debian:12', 'RUN curl -sL https://deb.nodesource.com/setup_20.x | bash -s -- --yes'), [{ messageId: 'piped', line: 2 }]);
  t.catches('wget -qO- | sudo -E bash -', lines('FROM debian:12', 'RUN wget -qO- https://x.io/install | sudo -E bash -'), [{ messageId: 'piped', line: 2, message: 'into `bash`' }]);
  t.catches('wget -O - | python3', lines('FROM python:3.12', 'RUN wget -O - https://bootstrap.pypa.io/get-pip.py | python3'), [{ messageId: 'piped', line: 2 }]);
  t.catches('curl | tee | sh', lines('FROM debian:12', 'RUN curl -fsSL https://x.io/i.sh | tee /tmp/i.sh | sh'), 1);
  t.catches('sh -c "$(curl …)"', lines('FROM debian:12', 'RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"'), [
    { messageId: 'substituted', line: 2, column: 11, message: 'command substitution' },
  ]);
  t.catches('bash <(curl …)', lines('FROM debian:12', 'RUN bash <(curl -s https://x.io/install.sh)'), [{ messageId: 'substituted', line: 2, column: 10, message: 'process substitution' }]);
  t.catches('eval "$(wget -qO- …)"', lines('FROM debian:12', 'RUN eval "$(wget -qO- https://x.io/env)"'), [{ messageId: 'substituted', line: 2, column: 10 }]);
  t.catches('curl -o x.sh && sh x.sh', lines('FROM debian:12', 'RUN curl -fsSL https://get.docker.com -o get-docker.sh && sh get-docker.sh'), [
    { messageId: 'downloadedThenRun', line: 2, column: 62, message: '"get-docker.sh"' },
  ]);
  t.catches('wget URL && bash ./install.sh (wget names the file from the URL)', lines('FROM debian:12', 'RUN wget https://x.io/dl/install.sh && chmod +x install.sh && ./install.sh'), [
    { messageId: 'downloadedThenRun', line: 2, column: 63 },
  ]);
  t.catches('in a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'set -e', 'curl -fsSL https://x.io/i | bash', 'EOF'), [{ line: 4, column: 1 }]);
  t.catches('ONBUILD RUN', lines('FROM debian:12', 'ONBUILD RUN curl https://x.io/i | sh'), [{ line: 2, column: 13 }]);
  t.catches('in a build stage too (it runs at build time)', lines('FROM debian:12 AS build', 'RUN curl https://sh.rustup.rs -sSf | sh -s -- -y', 'FROM scratch', 'COPY --from=build /x /x'), 1);
  t.leavesAlone('curl | tar', lines('FROM debian:12', 'RUN curl -fsSL https://x.io/a.tgz | tar -xz -C /opt'));
  t.leavesAlone('curl | python3 -c (stdin is data)', lines('FROM python:3.12', 'RUN curl -s https://api.github.com/repos/a/b/releases/latest | python3 -c "import sys, json; print(json.load(sys.stdin)[\'tag_name\'])"'));
  t.leavesAlone('curl | sh -c with its own script', lines('FROM debian:12', 'RUN curl -s https://x.io/v | sh -c "read v; echo $v"'));
  t.leavesAlone('curl -o file | sh (nothing on stdout)', lines('FROM debian:12', 'RUN curl -o /tmp/a https://x.io/a | sh'));
  t.catches('a hash printed, not checked', lines('FROM debian:12', 'RUN wget -q -O /tmp/x.sh https://x.io/x.sh && sha256sum /tmp/x.sh && sh /tmp/x.sh'), [{ messageId: 'downloadedThenRun', line: 2 }]);
  t.catches('curl | php -- (the Composer installer)', lines('FROM php:8.3', 'RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer'), [{ messageId: 'piped', line: 2 }]);
  t.leavesAlone('curl | gpg --dearmor and curl | tee', lines('FROM debian:12', 'RUN curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /usr/share/keyrings/docker.gpg && curl -fsSL https://x | sudo tee /etc/apt/sources.list.d/x.list'));
  t.leavesAlone('a checksum between download and run', lines('FROM debian:12', 'RUN curl -fsSLo get-docker.sh https://get.docker.com && echo "abc123  get-docker.sh" | sha256sum -c - && sh get-docker.sh'));
  t.leavesAlone('a gpg signature check', lines('FROM debian:12', 'RUN curl -fsSLO https://x.io/i.sh && curl -fsSLO https://x.io/i.sh.asc && gpg --verify i.sh.asc i.sh && bash i.sh'));
  t.leavesAlone('a downloaded binary run directly (not a script)', lines('FROM debian:12', 'RUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/kubectl && chmod +x /usr/local/bin/kubectl && kubectl version --client'));
  t.leavesAlone('running a local script', lines('FROM debian:12', 'COPY install.sh /tmp/', 'RUN sh /tmp/install.sh'));
  t.leavesAlone('a pipe in quotes', lines('FROM debian:12', 'RUN echo "curl x | sh" > /README'));
  t.leavesAlone('$(curl) as data, not run', lines('FROM debian:12', 'RUN VERSION="$(curl -s https://x.io/latest)" && echo $VERSION'));
});
