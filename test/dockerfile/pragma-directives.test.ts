import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse.js';

// dockerfile-ast reads `# hadolint global ignore=DL3006` on the first line as a parser directive
// named `hadolint`; BuildKit does not (a directive name is one word), and the pragma was lost.
describe('top-of-file comments that look like directives', () => {
  it('keeps a global pragma on line 1 as a comment', () => {
    const df = parseDockerfile('# hadolint global ignore=DL3006\nFROM debian\n', 'Dockerfile');
    expect(df.directives).toEqual({});
    expect(df.comments.map((c) => [c.line, c.text, c.range.start.column])).toEqual([[1, 'hadolint global ignore=DL3006', 1]]);
  });
  it('keeps real directives before a pragma', () => {
    const df = parseDockerfile('# syntax=docker/dockerfile:1\n# plimsoll global ignore=DF001\nFROM debian\n', 'Dockerfile');
    expect(df.directives).toEqual({ syntax: 'docker/dockerfile:1' });
    expect(df.comments.map((c) => c.text)).toEqual(['plimsoll global ignore=DF001']);
  });
  it('stops reading directives after the first other comment, as BuildKit does', () => {
    const df = parseDockerfile('# plimsoll global ignore=DF001\n# syntax=docker/dockerfile:1\nFROM debian\n', 'Dockerfile');
    expect(df.directives).toEqual({});
    expect(df.comments.map((c) => c.line)).toEqual([1, 2]);
  });
  it('still reads ordinary directives', () => {
    const df = parseDockerfile('# syntax=docker/dockerfile:1.7\n# escape=`\nFROM debian\n', 'Dockerfile');
    expect(df.directives).toEqual({ syntax: 'docker/dockerfile:1.7', escape: '`' });
    expect(df.escapeChar).toBe('`');
  });
});
