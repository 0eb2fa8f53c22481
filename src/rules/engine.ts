/**
 * What every family's runner shares: run each rule that is on at its configured level, turn
 * what it reports into findings (message from the rule's template, stable fingerprint, level,
 * tags), and keep a rule that throws from taking the others down (its error is reported as an
 * internal error, exit 2, never hidden). The runners add only what is theirs: where a finding
 * points, what its fingerprint hashes, and suppressions.
 */
import type { RuleConfigView } from './config-view.js';
import { isLevel, type Finding, type FactValue, type InputError, type Level, type Location } from './finding.js';
import { fingerprintOf, OccurrenceCounter } from './fingerprint.js';
import { formatMessage, type RuleMeta, type SharedSettings } from './rule.js';

export interface RuleRunResult {
  findings: Finding[];
  /** A rule that threw: a bug in plimsoll, reported (exit 2), never hidden. */
  internalErrors: InputError[];
}

/** The part of a report every family's descriptor has. */
export interface BaseDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  fix?: string;
  facts?: Record<string, FactValue>;
}

export interface Placement {
  location: Location;
  /** What identifies the finding, never a line number; an occurrence count is added. */
  fingerprint: readonly (string | number | undefined)[];
  /** Extra message data (e.g. the service name of a compose finding). */
  data?: Record<string, string | number>;
  facts?: Record<string, FactValue>;
}

export interface RunRulesSpec<R extends { meta: RuleMeta }, D extends BaseDescriptor> {
  rules: readonly R[];
  config: RuleConfigView;
  /** Named in internal errors: the file or image the rules ran on. */
  source: string;
  /** Where a report points and what identifies it. */
  place(meta: RuleMeta, d: D): Placement;
  /** Calls the rule's check with its context. */
  check(rule: R, context: { options: Record<string, unknown>; settings: SharedSettings; level: Level; report: (d: D) => void }): void;
  /** Runs on each finding before it is kept (suppressions). */
  finish?(finding: Finding, meta: RuleMeta, d: D): void;
}

export function runRules<R extends { meta: RuleMeta }, D extends BaseDescriptor>(spec: RunRulesSpec<R, D>): RuleRunResult {
  const findings: Finding[] = [];
  const internalErrors: InputError[] = [];
  const occurrences = new OccurrenceCounter();
  for (const rule of spec.rules) {
    const { meta } = rule;
    const level = spec.config.levelOf(meta);
    if (!isLevel(level)) continue;
    const report = (d: D) => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const placed = spec.place(meta, d);
      const key = placed.fingerprint.join('\u0000');
      const finding: Finding = {
        ruleId: meta.id,
        ruleName: meta.name,
        aliases: [...meta.aliases],
        level,
        tags: [...meta.tags],
        messageId: d.messageId,
        message: formatMessage(template, placed.data ? { ...placed.data, ...d.data } : d.data),
        location: placed.location,
        fix: d.fix,
        facts: placed.facts ?? d.facts,
        fingerprint: fingerprintOf([...placed.fingerprint, occurrences.next(key)]),
      };
      spec.finish?.(finding, meta, d);
      findings.push(finding);
    };
    try {
      spec.check(rule, { options: spec.config.optionsOf(meta), settings: spec.config.shared, level, report });
    } catch (err) {
      internalErrors.push({
        source: spec.source,
        message: `internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.stack ?? String(err)}`,
      });
    }
  }
  return { findings, internalErrors };
}

/** Image findings in layer order, then by rule. */
export function byLayerThenRule(a: Finding, b: Finding): number {
  const la = a.location.kind === 'image' ? (a.location.layer?.index ?? -1) : -1;
  const lb = b.location.kind === 'image' ? (b.location.layer?.index ?? -1) : -1;
  return la - lb || a.ruleId.localeCompare(b.ruleId);
}
