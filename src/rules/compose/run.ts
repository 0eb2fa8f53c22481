/**
 * Runs the compose rules over one compose model and returns its findings, with suppression
 * comments applied and fingerprints set. Fingerprints hash the rule, the compose file, the
 * service, the key path and the value at fault, never a line number.
 */
import { keyPath, type ComposeFile } from '../../compose/model.js';
import type { RuleConfigView } from '../config-view.js';
import type { Range } from '../finding.js';
import { normalizeForFingerprint } from '../fingerprint.js';
import { runRules, type RuleRunResult } from '../engine.js';
import { ComposeSuppressions } from './suppress.js';
import type { ComposeReportDescriptor, ComposeRule } from './types.js';

export type ComposeLintResult = RuleRunResult;

export function lintComposeModel(model: ComposeFile, rules: readonly ComposeRule[], config: RuleConfigView): ComposeLintResult {
  const suppressions = new ComposeSuppressions(model);
  const result = runRules<ComposeRule, ComposeReportDescriptor>({
    rules,
    config,
    source: model.path,
    place(meta, d) {
      const node = d.node;
      const range: Range = d.at === 'key' ? (node.keyRange ?? node.range) : d.at === undefined || d.at === 'value' ? node.range : d.at;
      const value = node.kind === 'scalar' ? normalizeForFingerprint(node.raw) : '';
      return {
        location: { kind: 'file', file: node.source.path, range },
        fingerprint: [meta.id, model.path, d.service?.name ?? '', keyPath(node), d.fingerprintKey ?? `${d.messageId}\u0000${value}`],
        data: d.service ? { service: d.service.name } : undefined,
        facts: d.service ? { service: d.service.name, ...d.facts } : d.facts,
      };
    },
    check: (rule, context) => rule.check(model, context),
    finish(finding, meta, d) {
      if (config.inlineIgnores) suppressions.apply(finding, meta, d.node, d.service?.node);
    },
  });
  result.findings.sort((a, b) => {
    if (a.location.kind !== 'file' || b.location.kind !== 'file') return 0;
    const fa = a.location.file === model.path ? '' : a.location.file;
    const fb = b.location.file === model.path ? '' : b.location.file;
    return (
      fa.localeCompare(fb) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.column - b.location.range.start.column ||
      a.ruleId.localeCompare(b.ruleId)
    );
  });
  return result;
}
