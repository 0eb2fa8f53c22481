import { describe, expect, it, vi } from 'vitest';
import { renderTable, terminalSafe, wrap } from '../../src/report/table.js';
import type { ReportInput } from '../../src/report/types.js';
import { cleanInput, finding, makeFixture } from './fixture.js';

vi.mock('../../src/report/image-sections.js', () => ({
  imageTableSection: (input: ReportInput, color: boolean) => (input.command === 'image' ? [color ? '\u001b[1mLayers\u001b[22m' : 'Layers', '  0  5 MB  FROM debian'] : []),
  imageMarkdownSection: () => [],
}));

const ANSI = /\u001b\[[0-9;]*m/;

describe('table report', () => {
  const { input } = makeFixture();
  const plain = renderTable(input, { color: false });
  const lines = plain.split('\n');

  it('groups findings by file and image, one line each: line:col level message id name', () => {
    expect(lines[0]).toBe('app/Dockerfile');
    expect(lines[1]).toBe('  2:9  error    WORKDIR "app" is relative; use an absolute path such as "/app"  DF001 workdir-relative (new)');
    expect(plain).toContain('\nnginx:1.25\n  config  error    The image runs as root  IM901 config-user-root (new)\n                   config.User\n');
    expect(plain).toContain('\nimages/app.tar\n  layer 2  warning  Private key /root/.ssh/id_rsa  FS901 secret-file (new)\n');
  });

  it('puts the fix hint and image details (path, layer step, Dockerfile line) on the next lines', () => {
    expect(lines[2]).toBe('                fix: WORKDIR /app');
    expect(plain).toContain('/etc/shadow · sha256:abababababab RUN /bin/sh -c apt-get install -y openssh-client # buildkit · app/Dockerfile:3:1');
  });

  it('hides suppressed findings but counts them, and lists them when asked', () => {
    expect(plain).not.toContain('Suppressed inline');
    expect(plain).toContain('2 suppressed (not listed; --show-suppressed lists them)');
    const shown = renderTable(input, { color: false, showSuppressed: true });
    expect(shown).toContain('Suppressed inline  DF001 workdir-relative (suppressed: the base image sets WORKDIR on purpose)');
    expect(shown).toContain(', 2 suppressed in 2 files');
    expect(renderTable({ ...input, showSuppressed: true }, { color: false })).toContain('Suppressed by config');
  });

  it('marks baseline states and sums up, input errors listed', () => {
    expect(plain).toContain('DF041 pipe-without-pipefail (in baseline)');
    expect(plain).toContain('error app/Dockerfile:4:2: unknown instruction "FORM" <&>');
    expect(plain).toContain('error images/app.tar (layer sha256:cd, /usr/lib/x.so): truncated tar header');
    expect(plain).toContain('✖ 6 problems (2 errors, 3 warnings, 1 note), 5 new since the baseline, 2 suppressed (not listed; --show-suppressed lists them) in 2 files; 3 input errors');
  });

  it('shows gate checks', () => {
    const gated = { ...input, gate: { passed: false, checks: [{ name: 'max-size', limit: '500 MB', actual: '612 MB', passed: false, message: '112 MB over' }] } };
    expect(renderTable(gated, { color: false })).toContain('FAIL max-size: 612 MB (limit 500 MB) 112 MB over');
  });

  it('uses colour only when asked', () => {
    expect(plain).not.toMatch(ANSI);
    const colored = renderTable(input, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[31merror  \u001b[39m');
    expect(colored).toContain('\u001b[2mDF001 workdir-relative (new)\u001b[22m');
  });

  it('wraps long messages to the width, continuing under the message', () => {
    const narrow = renderTable(input, { color: false, width: 60 }).split('\n');
    const i = narrow.findIndex((l) => l.startsWith('  3:5  warning  Bad'));
    for (const l of narrow.slice(i, i + 4)) expect([...l].length, l).toBeLessThanOrEqual(60);
    expect(narrow[i + 1].startsWith(' '.repeat(16))).toBe(true);
    expect(narrow.some((l) => l === '                DF041 pipe-without-pipefail (in baseline)')).toBe(true);
    // Without a width nothing wraps.
    expect(plain.split('\n').find((l) => l.startsWith('  3:5'))).toContain('end second line  DF041');
  });

  it('shows control characters as escapes, so input cannot drive the terminal', () => {
    const evil = { ...cleanInput(input.workingDirectory), findings: [finding({ ruleId: 'DF001', message: 'path /tmp/\u001b[2Jgone\u202Eevil', location: { kind: 'file', file: 'x\u0007/Dockerfile', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } })] };
    const out = renderTable(evil, { color: false });
    expect(out).not.toMatch(/[\u0007\u001b\u202E]/);
    expect(out).toContain('path /tmp/\\x1b[2Jgone\\u202eevil');
    expect(out).toContain('x\\x07/Dockerfile');
    expect(terminalSafe('ok\nline')).toBe('ok\nline');
  });

  it("puts the layer engine's image section first", () => {
    const out = renderTable({ ...input, command: 'image', targets: ['images/app.tar'] }, { color: false });
    expect(out.startsWith('Layers\n  0  5 MB  FROM debian\n\n')).toBe(true);
  });

  it('says when all is well', () => {
    expect(renderTable(cleanInput(input.workingDirectory), { color: false })).toBe('✔ 0 problems (0 errors, 0 warnings, 0 notes) in 1 file\n');
  });
});

describe('wrap', () => {
  it('breaks at spaces and keeps long words whole', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('https://example.com/a/very/long/url short', 10)).toEqual(['https://example.com/a/very/long/url', 'short']);
    expect(wrap('short', Infinity)).toEqual(['short']);
  });
});
