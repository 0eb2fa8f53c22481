import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF068-password-set-in-build.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF068 password-set-in-build', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('echo user:password | chpasswd', lines('FROM debian:12', "RUN echo 'root:Sup3rS3cret' | chpasswd"), [
    { messageId: 'piped', line: 2, column: 10, endColumn: 28, message: '`chpasswd`' },
  ]);
  t.catches('echo password | passwd --stdin', lines('FROM rockylinux:9', 'RUN echo "Pa55word!" | passwd --stdin app'), [{ messageId: 'piped', line: 2, column: 10 }]);
  t.catches('printf with -e and two lines into passwd', lines('FROM debian:12', 'RUN printf "s3cret\\ns3cret\\n" | passwd app'), [{ messageId: 'piped', line: 2 }]);
  t.catches('chpasswd from a here-string', lines('FROM debian:12', 'RUN chpasswd <<< "app:Zx9!secret"'), [{ messageId: 'piped', line: 2, column: 5 }]);
  t.catches('useradd -p with a hash', lines('FROM debian:12', "RUN useradd -m -p '$6$abc$hashhashhash' app"), [{ messageId: 'flag', line: 2, column: 19, message: '`useradd -p`' }]);
  t.catches('usermod --password=', lines('FROM debian:12', "RUN usermod --password='$1$xyz$hash' app"), [{ messageId: 'flag', line: 2, column: 13 }]);
  t.catches('openssl passwd with a literal password', lines('FROM debian:12', "RUN useradd -p \"$(openssl passwd -6 'Secr3t!')\" app"), [{ messageId: 'openssl', line: 2, column: 37 }]);
  t.catches('htpasswd -b with a literal password', lines('FROM nginx', 'RUN htpasswd -bc /etc/nginx/.htpasswd admin S3cr3tAdm1n'), [{ messageId: 'htpasswd', line: 2, column: 45 }]);
  t.leavesAlone('htpasswd with a variable or interactive', lines('FROM nginx', 'RUN htpasswd -bc /etc/nginx/.htpasswd admin "$ADMIN_PASSWORD" && htpasswd -c /x user'));
  t.catches('in a heredoc and ONBUILD', lines('FROM debian:12', 'RUN <<EOF', 'echo "root:toor1234" | chpasswd', 'EOF', "ONBUILD RUN echo 'app:abcd1234' | chpasswd"), [{ line: 3 }, { line: 5 }]);
  t.leavesAlone('a password from a variable or a secret mount', lines(
    'FROM debian:12',
    'RUN echo "app:${APP_PASSWORD}" | chpasswd',
    'RUN --mount=type=secret,id=pw chpasswd < /run/secrets/pw',
    'RUN echo "root:$(cat /run/secrets/root)" | chpasswd',
  ));
  t.leavesAlone('locked accounts and no password', lines('FROM debian:12', "RUN useradd -p '*' app && useradd -r -s /bin/false svc && usermod -p '!' root && passwd -l root && passwd -d app"));
  t.leavesAlone('placeholders', lines('FROM debian:12', "RUN echo 'app:changeme' | chpasswd"));
  t.leavesAlone('openssl passwd reading the password from a file', lines('FROM debian:12', 'RUN openssl passwd -6 -in /run/secrets/pw'));
});
