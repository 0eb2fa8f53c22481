import { describe } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF028-copy-relative-no-workdir.js';
import { dockerfileRuleTester, lines } from '../harness.js';

describe('DF028 copy-relative-no-workdir', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('a relative destination and no WORKDIR', lines('FROM debian:12', 'COPY bla.sh blubb.sh'), [
    { messageId: 'noWorkdir', line: 2, column: 13, endColumn: 21, message: 'COPY to the relative path "blubb.sh"' },
  ]);
  t.catches('quoted, with ADD', lines('FROM debian:12', 'ADD app.tar.gz "app/"'), [{ line: 2, message: 'ADD to the relative path "app/"' }]);
  t.catches('. as destination, JSON form', lines('FROM node:20', 'COPY ["package.json", "."]'), [{ line: 2 }]);
  t.catches('WORKDIR only after the COPY', lines('FROM debian:12', 'COPY a b', 'WORKDIR /app'), [{ line: 2 }]);
  t.catches('WORKDIR of an unrelated earlier stage', lines('FROM debian:12 AS one', 'WORKDIR /usr', 'FROM debian:12', 'COPY foo bar'), [{ line: 4 }]);
  t.catches('in ONBUILD with no WORKDIR', lines('FROM debian:12', 'ONBUILD COPY . src'), [{ line: 2, column: 16 }]);
  t.catches('single-character paths', lines('FROM debian:12', 'COPY a b'), 1);
  t.leavesAlone('an absolute destination', lines('FROM debian:12', 'COPY bla.sh /usr/local/bin/blubb.sh', 'COPY a "/quoted/b"'));
  t.leavesAlone('Windows absolute paths', lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY a c:\\system32\\b', 'COPY a d:/x/b'));
  t.leavesAlone('a variable destination', lines('FROM debian:12', 'COPY src.sh ${SRC_BASE}', 'COPY src.sh "$SRC_BASE"'));
  t.leavesAlone('WORKDIR set before', lines('FROM debian:12', 'WORKDIR /app', 'COPY . .'));
  t.leavesAlone('WORKDIR set in the stage it is built FROM', lines('FROM debian:12 AS base', 'WORKDIR /usr', 'FROM debian:12 AS other', 'RUN foo', 'FROM base', 'COPY foo bar'));
  t.leavesAlone('WORKDIR two stages up', lines('FROM debian:12 AS base1', 'WORKDIR /usr', 'FROM base1 AS base2', 'RUN foo', 'FROM base2', 'COPY foo bar'));
  t.leavesAlone('ONBUILD WORKDIR then ONBUILD COPY', lines('FROM debian:12', 'ONBUILD WORKDIR /usr/local/lib', 'ONBUILD COPY foo bar'));
  t.leavesAlone('ONBUILD COPY in an image that sets WORKDIR', lines('FROM debian:12', 'ONBUILD COPY . src', 'WORKDIR /app'));
});
