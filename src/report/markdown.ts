/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict and why, counts,
 * the gate, then the findings by file in tables (level, rule linked to its page, message,
 * place linked to the line when the GitHub Actions environment names the commit). Notes,
 * baseline findings, suppressed findings and long lists fold into <details>. Everything that
 * comes from the input is escaped, and the body stays under GitHub's comment limit.
 */
import { formatInputError, isActive, levelRank, type Finding, type Level } from '../rules/finding.js';
import { ruleDocUrl, type RuleMeta } from '../rules/rule.js';
import { diffMarkdownSection } from './diff-sections.js';
import { imageMarkdownSection } from './image-sections.js';
import { summarize } from './json.js';
import { fileArtifact, shortDigest, oneLine } from './locations.js';
import type { ReportInput } from './types.js';

/** GitHub's limit on a comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Room kept for closing tags and the truncation note. */
const RESERVE = 1_500;
/** A file with more rows than this gets its table folded. */
const FOLD_ROWS = 15;

export interface MarkdownOptions {
  /** Environment for links to the analysed commit (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA). */
  env?: Record<string, string | undefined>;
  /** Maximum length of the body (GitHub's comment limit by default). */
  maxLength?: number;
}

const LEVEL_MARK: Record<Level, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };

class Body {
  readonly lines: string[] = [];
  private used = 0;
  full = false;
  omitted = 0;

  constructor(private readonly budget: number) {}

  /** Always adds (closing tags, the final note): the reserve pays for these. */
  push(...lines: string[]): void {
    for (const l of lines) {
      this.lines.push(l);
      this.used += l.length + 1;
    }
  }

  /** Adds when it fits; once something does not fit, nothing more does. */
  tryPush(...lines: string[]): boolean {
    const size = lines.reduce((n, l) => n + l.length + 1, 0);
    if (this.full || this.used + size > this.budget) {
      this.full = true;
      return false;
    }
    this.push(...lines);
    return true;
  }
}

export function renderMarkdown(input: ReportInput, opts: MarkdownOptions = {}): string {
  const env = opts.env ?? {};
  const max = opts.maxLength ?? GITHUB_COMMENT_LIMIT;
  const out = new Body(Math.max(0, max - RESERVE));
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const links = linkBase(env);

  out.push(...verdict(input), '');
  out.push(...countsTable(input), '');

  if (input.gate && input.gate.checks.length > 0) {
    out.push('| gate | limit | actual | result |', '|---|---|---|---|');
    for (const ch of input.gate.checks) {
      const result = ch.passed ? '✅ pass' : `❌ fail${ch.message ? ` (${escapeInline(ch.message)})` : ''}`;
      out.tryPush(`| ${escapeInline(ch.name)} | ${escapeInline(ch.limit)} | ${escapeInline(ch.actual)} | ${result} |`);
    }
    out.push('');
  }

  const image = imageMarkdownSection(input);
  if (image.length > 0) {
    if (!out.tryPush(...image, '')) out.omitted++;
  }
  const diff = diffMarkdownSection(input);
  if (diff.length > 0) {
    if (!out.tryPush(...diff, '')) out.omitted++;
  }

  if (input.errors.length > 0) {
    out.push(`### Input errors (${input.errors.length})`, '');
    for (const e of input.errors) {
      // Internal errors may carry a stack trace: the first line says enough here.
      if (!out.tryPush(`- ${escapeInline(firstLine(formatInputError(e)))}`)) out.omitted++;
    }
    out.push('');
  }

  const shown = input.findings.filter((f) => !f.suppressed);
  const main = shown.filter((f) => f.level !== 'note' && f.baselineState !== 'unchanged');
  const notes = shown.filter((f) => f.level === 'note' && f.baselineState !== 'unchanged');
  const inBaseline = shown.filter((f) => f.baselineState === 'unchanged');
  const suppressed = input.findings.filter((f) => f.suppressed);

  if (main.length > 0) {
    out.push('### Findings', '');
    for (const [group, findings] of groupBy(main)) {
      const fold = findings.length > FOLD_ROWS;
      const title = groupTitle(group, findings, input, links);
      if (fold) {
        if (!out.tryPush(`<details><summary>${escapeHtml(group)}: ${count(findings.length, 'finding')}</summary>`, '')) {
          out.omitted += findings.length;
          continue;
        }
      } else if (!out.tryPush(`#### ${title}`, '')) {
        out.omitted += findings.length;
        continue;
      }
      findingsTable(out, findings, input, rules, links, true);
      if (fold) out.push('</details>');
      out.push('');
    }
  }

  folded(out, notes, `${count(notes.length, 'note')}`, input, rules, links);
  folded(out, inBaseline, `${count(inBaseline.length, 'finding')} already in the baseline`, input, rules, links);
  folded(out, suppressed, `${count(suppressed.length, 'suppressed finding')}`, input, rules, links, true);

  if (out.omitted > 0) {
    out.push(
      `> [!NOTE]`,
      `> ${count(out.omitted, 'more item')} left out to keep this under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit. The table, JSON or SARIF report has everything.`,
      '',
    );
  }
  return `${out.lines.join('\n').replace(/\n+$/, '')}\n`;
}

function verdict(input: ReportInput): string[] {
  const what = input.command === 'lint' ? 'plimsoll lint' : `plimsoll ${input.command}`;
  const targets =
    input.command === 'lint'
      ? count(input.targets.length, 'file')
      : input.targets.length <= 3 && input.targets.length > 0
        ? input.targets.map((t) => `\`${codeSafe(t)}\``).join(', ')
        : count(input.targets.length, 'image');
  const threshold = input.failOn === 'none' ? undefined : levelRank(input.failOn);
  const failing = threshold === undefined ? [] : input.findings.filter((f) => isActive(f) && levelRank(f.level) >= threshold);
  const failedChecks = input.gate?.checks.filter((c) => !c.passed) ?? [];
  const why: string[] = [];
  let head: string;
  if (input.exitCode === 2 || input.errors.length > 0) {
    head = `## ⚠️ ${what}: could not check everything`;
    why.push(`${count(input.errors.length, 'input error')} (exit code 2): see below.`);
  } else if (input.exitCode !== 0) {
    head = `## ❌ ${what}: failed`;
  } else {
    head = `## ✅ ${what}: passed`;
  }
  if (failing.length > 0) why.push(`${count(failing.length, 'finding')} at or above \`${input.failOn}\`.`);
  if (failedChecks.length > 0) why.push(`Gate failed: ${failedChecks.map((c) => escapeInline(c.name)).join(', ')}.`);
  if (why.length === 0) {
    const below = input.findings.filter(isActive).length;
    why.push(
      input.failOn === 'none'
        ? `Findings do not fail this run (\`--fail-on none\`).`
        : below > 0
          ? `No finding at or above \`${input.failOn}\` (${count(below, 'finding')} below it).`
          : 'No findings.',
    );
  }
  return [head, '', `Checked ${targets}. ${why.join(' ')}`];
}

function countsTable(input: ReportInput): string[] {
  const s = summarize(input.findings, input.baseline !== undefined);
  const head = ['🔴 errors', '🟠 warnings', '🔵 notes', 'suppressed'];
  const row = [s.error, s.warning, s.note, s.suppressed].map(String);
  if (s.new !== undefined) {
    head.push('new since baseline');
    row.push(String(s.new));
  }
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---:').join('|')}|`, `| ${row.join(' | ')} |`];
}

function folded(
  out: Body,
  findings: Finding[],
  summary: string,
  input: ReportInput,
  rules: Map<string, RuleMeta>,
  links: string | undefined,
  withJustification = false,
): void {
  if (findings.length === 0) return;
  if (!out.tryPush(`<details><summary>${summary}</summary>`, '')) {
    out.omitted += findings.length;
    return;
  }
  findingsTable(out, findings, input, rules, links, false, withJustification);
  out.push('</details>', '');
}

function findingsTable(
  out: Body,
  findings: Finding[],
  input: ReportInput,
  rules: Map<string, RuleMeta>,
  links: string | undefined,
  grouped: boolean,
  withJustification = false,
): void {
  const head = withJustification ? '| level | rule | message | where | justification |' : '| level | rule | message | where |';
  out.push(head, withJustification ? '|---|---|---|---|---|' : '|---|---|---|---|');
  for (const f of findings) {
    const meta = rules.get(f.ruleId);
    const url = ruleDocUrl(meta ?? { id: f.ruleId, name: f.ruleName });
    let message = escapeInline(f.message);
    if (f.fix) message += `<br>**Fix:** ${escapeInline(f.fix)}`;
    if (f.baselineState === 'new' && input.baseline) message += ' 🆕';
    const cells = [LEVEL_MARK[f.level], `[${f.ruleId}](${url}) ${f.ruleName}`, message, whereCell(f, input, links, grouped)];
    if (withJustification) cells.push(escapeInline(f.suppressed?.justification ?? f.suppressed?.kind ?? ''));
    if (!out.tryPush(`| ${cells.join(' | ')} |`)) out.omitted++;
  }
}

function whereCell(f: Finding, input: ReportInput, links: string | undefined, grouped: boolean): string {
  const loc = f.location;
  // Under a file's heading the line is enough; folded lists mix files and name them.
  if (loc.kind === 'file') return fileLink(loc.file, loc.range.start.line, loc.range.end.line, input, links, grouped ? `line ${loc.range.start.line}` : undefined);
  const parts: string[] = grouped ? [] : [`image \`${codeSafe(loc.image)}\``];
  if (loc.source) parts.push(fileLink(loc.source.file, loc.source.range.start.line, loc.source.range.end.line, input, links));
  if (loc.layer) {
    parts.push(`layer ${loc.layer.index} \`${shortDigest(loc.layer.diffId)}\``);
    if (loc.layer.createdBy) parts.push(`\`${codeSafe(oneLine(loc.layer.createdBy, 60))}\``);
  }
  if (loc.path) parts.push(`\`${codeSafe(loc.path)}\``);
  if (loc.configKey) parts.push(`\`${codeSafe(loc.configKey)}\``);
  if (parts.length === 0) parts.push(`image \`${codeSafe(loc.image)}\``);
  return parts.join('<br>');
}

function fileLink(file: string, start: number, end: number, input: ReportInput, links: string | undefined, text?: string): string {
  const label = text ?? `${escapeInline(file)}:${start}`;
  if (!links) return label;
  const art = fileArtifact(file, input.workingDirectory);
  if (!art.relative || art.pseudo || art.path === '-') return label;
  const anchor = end > start ? `#L${start}-L${end}` : `#L${start}`;
  return `[${label}](${links}/${art.path.split('/').map(encodeURIComponent).join('/')}${anchor})`;
}

function groupTitle(group: string, findings: Finding[], input: ReportInput, links: string | undefined): string {
  const first = findings[0].location;
  if (first.kind === 'file' && links) {
    const art = fileArtifact(first.file, input.workingDirectory);
    if (art.relative && art.path !== '-') return `[${escapeInline(group)}](${links}/${art.path.split('/').map(encodeURIComponent).join('/')})`;
  }
  return first.kind === 'image' ? `image \`${codeSafe(group)}\`` : escapeInline(group);
}

/** `https://github.com/OWNER/REPO/blob/SHA` from the GitHub Actions environment. */
function linkBase(env: Record<string, string | undefined>): string | undefined {
  const server = env.GITHUB_SERVER_URL?.replace(/\/+$/, '');
  const repo = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  if (!server || !repo || !sha || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  if (!/^https?:\/\//.test(server)) return undefined;
  return `${server}/${repo}/blob/${sha}`;
}

function groupBy(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.location.kind === 'file' ? f.location.file : f.location.image;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return groups;
}

/**
 * Makes text safe in a table cell: Markdown and HTML are escaped, `|` cannot end the cell,
 * `@name` and `#123` do not ping or link, newlines become spaces. Matched `code spans` are
 * kept as code (with `|` still escaped, as GitHub tables need).
 */
export function escapeInline(text: string): string {
  const flat = text
    .replace(/\r?\n|\t/g, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const parts = flat.split(/(`[^`]+`)/);
  return parts
    .map((p, i) => {
      if (i % 2 === 1) return p.replace(/\|/g, '\\|');
      return p
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
        .replace(/@(?=[\w-])/g, '@\u200b')
        .replace(/#(?=\d)/g, '#\u200b');
    })
    .join('')
    .replace(/^([#+=-])/, '\\$1');
}

/** Text for inside a code span we write ourselves: no backticks, no `|`, one line. */
function codeSafe(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0];
}

function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}
