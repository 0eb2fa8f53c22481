import { describe, expect, it, vi } from 'vitest';
import { escapeInline, GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
import type { ReportInput } from '../../src/report/types.js';
import { cleanInput, finding, makeFixture } from './fixture.js';

// The image part belongs to the layer engine; here it only has to appear in the right place.
vi.mock('../../src/report/image-sections.js', () => ({
  imageMarkdownSection: (input: ReportInput) => (input.command === 'image' ? ['### Layers', '', '| layer | size |', '|---|---|', '| 0 | 5 MB |'] : []),
  imageTableSection: () => [],
}));

const GH = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: 'abcdef1234567' };

/** The finding rows: those with a rule linked to its page. */
function rows(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('| ') && l.includes('/rules-docs/'));
}

/** A table row has as many unescaped `|` as its header: hostile text must not add cells. */
function cells(row: string): number {
  return row.replace(/\\\|/g, '').split('|').length - 2;
}

describe('Markdown: verdict and counts', () => {
  it('says why the run could not check everything, and lists the input errors (first line only)', () => {
    const { input } = makeFixture();
    const md = renderMarkdown(input);
    expect(md.split('\n')[0]).toBe('## ⚠️ plimsoll lint: could not check everything');
    expect(md).toContain('3 input errors (exit code 2)');
    expect(md).toContain('4 findings at or above `warning`');
    expect(md).toContain('### Input errors (3)');
    expect(md).toContain('- app/Dockerfile:4:2: unknown instruction "FORM" &lt;&amp;&gt;');
    expect(md).toContain('internal error in rule DF999 (boom): Error: boom');
    expect(md).not.toContain('at check (file.js');
  });

  it('says failed and why, with counts by level, suppressed and new', () => {
    const { input } = makeFixture();
    input.errors = [];
    input.exitCode = 1;
    const md = renderMarkdown(input);
    expect(md.startsWith('## ❌ plimsoll lint: failed\n\nChecked 2 files. 4 findings at or above `warning`.')).toBe(true);
    expect(md).toContain('| 🔴 errors | 🟠 warnings | 🔵 notes | suppressed | new since baseline |');
    expect(md).toContain('| 2 | 3 | 1 | 2 | 5 |');
  });

  it('says passed when nothing reaches the threshold, and counts what is below it', () => {
    const { root } = makeFixture();
    const clean = cleanInput(root);
    expect(renderMarkdown(clean)).toContain('## ✅ plimsoll lint: passed\n\nChecked 1 file. No findings.');
    const noted = { ...clean, findings: [finding({ ruleId: 'DF001', level: 'note', location: { kind: 'file', file: 'app/Dockerfile', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } } })] };
    expect(renderMarkdown(noted)).toContain('No finding at or above `warning` (1 finding below it).');
  });

  it('shows the gate checks', () => {
    const { root } = makeFixture();
    const input = { ...cleanInput(root), command: 'image' as const, targets: ['nginx:1.25'], exitCode: 1 };
    input.gate = { passed: false, checks: [{ name: 'max-size', limit: '500 MB', actual: '612 MB', passed: false, message: '112 MB over' }, { name: 'min-efficiency', limit: '0.95', actual: '0.97', passed: true }] };
    const md = renderMarkdown(input);
    expect(md.split('\n')[0]).toBe('## ❌ plimsoll image: failed');
    expect(md).toContain('Checked `nginx:1.25`. Gate failed: max-size.');
    expect(md).toContain('| max-size | 500 MB | 612 MB | ❌ fail (112 MB over) |');
    expect(md).toContain('| min-efficiency | 0.95 | 0.97 | ✅ pass |');
  });

  it("puts the layer engine's image section before the findings", () => {
    const { input } = makeFixture();
    const md = renderMarkdown({ ...input, command: 'image', targets: ['images/app.tar'] });
    expect(md).toContain('### Layers');
    expect(md.indexOf('### Layers')).toBeLessThan(md.indexOf('### Findings'));
  });
});

describe('Markdown: findings', () => {
  const { input } = makeFixture();
  const md = renderMarkdown(input, { env: GH });

  it('groups findings by file and image, with the rule linked to its page', () => {
    expect(md).toContain('#### [app/Dockerfile](https://github.com/octo/app/blob/abcdef1234567/app/Dockerfile)');
    expect(md).toContain('#### image `nginx:1.25`');
    expect(md).toContain('#### image `images/app.tar`');
    expect(md).toContain('| 🔴 error | [DF001](https://github.com/plimsoll-dev/plimsoll/blob/main/rules-docs/DF001-workdir-relative.md) workdir-relative | WORKDIR "app" is relative; use an absolute path such as "/app"<br>**Fix:** WORKDIR /app 🆕 | [line 2](https://github.com/octo/app/blob/abcdef1234567/app/Dockerfile#L2) |');
  });

  it('links lines only when the environment names the commit', () => {
    const plain = renderMarkdown(input, { env: {} });
    expect(plain).toContain('| line 2 |');
    expect(plain).not.toContain('octo/app');
    expect(renderMarkdown(input, { env: { ...GH, GITHUB_SHA: 'not a sha' } })).not.toContain('/octo/app/blob/');
  });

  it('shows layer, step and path for image findings, and the Dockerfile line when there is one', () => {
    expect(md).toContain('| layer 2 `sha256:abababababab`<br>`RUN /bin/sh -c apt-get install -y openssh-client # buildkit`<br>`/root/.ssh/id_rsa` |');
    expect(md).toContain('[app/Dockerfile:3](https://github.com/octo/app/blob/abcdef1234567/app/Dockerfile#L3)<br>layer 2');
    expect(md).toContain('| `config.User` |');
  });

  it('folds notes, baseline findings and suppressed findings (with justification) into <details>', () => {
    expect(md).toContain('<details><summary>1 note</summary>');
    expect(md).toContain('<details><summary>1 finding already in the baseline</summary>');
    expect(md).toContain('<details><summary>2 suppressed findings</summary>');
    expect(md).toContain('| the base image sets WORKDIR on purpose |');
    expect(md.match(/<details>/g)).toHaveLength(md.match(/<\/details>/g)!.length);
    // Folded lists mix files, so they name the file.
    expect(md).toContain('| 🔵 note | [DF041](https://github.com/plimsoll-dev/plimsoll/blob/main/rules-docs/DF041-pipe-without-pipefail.md) pipe-without-pipefail | A note-level finding 🆕 | [app/Dockerfile:3]');
  });

  it('escapes hostile messages: no extra cells, no HTML, no pings, no issue links, no control characters', () => {
    const row = rows(md).find((r) => r.includes('Bad '))!;
    expect(cells(row)).toBe(4);
    expect(row).toContain('Bad \\| pipe &lt;script&gt;alert(1)&lt;/script&gt; \\*star\\* \\_under\\_ \\[link\\](http://x) @\u200boctocat #\u200b12 &amp;');
    expect(row).toContain('`a\\|b`');
    expect(row).toContain('日本語 🚢');
    expect(row).not.toMatch(/[\u0000-\u001F]/);
    expect(row).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    for (const r of rows(md)) expect(cells(r), r).toBe(r.includes('the base image') || r.includes('| config |') ? 5 : 4);
  });
});

describe('Markdown: size', () => {
  it("stays under GitHub's comment limit and says what it left out", () => {
    const { input } = makeFixture();
    input.findings = Array.from({ length: 3000 }, (_, i) =>
      finding({
        ruleId: i % 2 ? 'DF001' : 'DF041',
        level: i % 3 === 0 ? 'note' : 'error',
        message: `Finding number ${i} with a long message that takes room in the table ${'x'.repeat(60)}`,
        location: { kind: 'file', file: `svc${i % 40}/Dockerfile`, range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 5 } } },
      }),
    );
    const md = renderMarkdown(input, { env: GH });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toMatch(/\d+ more items left out to keep this under GitHub's 65,536-character comment limit/);
    expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
    const shown = rows(md).length;
    const omitted = Number(/(\d+) more items left out/.exec(md)![1]);
    expect(shown + omitted).toBe(3000);
  });

  it('folds a file with many findings', () => {
    const { input } = makeFixture();
    input.findings = Array.from({ length: 20 }, (_, i) =>
      finding({ ruleId: 'DF001', level: 'error', location: { kind: 'file', file: 'big/Dockerfile', range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } } } }),
    );
    expect(renderMarkdown(input)).toContain('<details><summary>big/Dockerfile: 20 findings</summary>');
  });
});

describe('escapeInline', () => {
  it('keeps code spans and escapes the rest', () => {
    expect(escapeInline('use `a|b` not *this*')).toBe('use `a\\|b` not \\*this\\*');
    expect(escapeInline('# not a heading')).toBe('\\# not a heading');
    expect(escapeInline('unmatched ` tick')).toBe('unmatched \\` tick');
  });
});
