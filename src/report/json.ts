/**
 * The JSON report: a versioned, documented schema (docs/json-schema.md, and the JSON Schema
 * docs/plimsoll-report.schema.json) for programs. Adding an optional field is a minor
 * version; renaming, removing or changing the meaning of a field is a major one.
 */
import { isActive, type Finding } from '../rules/finding.js';
import { ruleDocUrl } from '../rules/rule.js';
import type { ReportInput } from './types.js';

export const JSON_SCHEMA_VERSION = '1.0';

export interface Summary {
  /** Every finding, suppressed ones included. */
  total: number;
  /** Findings at each level that are not suppressed (baseline `unchanged` ones included). */
  error: number;
  warning: number;
  note: number;
  suppressed: number;
  /** Not suppressed and not `unchanged` in the baseline: what counts for the exit code. */
  active: number;
  /** With a baseline: findings new since it, and findings already in it (suppressed ones left out). */
  new?: number;
  unchanged?: number;
}

export function renderJson(input: ReportInput): string {
  const docs = new Map(input.rules.map((r) => [r.id, r]));
  const out = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: input.tool,
    command: input.command,
    targets: input.targets,
    workingDirectory: input.workingDirectory,
    summary: summarize(input.findings, input.baseline !== undefined),
    exitCode: input.exitCode,
    failOn: input.failOn,
    gate: input.gate,
    baseline: input.baseline,
    errors: input.errors,
    findings: input.findings.map((f) => ({
      ruleId: f.ruleId,
      name: f.ruleName,
      aliases: f.aliases,
      level: f.level,
      tags: f.tags,
      messageId: f.messageId,
      message: f.message,
      location: f.location,
      fix: f.fix,
      facts: f.facts,
      fingerprint: f.fingerprint,
      suppressed: f.suppressed,
      baselineState: f.baselineState,
      helpUri: ruleDocUrl(docs.get(f.ruleId) ?? { id: f.ruleId, name: f.ruleName }),
    })),
    image: input.image,
    diff: input.diff,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Counts by level (suppressed findings counted apart), and by baseline state when asked. */
export function summarize(findings: readonly Finding[], withBaseline = false): Summary {
  const count: Summary = { total: findings.length, error: 0, warning: 0, note: 0, suppressed: 0, active: 0 };
  if (withBaseline) {
    count.new = 0;
    count.unchanged = 0;
  }
  for (const f of findings) {
    if (f.suppressed) {
      count.suppressed++;
      continue;
    }
    count[f.level]++;
    if (isActive(f)) count.active++;
    if (withBaseline) {
      if (f.baselineState === 'unchanged') count.unchanged!++;
      else count.new!++;
    }
  }
  return count;
}
