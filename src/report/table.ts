/**
 * The report for people: findings grouped by file (or image), one line each, with colour on
 * a TTY unless NO_COLOR or --no-color.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { formatInputError, type Finding, type Level } from '../rules/finding.js';
import { summarize } from './json.js';
import type { ReportInput } from './types.js';

export interface TableOptions {
  color: boolean;
}

export function renderTable(input: ReportInput, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const key = f.location.kind === 'file' ? f.location.file : f.location.image;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  for (const [source, findings] of groups) {
    out.push(c.underline(source));
    for (const f of findings) out.push(formatFinding(f, c));
    out.push('');
  }
  for (const e of input.errors) out.push(c.red(`error: ${formatInputError(e)}`));
  if (input.errors.length > 0) out.push('');
  const s = summarize(input.findings);
  const parts = [
    `${s.error} ${plural(s.error, 'error')}`,
    `${s.warning} ${plural(s.warning, 'warning')}`,
    `${s.note} ${plural(s.note, 'note')}`,
  ];
  if (s.suppressed > 0) parts.push(`${s.suppressed} suppressed`);
  const total = input.targets.length;
  out.push(`${parts.join(', ')} in ${total} ${plural(total, input.command === 'lint' ? 'file' : 'image')}`);
  if (input.gate) {
    for (const check of input.gate.checks) {
      const mark = check.passed ? c.green('PASS') : c.red('FAIL');
      out.push(`${mark} ${check.name}: ${check.actual} (limit ${check.limit})${check.message ? ` ${check.message}` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function formatFinding(f: Finding, c: ChalkInstance): string {
  const where =
    f.location.kind === 'file'
      ? `${f.location.range.start.line}:${f.location.range.start.column}`
      : [f.location.layer ? `layer ${f.location.layer.index}` : '', f.location.path ?? f.location.configKey ?? ''].filter(Boolean).join(' ');
  const suppressed = f.suppressed ? c.dim(' (suppressed)') : '';
  const fresh = f.baselineState === 'new' ? c.cyan(' [new]') : '';
  return `  ${c.dim(where.padEnd(7))} ${colorLevel(f.level, c)} ${f.message} ${c.dim(`${f.ruleId} ${f.ruleName}`)}${suppressed}${fresh}`;
}

function colorLevel(level: Level, c: ChalkInstance): string {
  const text = level.padEnd(7);
  return level === 'error' ? c.red(text) : level === 'warning' ? c.yellow(text) : c.blue(text);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
