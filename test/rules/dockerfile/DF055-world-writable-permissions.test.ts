import { describe, expect, it } from 'vitest';
import rule, { worldWritable } from '../../../src/rules/dockerfile/DF055-world-writable-permissions.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF055 world-writable-permissions', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('chmod 777', lines('FROM debian:12', 'RUN chmod 777 /app'), [{ messageId: 'chmod', line: 2, column: 11, endColumn: 14, message: '`chmod 755`' }]);
  t.catches('chmod -R 777', lines('FROM debian:12', 'RUN chmod -R 777 /app/data'), [{ messageId: 'chmod', line: 2, column: 14 }]);
  t.catches('chmod 0666 on a file', lines('FROM debian:12', 'RUN chmod 0666 /etc/app.conf'), [{ messageId: 'chmod', line: 2, message: '`chmod 0644`' }]);
  t.catches('chmod a+w and o+w', lines('FROM debian:12', 'RUN chmod a+w /srv && chmod -R o+rwx /data'), [
    { messageId: 'chmod', line: 2, column: 11 },
    { messageId: 'chmod', line: 2, column: 32 },
  ]);
  t.catches('chmod a=rwx', lines('FROM debian:12', 'RUN chmod a=rwx /x'), 1);
  t.catches('chmod 777 /tmp removes the sticky bit', lines('FROM debian:12', 'RUN chmod 777 /tmp'), 1);
  t.catches('COPY --chmod=777', lines('FROM debian:12', 'COPY --chmod=777 app /app'), [{ messageId: 'copyChmod', line: 2, column: 6, message: '--chmod=755' }]);
  t.catches('mkdir -m 777 and install -m 0777', lines('FROM debian:12', 'RUN mkdir -p -m 777 /cache && install -m 0777 tool /usr/local/bin/'), [
    { line: 2, column: 17 },
    { line: 2, column: 42 },
  ]);
  t.catches('umask 000', lines('FROM debian:12', 'RUN umask 000 && ./build.sh'), [{ messageId: 'umask', line: 2, column: 11 }]);
  t.catches('in a heredoc script and ONBUILD', lines('FROM debian:12', 'RUN <<EOF', 'chmod 777 /x', 'EOF', 'ONBUILD RUN chmod 666 /y'), [{ line: 3 }, { line: 5 }]);
  t.catches('behind sudo, once', lines('FROM debian:12', 'RUN sudo chmod 777 /x'), 1);
  t.leavesAlone('sticky-bit directories', lines('FROM debian:12', 'RUN mkdir -p /tmp/x && chmod 1777 /tmp/x && chmod a+rwxt /var/tmp/y && chmod +t,o+w /z'));
  t.leavesAlone('modes without write for others', lines('FROM debian:12', 'RUN chmod 755 /app && chmod -R u+w,g+w /data && chmod +x run.sh && chmod +w f && chmod 0775 d && chmod o-w x'));
  t.leavesAlone('COPY --chmod=755', lines('FROM debian:12', 'COPY --chmod=755 app /app'));
  t.leavesAlone('chmod --reference and variables', lines('FROM debian:12', 'RUN chmod --reference=/a /b && chmod $MODE /c'));
  t.leavesAlone('umask 022', lines('FROM debian:12', 'RUN umask 022 && umask 0027'));
  t.leavesAlone('777 as a file name in another command', lines('FROM debian:12', 'RUN echo 777 > /x && mkdir 777'));

  it('reads numeric and symbolic modes', () => {
    expect(['777', '0777', '666', '2777', '0002', 'o+w', 'a+rw', 'u+x,o+w', 'ugo=rwx'].every((m) => worldWritable(m))).toBe(true);
    expect(['755', '1777', '3777', 'o-w', '+w', 'u+w', 'a+rwt', 'g+w'].some((m) => worldWritable(m))).toBe(false);
  });
});
