import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF004-sudo-in-run.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF004 sudo-in-run', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('sudo after && (hadolint spec)', lines('FROM debian:12', 'RUN apt-get update && sudo apt-get install -y curl'), [
    { messageId: 'sudo', line: 2, column: 23, endColumn: 27 },
  ]);
  t.catches('sudo with options', lines('FROM debian:12', 'USER app', 'RUN sudo -u root -E make install'), [{ line: 3, column: 5 }]);
  t.catches('sudo by its path', lines('FROM debian:12', 'RUN /usr/bin/sudo chown app /srv'), [{ line: 2, column: 5 }]);
  t.catches('sudo in a heredoc script', lines('FROM debian:12', 'RUN <<EOF', 'sudo make install', 'EOF'), [{ line: 3, column: 1 }]);
  t.catches('sudo inside sh -c', lines('FROM debian:12', 'RUN sh -c "sudo make install"'), [{ line: 2, column: 12 }]);
  t.catches('two sudo commands', lines('FROM debian:12', 'RUN sudo a && sudo b'), 2);
  t.catches('ONBUILD RUN sudo', lines('FROM debian:12', 'ONBUILD RUN sudo make'), [{ line: 2, column: 13 }]);
  t.catches('sudo in the exec form', lines('FROM debian:12', 'RUN ["sudo", "make"]'), [{ line: 2, column: 6 }]);

  t.catches('a RUN with --mount flags', lines('FROM debian:12', 'RUN --mount=type=secret,id=tok sudo make'), [{ line: 2, column: 32 }]);
  t.leavesAlone('installing the sudo package (hadolint spec)', lines('FROM debian:12', 'RUN apt-get install -y sudo'));
  t.leavesAlone('configuring sudoers', lines('FROM debian:12', 'RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app && chmod 0440 /etc/sudoers.d/app'));
  t.leavesAlone('checking for sudo with command -v', lines('FROM debian:12', 'RUN if command -v sudo; then echo yes; fi'));
  t.leavesAlone('sudo in a heredoc that is data', lines('FROM debian:12', 'RUN cat <<EOF > /usr/local/bin/x', 'sudo make', 'EOF'));
  t.leavesAlone('sudo in a quoted string', lines('FROM debian:12', 'RUN echo "use sudo to install"'));
  t.leavesAlone('sudo in CMD (not a build step)', lines('FROM debian:12', 'CMD ["sudo", "-u", "app", "server"]'));
});
