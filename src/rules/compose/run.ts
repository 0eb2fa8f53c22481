/**
 * Runs the compose rules over one compose model and returns its findings, with suppression
 * comments applied and fingerprints set. Fingerprints hash the rule, the compose file, the
 * service, the key path and the value at fault, never a line number.
 */
import { keyPath, type ComposeFile } from '../../compose/model.js';
import type { RuleConfigView } from '../config-view.js';
import { isLevel, type Finding, type InputError, type Range } from '../finding.js';
import { fingerprintOf, normalizeForFingerprint, OccurrenceCounter } from '../fingerprint.js';
import { formatMessage } from '../rule.js';
import { ComposeSuppressions } from './suppress.js';
import type { ComposeReportDescriptor, ComposeRule } from './types.js';

export interface ComposeLintResult {
  findings: Finding[];
  /** A rule that threw: a bug in plimsoll, reported (exit 2), never hidden. */
  internalErrors: InputError[];
}

export function lintComposeModel(model: ComposeFile, rules: readonly ComposeRule[], config: RuleConfigView): ComposeLintResult {
  const findings: Finding[] = [];
  const internalErrors: InputError[] = [];
  const occurrences = new OccurrenceCounter();
  const suppressions = new ComposeSuppressions(model);
  for (const rule of rules) {
    const level = config.levelOf(rule.meta);
    if (!isLevel(level)) continue;
    const { meta } = rule;
    const report = (d: ComposeReportDescriptor) => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const node = d.node;
      const range: Range = d.at === 'key' ? (node.keyRange ?? node.range) : d.at === undefined || d.at === 'value' ? node.range : d.at;
      const value = node.kind === 'scalar' ? normalizeForFingerprint(node.raw) : '';
      const base = [meta.id, model.path, d.service?.name ?? '', keyPath(node), d.fingerprintKey ?? `${d.messageId}\u0000${value}`];
      const occurrence = occurrences.next(base.join('\u0000'));
      const facts = d.service ? { service: d.service.name, ...d.facts } : d.facts;
      const finding: Finding = {
        ruleId: meta.id,
        ruleName: meta.name,
        aliases: [...meta.aliases],
        level,
        tags: [...meta.tags],
        messageId: d.messageId,
        message: formatMessage(template, { ...(d.service ? { service: d.service.name } : {}), ...d.data }),
        location: { kind: 'file', file: node.source.path, range },
        fix: d.fix,
        facts,
        fingerprint: fingerprintOf([...base, occurrence]),
      };
      if (config.inlineIgnores) suppressions.apply(finding, meta, node, d.service?.node);
      findings.push(finding);
    };
    try {
      rule.check(model, { options: config.optionsOf(meta), settings: config.shared, level, report });
    } catch (err) {
      internalErrors.push({
        source: model.path,
        message: `internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.stack ?? String(err)}`,
      });
    }
  }
  findings.sort((a, b) => {
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
  return { findings, internalErrors };
}
