/**
 * Runs the Dockerfile rules over one parsed Dockerfile and returns its findings, with
 * suppression comments applied and fingerprints set.
 */
import type { Dockerfile } from '../../dockerfile/model.js';
import { sliceText } from '../../dockerfile/parse.js';
import type { RuleConfigView } from '../config-view.js';
import { isLevel, type Finding, type InputError } from '../finding.js';
import { fingerprintOf, normalizeForFingerprint, OccurrenceCounter } from '../fingerprint.js';
import { formatMessage, type ReportDescriptor } from '../rule.js';
import { applyPragmas } from '../suppression.js';
import type { BuildContextFacts, DockerfileRule } from './types.js';

export interface DockerfileLintResult {
  findings: Finding[];
  /** A rule that threw: a bug in plimsoll, reported (exit 2), never hidden. */
  internalErrors: InputError[];
}

export function lintDockerfileModel(
  df: Dockerfile,
  rules: readonly DockerfileRule[],
  config: RuleConfigView,
  buildContext: BuildContextFacts = {},
): DockerfileLintResult {
  const findings: Finding[] = [];
  const internalErrors: InputError[] = [];
  const occurrences = new OccurrenceCounter();
  // A long RUN with many findings (one per unpinned package) would be normalised once per finding.
  const normalizedRaw = new Map<object, string>();
  const rawOf = (instr: { raw: string }) => {
    let n = normalizedRaw.get(instr);
    if (n === undefined) normalizedRaw.set(instr, (n = normalizeForFingerprint(instr.raw)));
    return n;
  };
  for (const rule of rules) {
    const level = config.levelOf(rule.meta);
    if (!isLevel(level)) continue;
    const { meta } = rule;
    const report = (d: ReportDescriptor) => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const instr = df.instructions.find((i) => d.range.start.line >= i.range.start.line && d.range.start.line <= i.range.end.line);
      const key = d.fingerprintKey ?? `${d.messageId}\u0000${normalizeForFingerprint(sliceText(df.lines, d.range))}`;
      const base = [meta.id, df.path, instr ? rawOf(instr) : '', key];
      const occurrence = occurrences.next(base.join('\u0000'));
      findings.push({
        ruleId: meta.id,
        ruleName: meta.name,
        aliases: [...meta.aliases],
        level,
        tags: [...meta.tags],
        messageId: d.messageId,
        message: formatMessage(template, d.data),
        location: { kind: 'file', file: df.path, range: d.range },
        fix: d.fix,
        facts: d.facts,
        fingerprint: fingerprintOf([...base, occurrence]),
      });
    };
    try {
      rule.check(df, { options: config.optionsOf(meta), settings: config.shared, level, report, buildContext });
    } catch (err) {
      internalErrors.push({
        source: df.path,
        message: `internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.stack ?? String(err)}`,
      });
    }
  }
  if (config.inlineIgnores) {
    const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
    applyPragmas(df, findings, (id) => byId.get(id));
  }
  findings.sort(
    (a, b) =>
      (a.location.kind === 'file' && b.location.kind === 'file'
        ? a.location.range.start.line - b.location.range.start.line || a.location.range.start.column - b.location.range.start.column
        : 0) || a.ruleId.localeCompare(b.ruleId),
  );
  return { findings, internalErrors };
}
