import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/dockerfile/DF036-maintainer-deprecated.js';
import { dockerfileRuleTester, lines, runRule } from '../harness.js';

describe('DF036 maintainer-deprecated', () => {
  const t = dockerfileRuleTester(rule);
  t.catches('MAINTAINER', lines('FROM debian:12', 'MAINTAINER Jane Doe <jane@example.com>'), [
    { messageId: 'deprecated', line: 2, column: 1, endColumn: 11, message: 'org.opencontainers.image.authors="Jane Doe <jane@example.com>"' },
  ]);
  t.catches('MAINTAINER before the stage has other instructions, lower case', lines('FROM debian:12', 'maintainer "me"'), [{ line: 2, message: 'authors="me"' }]);
  t.leavesAlone('the OCI label', lines('FROM debian:12', 'LABEL org.opencontainers.image.authors="Jane Doe"'));
  t.leavesAlone('ONBUILD MAINTAINER (DF026 reports it)', lines('FROM debian:12', 'ONBUILD MAINTAINER me'));
  it('offers the LABEL as a fix, with quotes escaped', () => {
    const [f] = runRule(rule, lines('FROM debian:12', 'MAINTAINER The "Team"'));
    expect(f.fix).toBe('LABEL org.opencontainers.image.authors="The \\"Team\\""');
  });
});
