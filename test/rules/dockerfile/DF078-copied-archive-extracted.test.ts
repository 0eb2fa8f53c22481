import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF078-copied-archive-extracted.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF078 copied-archive-extracted', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('COPY then tar -xzf', lines('FROM debian:12', 'COPY app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz -C /opt'), [
    { messageId: 'extracted', line: 2, column: 6, endColumn: 16, message: 'ADD app.tar.gz' },
  ]);
  t.catches('old-style options, a path in the source', lines('FROM debian:12', 'COPY dist/app.tgz /tmp/app.tgz', 'RUN cd /opt && tar xzf /tmp/app.tgz'), [{ line: 2, column: 6 }]);
  t.catches('--extract --file=', lines('FROM debian:12', 'COPY a.tar.xz /', 'RUN tar --extract --file=/a.tar.xz'), 1);
  t.catches('renamed by the COPY', lines('FROM debian:12', 'COPY build.tgz /tmp/release.tar.gz', 'RUN tar -xf /tmp/release.tar.gz'), 1);
  t.catches('piped from a decompressor', lines('FROM debian:12', 'COPY a.tar.gz /tmp/', 'RUN gunzip -c /tmp/a.tar.gz | tar -x -C /opt'), 1);
  t.catches('in a later RUN of the stage, once', lines('FROM debian:12', 'COPY a.tar /tmp/', 'RUN echo hi', 'RUN tar -xf /tmp/a.tar && tar -tf /tmp/a.tar', 'RUN tar -xf /tmp/a.tar'), 1);
  t.leavesAlone('ADD', lines('FROM debian:12', 'ADD app.tar.gz /opt/'));
  t.leavesAlone('--strip-components (ADD cannot do it)', lines('FROM debian:12', 'COPY app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz --strip-components=1 -C /opt/app'));
  t.leavesAlone('selected members', lines('FROM debian:12', 'COPY app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz app/bin/tool'));
  t.leavesAlone('zip files (ADD does not unpack them)', lines('FROM debian:12', 'COPY app.zip /tmp/', 'RUN unzip /tmp/app.zip'));
  t.leavesAlone('COPY --from', lines('FROM debian:12 AS fetch', 'RUN curl -fsSLO https://x/a.tar.gz', 'FROM debian:12', 'COPY --from=fetch /a.tar.gz /tmp/', 'RUN tar -xzf /tmp/a.tar.gz'));
  t.leavesAlone('a different archive', lines('FROM debian:12', 'COPY a.tar.gz /tmp/', 'RUN tar -xzf /tmp/b.tar.gz'));
  t.leavesAlone('listing or creating, not extracting', lines('FROM debian:12', 'COPY a.tar /tmp/', 'RUN tar -tf /tmp/a.tar && tar -cf /tmp/b.tar /etc'));
  t.leavesAlone('a tar of another stage', lines('FROM debian:12 AS a', 'COPY a.tar /tmp/', 'FROM debian:12', 'RUN tar -xf /tmp/a.tar'));
  t.leavesAlone('a bind mount instead of COPY', lines('FROM debian:12', 'RUN --mount=type=bind,source=a.tar.gz,target=/tmp/a.tar.gz tar -xzf /tmp/a.tar.gz'));
});
