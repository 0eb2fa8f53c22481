import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF016-add-instead-of-copy.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF016 add-instead-of-copy', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('ADD of a file', lines('FROM debian:12', 'ADD app.py /app/'), [{ messageId: 'local', line: 2, column: 5, endColumn: 11, message: '"app.py"' }]);
  t.catches('ADD of the context', lines('FROM debian:12', 'ADD . /app'), [{ line: 2, column: 5 }]);
  t.catches('a zip file is not unpacked (hadolint spec)', lines('FROM debian:12', 'ADD file.zip /usr/src/app/'), [{ messageId: 'zip', line: 2 }]);
  t.catches('a plain file next to an archive', lines('FROM debian:12', 'ADD rootfs.tar.gz config.yml /srv/'), [{ line: 2, column: 19, message: '"config.yml"' }]);
  t.catches('the JSON form', lines('FROM debian:12', 'ADD ["app.py", "/app/"]'), [{ line: 2, message: '"app.py"' }]);
  t.catches('with --chown', lines('FROM debian:12', 'ADD --chown=app:app src/ /app/src/'), [{ line: 2, column: 21 }]);
  t.catches('a variable with a known value', lines('FROM debian:12', 'ARG SRC=app.py', 'ADD $SRC /app/'), [{ line: 3, message: '"app.py"' }]);
  t.catches('a heredoc', lines('FROM debian:12', 'ADD <<EOF /etc/motd', 'hello', 'EOF'), [{ messageId: 'heredoc', line: 2 }]);
  t.catches('ONBUILD ADD', lines('FROM debian:12', 'ONBUILD ADD . /app'), [{ line: 2, column: 13 }]);
  t.catches('one finding per ADD', lines('FROM debian:12', 'ADD a b c /app/'), 1);

  t.leavesAlone('a URL (hadolint spec)', lines('FROM debian:12', 'ADD http://file.com /usr/src/app/'));
  t.leavesAlone('a URL with --checksum', lines('FROM debian:12', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x/y.tar.gz /tmp/'));
  t.leavesAlone('git sources', lines('FROM debian:12', 'ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.14.1 /src', 'ADD git@github.com:user/repo.git /src2'));
  t.leavesAlone('local tar archives', lines('FROM debian:12', 'ADD rootfs.tar.xz /', 'ADD a.tgz b.tar.bz2 c.tar.zst d.tar /opt/'));
  t.leavesAlone('an archive by glob', lines('FROM debian:12', 'ADD dist/*.tar.gz /opt/'));
  t.leavesAlone('a variable with no known value (could be a URL)', lines('FROM debian:12', 'ARG URL', 'ADD $URL /tmp/'));
  t.leavesAlone('COPY', lines('FROM debian:12', 'COPY app.py /app/'));
});
