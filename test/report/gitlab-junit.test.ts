import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildGitLab, gitlabSeverity } from '../../src/report/gitlab.js';
import { renderJUnit, xmlText } from '../../src/report/junit.js';
import { cleanInput, finding, makeFixture } from './fixture.js';

describe('GitLab Code Quality', () => {
  const { input } = makeFixture();
  const issues = buildGitLab(input);

  it('has one issue per finding that is not suppressed, plus one per input error', () => {
    expect(issues).toHaveLength(input.findings.filter((f) => !f.suppressed).length + input.errors.length);
    expect(issues.map((i) => i.description)).not.toContain('Suppressed inline');
    for (const i of issues) {
      expect(i.type).toBe('issue');
      expect(i.check_name.length).toBeGreaterThan(0);
      expect(i.fingerprint).toMatch(/^[0-9a-z]+$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
      expect(i.location.path.length).toBeGreaterThan(0);
      expect(i.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('uses Finding.fingerprint and repository-relative paths', () => {
    expect(issues[0]).toMatchObject({
      check_name: 'DF001 workdir-relative',
      fingerprint: input.findings[0].fingerprint,
      severity: 'major',
      location: { path: 'app/Dockerfile', lines: { begin: 2 } },
    });
    expect(issues[0].content!.body).toContain('Fix: WORKDIR /app');
  });

  it('places image findings on their Dockerfile line, their archive, or a stand-in path', () => {
    const im = issues.find((i) => i.check_name.startsWith('IM901'))!;
    expect(im).toMatchObject({ severity: 'critical', location: { path: '.plimsoll/images/docker.io/library/nginx', lines: { begin: 1 } } });
    expect(im.description).toBe('The image runs as root (image nginx:1.25, config config.User)');
    const fs = issues.filter((i) => i.check_name.startsWith('FS901'));
    expect(fs.map((i) => i.location.path)).toEqual(['images/app.tar', 'app/Dockerfile']);
    expect(fs[1].location.lines.begin).toBe(3);
  });

  it('maps levels to severities, security rules with security-severity 9+ to critical', () => {
    expect(gitlabSeverity({ level: 'error' })).toBe('major');
    expect(gitlabSeverity({ level: 'warning' })).toBe('minor');
    expect(gitlabSeverity({ level: 'note' })).toBe('info');
    expect(gitlabSeverity({ level: 'error' }, { tags: ['security'], securitySeverity: 9.5 })).toBe('critical');
    expect(gitlabSeverity({ level: 'error' }, { tags: ['security'], securitySeverity: 8.9 })).toBe('major');
    const err = issues.find((i) => i.check_name === 'plimsoll input-error')!;
    expect(err).toMatchObject({ severity: 'blocker', location: { path: 'app/Dockerfile', lines: { begin: 4 } } });
  });

  it('is an empty array for a clean run', () => {
    expect(buildGitLab(cleanInput(input.workingDirectory))).toEqual([]);
  });
});

const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!haveXmllint) console.warn('JUnit well-formedness check skipped: xmllint is missing (apt-get install libxml2-utils)');

describe('JUnit XML', () => {
  const { input } = makeFixture();
  const xml = renderJUnit(input);

  it('has a testsuite per file or image and a testcase per rule that fired', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plimsoll lint" tests="7" failures="3" errors="3" skipped="0">')).toBe(true);
    expect(xml).toContain('<testsuite name="app/Dockerfile" tests="3" failures="1" errors="1" skipped="0">');
    expect(xml).toContain('<testsuite name="nginx:1.25" tests="1" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testsuite name="broken/Dockerfile" tests="1" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('<testcase name="DF001 workdir-relative" classname="app/Dockerfile">');
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
  });

  it('fails a rule only for findings that fail the run; others go to system-out', () => {
    // DF041 here: one baseline-unchanged warning, one note (below --fail-on warning), one suppressed.
    const df041 = xml.slice(xml.indexOf('<testcase name="DF041'), xml.indexOf('</testcase>', xml.indexOf('<testcase name="DF041')));
    expect(df041).not.toContain('<failure');
    expect(df041).toContain('<system-out>');
    expect(df041).toContain('baseline: unchanged');
    const failOnNote = renderJUnit({ ...input, failOn: 'note' });
    const again = failOnNote.slice(failOnNote.indexOf('<testcase name="DF041'));
    expect(again.slice(0, again.indexOf('</testcase>'))).toContain('<failure message="A note-level finding" type="note">');
  });

  it('skips a rule whose findings are all suppressed, and passes a clean file', () => {
    const only = { ...input, findings: input.findings.filter((f) => f.suppressed && f.ruleId === 'DF001'), errors: [] };
    expect(renderJUnit(only)).toContain('<skipped message="suppressed: the base image sets WORKDIR on purpose"/>');
    const clean = renderJUnit(cleanInput(input.workingDirectory));
    expect(clean).toContain('<testsuite name="app/Dockerfile" tests="1" failures="0" errors="0" skipped="0">\n    <testcase name="plimsoll lint" classname="app/Dockerfile"/>');
  });

  it('escapes text and attributes and drops characters XML cannot hold', () => {
    expect(xml).toContain('Bad | pipe &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).toContain(']]&gt;');
    expect(xml).not.toMatch(/\u0001|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(xml).toContain('message="WORKDIR &quot;app&quot; is relative; use an absolute path such as &quot;/app&quot;"');
    expect(xmlText('a\u0000b\uFFFEc & <d>')).toBe('a\uFFFDb\uFFFDc &amp; &lt;d&gt;');
  });

  it.skipIf(!haveXmllint)('is well-formed XML (xmllint)', () => {
    const many = { ...input, findings: [...input.findings, finding({ ruleId: 'DF001', level: 'error', message: '\u0008\u000b\u001f "\' & < > ]]> \uDFFF', location: input.findings[0].location })] };
    for (const doc of [xml, renderJUnit(many), renderJUnit(cleanInput(input.workingDirectory))]) {
      const res = spawnSync('xmllint', ['--noout', '-'], { input: doc, encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    }
  });
});
