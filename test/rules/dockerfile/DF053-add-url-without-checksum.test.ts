import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF053-add-url-without-checksum.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF053 add-url-without-checksum', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('ADD of an https URL', lines('FROM alpine', 'ADD https://example.com/tool.tar.gz /opt/'), [
    { messageId: 'noChecksum', line: 2, column: 5, endColumn: 36 },
  ]);
  t.catches('ADD with --chown but no checksum', lines('FROM alpine', 'ADD --chown=1000 http://example.com/a.jar /app/a.jar'), [{ messageId: 'noChecksum', line: 2, column: 18 }]);
  t.catches('one finding per URL', lines('FROM alpine', 'ADD https://a.io/x https://a.io/y /opt/'), [{ line: 2, column: 5 }, { line: 2, column: 20 }]);
  t.catches('ADD with a variable in the URL', lines('FROM alpine', 'ARG V=1.2', 'ADD https://a.io/tool-${V}.tgz /opt/'), [{ messageId: 'noChecksum', line: 3 }]);
  t.catches('a git source on a branch', lines('FROM alpine', 'ADD https://github.com/moby/buildkit.git#v0.13.0 /src'), [
    { messageId: 'gitNoCommit', line: 2, column: 5, message: 'https://github.com/moby/buildkit.git#<commit sha>' },
  ]);
  t.catches('a git@ source without a ref', lines('FROM alpine', 'ADD git@github.com:acme/app.git /src'), [{ messageId: 'gitNoCommit' , line: 2 }]);
  t.catches('the exec (JSON) form', lines('FROM alpine', 'ADD ["https://a.io/x.tgz", "/opt/"]'), [{ messageId: 'noChecksum', line: 2 }]);
  t.catches('ONBUILD ADD', lines('FROM alpine', 'ONBUILD ADD https://a.io/x /x'), [{ line: 2, column: 13 }]);
  t.leavesAlone('ADD --checksum', lines('# syntax=docker/dockerfile:1.7', 'FROM alpine', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://a.io/x.tgz /opt/'));
  t.leavesAlone('a git source pinned to a commit', lines('FROM alpine', 'ADD https://github.com/moby/buildkit.git#3b3c0a5a4c5c6d9e0f1a2b3c4d5e6f708192a3b4 /src'));
  t.leavesAlone('ADD of local files (DF016 is about those)', lines('FROM alpine', 'ADD app.tar.gz /opt/', 'ADD . /src'));
  t.leavesAlone('COPY (which cannot fetch URLs)', lines('FROM alpine', 'COPY https-notes.txt /doc/'));
});
