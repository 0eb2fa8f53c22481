import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF077-pointless-command.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF077 pointless-command', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('vim', lines('FROM debian:12', 'RUN vim /etc/hosts'), [{ messageId: 'pointless', line: 2, column: 5, endColumn: 8, message: '`vim`' }]);
  t.catches('service start as the last command', lines('FROM debian:12', 'RUN apt-get install -y nginx && service nginx start'), [{ line: 2, column: 33, message: 'stops when this RUN ends' }]);
  t.catches('service stop alone', lines('FROM debian:12', 'RUN service apache2 stop'), 1);
  t.catches('shutdown, mount, ifconfig', lines('FROM debian:12', 'RUN shutdown -h now', 'RUN mount -t tmpfs none /mnt', 'RUN ifconfig'), 3);
  t.catches('kill, ps, free, top on their own', lines('FROM debian:12', 'RUN kill -9 1', 'RUN ps aux', 'RUN free -m', 'RUN top'), 4);
  t.catches('ssh with no SSH mount', lines('FROM debian:12', 'RUN ssh git@example.com true'), 1);
  t.catches('in ONBUILD', lines('FROM debian:12', 'ONBUILD RUN vim x'), [{ line: 2, column: 13 }]);
  t.leavesAlone('installing the tools', lines('FROM debian:12', 'RUN apt-get install -y vim openssh-client procps'));
  t.leavesAlone('a service started and used in the same RUN', lines('FROM debian:12', 'RUN service postgresql start && psql -c "create database x" && service postgresql stop'));
  t.leavesAlone('kill of a process the RUN started', lines('FROM debian:12', 'RUN Xvfb :99 & pid=$!; sleep 1; run-tests; kill $pid'));
  t.leavesAlone('vim in batch mode', lines('FROM debian:12', 'RUN vim +PlugInstall +qall && vim -es -u ~/.vimrc -c "PlugInstall" -c qa'));
  t.leavesAlone('ssh with an SSH mount', lines('FROM debian:12', 'RUN --mount=type=ssh ssh -T git@github.com || true'));
  t.leavesAlone('top in batch mode, ps in a pipe', lines('FROM debian:12', 'RUN top -b -n 1', 'RUN pid=$(ps -o pid= -C x | head -1) && echo $pid'));
  t.leavesAlone('ssh-keygen and ssh-keyscan', lines('FROM debian:12', 'RUN ssh-keygen -A && ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts'));
});
