/**
 * Runs the image rules (IM) over an image's config and history and returns their findings, with
 * fingerprints set. Locations name the config key or history step, and the layer a history
 * step made when the history lines up with the layers.
 */
import type { RuleConfigView } from '../config-view.js';
import { isLevel, type Finding, type ImageLocation, type InputError, type LayerRef } from '../finding.js';
import { fingerprintOf, OccurrenceCounter } from '../fingerprint.js';
import { formatMessage } from '../rule.js';
import type { ImageFacts, ImageReportDescriptor, ImageRule } from './types.js';

export interface ImageLintResult {
  findings: Finding[];
  /** A rule that threw: a bug in plimsoll, reported (exit 2), never hidden. */
  internalErrors: InputError[];
}

export function layerRefOf(facts: Pick<ImageFacts, 'layers'>, index: number | undefined): LayerRef | undefined {
  if (index === undefined) return undefined;
  const l = facts.layers[index];
  if (!l) return undefined;
  const ref: LayerRef = { index, diffId: l.diffId };
  if (l.digest) ref.digest = l.digest;
  if (l.createdBy !== undefined) ref.createdBy = l.createdBy;
  return ref;
}

export function lintImageConfig(facts: ImageFacts, rules: readonly ImageRule[], config: RuleConfigView): ImageLintResult {
  const findings: Finding[] = [];
  const internalErrors: InputError[] = [];
  const occurrences = new OccurrenceCounter();
  for (const rule of rules) {
    const level = config.levelOf(rule.meta);
    if (!isLevel(level)) continue;
    const { meta } = rule;
    const report = (d: ImageReportDescriptor) => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const location: ImageLocation = { kind: 'image', image: facts.reference };
      if (d.configKey !== undefined) location.configKey = d.configKey;
      if (d.historyIndex !== undefined) location.historyIndex = d.historyIndex;
      const layer = layerRefOf(facts, d.layer ?? (d.historyIndex !== undefined ? facts.history[d.historyIndex]?.layer : undefined));
      if (layer) location.layer = layer;
      const base = [meta.id, d.fingerprintKey];
      const occurrence = occurrences.next(base.join('\u0000'));
      findings.push({
        ruleId: meta.id,
        ruleName: meta.name,
        aliases: [...meta.aliases],
        level,
        tags: [...meta.tags],
        messageId: d.messageId,
        message: formatMessage(template, d.data),
        location,
        fix: d.fix,
        facts: d.facts,
        fingerprint: fingerprintOf([...base, occurrence]),
      });
    };
    try {
      rule.check(facts, { options: config.optionsOf(meta), settings: config.shared, level, report });
    } catch (err) {
      internalErrors.push({
        source: facts.reference,
        message: `internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.stack ?? String(err)}`,
      });
    }
  }
  return { findings, internalErrors };
}
