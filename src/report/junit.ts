/**
 * JUnit XML for CI test views (GitLab, Jenkins, Azure DevOps): a testsuite per file or image,
 * a testcase per rule that fired there (named by the rule, never by a line, so test history
 * stays stable), failing when one of its findings fails the run (at or above --fail-on, not
 * suppressed, not in the baseline). Findings that do not fail the run are listed in
 * system-out; a rule whose findings are all suppressed is `skipped`. Input errors are
 * `error` testcases. A file with no findings has one passing testcase.
 */
import { formatInputError, isActive, levelRank, type Finding, type InputError } from '../rules/finding.js';
import { describeImageLocation } from './locations.js';
import type { ReportInput } from './types.js';

interface Suite {
  name: string;
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function renderJUnit(input: ReportInput): string {
  const threshold = input.failOn === 'none' ? Infinity : levelRank(input.failOn);
  const fails = (f: Finding) => isActive(f) && levelRank(f.level) >= threshold;
  const suites = new Map<string, Suite>();
  const suite = (name: string): Suite => {
    let s = suites.get(name);
    if (!s) {
      s = { name, cases: [], tests: 0, failures: 0, errors: 0, skipped: 0 };
      suites.set(name, s);
    }
    return s;
  };
  for (const t of input.targets) suite(t);

  const bySuiteRule = new Map<string, Map<string, Finding[]>>();
  for (const f of input.findings) {
    const name = f.location.kind === 'file' ? f.location.file : f.location.image;
    suite(name);
    const rules = bySuiteRule.get(name) ?? new Map<string, Finding[]>();
    const list = rules.get(f.ruleId) ?? [];
    list.push(f);
    rules.set(f.ruleId, list);
    bySuiteRule.set(name, rules);
  }
  const errorsBySuite = new Map<string, InputError[]>();
  for (const e of input.errors) {
    suite(e.source);
    errorsBySuite.set(e.source, [...(errorsBySuite.get(e.source) ?? []), e]);
  }

  for (const s of suites.values()) {
    const classname = s.name;
    for (const e of errorsBySuite.get(s.name) ?? []) {
      s.tests++;
      s.errors++;
      const text = formatInputError(e);
      s.cases.push(
        `    <testcase name="${attr('input error')}" classname="${attr(classname)}">\n` +
          `      <error message="${attr(text.split(/\r?\n/)[0])}" type="input-error">${xmlText(text)}</error>\n` +
          `    </testcase>`,
      );
    }
    const rules = bySuiteRule.get(s.name);
    if (rules) {
      for (const [ruleId, findings] of rules) {
        s.tests++;
        const name = `${ruleId} ${findings[0].ruleName}`;
        const failing = findings.filter(fails);
        const lines = findings.map(describe).join('\n');
        let body: string;
        if (failing.length > 0) {
          s.failures++;
          const first = failing[0];
          const message = failing.length === 1 ? first.message : `${first.message} (and ${failing.length - 1} more)`;
          body = `      <failure message="${attr(message)}" type="${attr(first.level)}">${xmlText(lines)}</failure>\n`;
        } else if (findings.every((f) => f.suppressed)) {
          s.skipped++;
          body = `      <skipped message="${attr(`suppressed: ${findings[0].suppressed?.justification ?? findings[0].suppressed?.kind}`)}"/>\n` + `      <system-out>${xmlText(lines)}</system-out>\n`;
        } else {
          body = `      <system-out>${xmlText(lines)}</system-out>\n`;
        }
        s.cases.push(`    <testcase name="${attr(name)}" classname="${attr(classname)}">\n${body}    </testcase>`);
      }
    }
    if (s.tests === 0) {
      s.tests++;
      s.cases.push(`    <testcase name="${attr(`plimsoll ${input.command}`)}" classname="${attr(classname)}"/>`);
    }
  }

  const all = [...suites.values()];
  const total = (k: 'tests' | 'failures' | 'errors' | 'skipped') => all.reduce((n, s) => n + s[k], 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`plimsoll ${input.command}`)}" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}">`,
  ];
  for (const s of all) {
    out.push(
      `  <testsuite name="${attr(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}">`,
      ...s.cases,
      '  </testsuite>',
    );
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** One finding on one line: where, level, message, and its state. */
function describe(f: Finding): string {
  const loc = f.location;
  const where =
    loc.kind === 'file'
      ? `${loc.file}:${loc.range.start.line}:${loc.range.start.column}`
      : `${loc.source ? `${loc.source.file}:${loc.source.range.start.line}: ` : ''}${describeImageLocation(loc)}`;
  const marks: string[] = [];
  if (f.suppressed) marks.push(`suppressed (${f.suppressed.kind})${f.suppressed.justification ? `: ${f.suppressed.justification}` : ''}`);
  if (f.baselineState) marks.push(`baseline: ${f.baselineState}`);
  let line = `${where}: ${f.level}: ${f.message}`;
  if (f.fix) line += `\n  fix: ${f.fix}`;
  if (marks.length > 0) line += `\n  ${marks.join('; ')}`;
  return line;
}

/** Characters XML 1.0 forbids anywhere (even escaped): most C0 controls, lone surrogates, U+FFFE/F. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}


/** Attribute values: also quotes, and newlines and tabs as character references so they survive. */
function attr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
