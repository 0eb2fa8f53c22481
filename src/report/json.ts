/**
 * The JSON report: a versioned, documented schema (docs/json-schema.md) for programs.
 */
import type { Finding } from '../rules/finding.js';
import { ruleDocUrl } from '../rules/rule.js';
import type { ReportInput } from './types.js';

export const JSON_SCHEMA_VERSION = '1.0';

export function renderJson(input: ReportInput): string {
  const docs = new Map(input.rules.map((r) => [r.id, r]));
  const out = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: input.tool,
    command: input.command,
    targets: input.targets,
    summary: summarize(input.findings),
    exitCode: input.exitCode,
    failOn: input.failOn,
    gate: input.gate,
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
      helpUri: docs.has(f.ruleId) ? ruleDocUrl(docs.get(f.ruleId)!) : undefined,
    })),
    image: input.image,
    diff: input.diff,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function summarize(findings: readonly Finding[]) {
  const count = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) count.suppressed++;
    else count[f.level]++;
  }
  return count;
}
