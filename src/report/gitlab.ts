/**
 * GitLab Code Quality (a Code Climate subset): a JSON array of issues that GitLab shows in the
 * merge request widget and the diff. Fingerprints come from Finding.fingerprint, so GitLab
 * tells new issues from old ones across unrelated line moves. Suppressed findings are left
 * out (GitLab has no notion of them); findings already in a baseline stay in, as GitLab
 * compares against the target branch's report itself.
 */
import { createHash } from 'node:crypto';
import { formatInputError, type Finding, type InputError } from '../rules/finding.js';
import type { RuleMeta } from '../rules/rule.js';
import { describeImageLocation, placeOf, placeOfError } from './locations.js';
import type { ReportInput } from './types.js';

export type GitLabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitLabIssue {
  type: 'issue';
  check_name: string;
  description: string;
  content?: { body: string };
  categories: string[];
  severity: GitLabSeverity;
  fingerprint: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

export function renderGitLab(input: ReportInput): string {
  return `${JSON.stringify(buildGitLab(input), null, 2)}\n`;
}

export function buildGitLab(input: ReportInput): GitLabIssue[] {
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const issues: GitLabIssue[] = [];
  for (const f of input.findings) {
    if (f.suppressed) continue;
    issues.push(issueOf(f, rules.get(f.ruleId), input));
  }
  for (const e of input.errors) issues.push(errorIssue(e, input));
  return issues;
}

/**
 * Level first (error -> major, warning -> minor, note -> info); an error of a security rule
 * with a security-severity of 9.0 or more (GitHub's `critical`) is `critical`. `blocker` is
 * kept for input errors: the file or image could not be checked at all.
 */
export function gitlabSeverity(f: Pick<Finding, 'level'>, meta?: Pick<RuleMeta, 'securitySeverity' | 'tags'>): GitLabSeverity {
  if (f.level === 'error') {
    return meta?.tags.includes('security') && (meta.securitySeverity ?? 0) >= 9 ? 'critical' : 'major';
  }
  return f.level === 'warning' ? 'minor' : 'info';
}

function issueOf(f: Finding, meta: RuleMeta | undefined, input: ReportInput): GitLabIssue {
  const place = placeOf(f, input.workingDirectory);
  let description = `${f.message}`;
  if (f.location.kind === 'image') description += ` (${describeImageLocation(f.location)})`;
  const body: string[] = [];
  if (meta) body.push(meta.fullDescription);
  if (f.fix) body.push(`Fix: ${f.fix}`);
  const issue: GitLabIssue = {
    type: 'issue',
    check_name: `${f.ruleId} ${f.ruleName}`,
    description,
    categories: categoriesOf(f.tags),
    severity: gitlabSeverity(f, meta),
    fingerprint: f.fingerprint,
    location: { path: place.artifact.path, lines: { begin: place.range.start.line } },
  };
  if (place.range.end.line > place.range.start.line) issue.location.lines.end = place.range.end.line;
  if (body.length > 0) issue.content = { body: body.join('\n\n') };
  return issue;
}

function errorIssue(e: InputError, input: ReportInput): GitLabIssue {
  const artifact = placeOfError(e, input.command, input.workingDirectory);
  const text = formatInputError(e);
  return {
    type: 'issue',
    check_name: 'plimsoll input-error',
    description: text.split(/\r?\n/)[0],
    categories: ['Bug Risk'],
    severity: 'blocker',
    fingerprint: createHash('sha256').update(`input-error\u0000${e.source}\u0000${e.message.split(/\r?\n/)[0]}`).digest('hex').slice(0, 32),
    location: { path: artifact.path, lines: { begin: e.line !== undefined && e.line >= 1 ? e.line : 1 } },
  };
}

/** Code Climate's categories, from our tags. */
function categoriesOf(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    if (t === 'security') out.add('Security');
    else if (t === 'performance' || t === 'size') out.add('Performance');
    else if (t === 'maintainability' || t === 'style') out.add('Style');
    else if (t === 'correctness' || t === 'reliability') out.add('Bug Risk');
    else if (t === 'compatibility') out.add('Compatibility');
  }
  if (out.size === 0) out.add('Bug Risk');
  return [...out];
}
