/**
 * Runs the size rules over one image analysis and returns their findings, with fingerprints set
 * and the `ignorePaths` option applied (those findings are kept, marked suppressed).
 */
import picomatch from 'picomatch';
import type { ImageAnalysis } from '../../layers/analysis.js';
import type { RuleConfigView } from '../config-view.js';
import { isLevel, type Finding, type ImageLocation, type InputError, type LayerRef } from '../finding.js';
import { fingerprintOf, OccurrenceCounter } from '../fingerprint.js';
import { formatMessage } from '../rule.js';
import type { SizeReportDescriptor, SizeRule } from './types.js';

export interface SizeLintResult {
  findings: Finding[];
  /** A rule that threw: a bug in plimsoll, reported (exit 2), never hidden. */
  internalErrors: InputError[];
}

export function layerRef(analysis: ImageAnalysis, index: number): LayerRef | undefined {
  const l = analysis.layers[index];
  if (!l) return undefined;
  return { index, diffId: l.diffId, digest: l.digest, createdBy: l.createdBy };
}

export function lintImageSize(analysis: ImageAnalysis, rules: readonly SizeRule[], config: RuleConfigView): SizeLintResult {
  const findings: Finding[] = [];
  const internalErrors: InputError[] = [];
  const occurrences = new OccurrenceCounter();
  for (const rule of rules) {
    const level = config.levelOf(rule.meta);
    if (!isLevel(level)) continue;
    const { meta } = rule;
    const options = config.optionsOf(meta);
    const ignore = Array.isArray(options.ignorePaths) && options.ignorePaths.length > 0 ? picomatch(options.ignorePaths as string[], { dot: true }) : undefined;
    const report = (d: SizeReportDescriptor) => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const location: ImageLocation = { kind: 'image', image: analysis.reference };
      if (d.layer !== undefined) {
        location.layer = layerRef(analysis, d.layer);
        location.historyIndex = analysis.layers[d.layer]?.historyIndex;
      }
      if (d.relatedLayer !== undefined && d.relatedLayer !== d.layer) location.relatedLayer = layerRef(analysis, d.relatedLayer);
      if (d.path !== undefined) location.path = d.path;
      const base = [meta.id, d.fingerprintKey];
      const occurrence = occurrences.next(base.join('\u0000'));
      const finding: Finding = {
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
      };
      if (ignore && d.path !== undefined && ignore(d.path)) finding.suppressed = { kind: 'config', justification: `${meta.id} ignorePaths` };
      findings.push(finding);
    };
    try {
      rule.check(analysis, { options, settings: config.shared, level, report });
    } catch (err) {
      internalErrors.push({
        source: analysis.reference,
        message: `internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.stack ?? String(err)}`,
      });
    }
  }
  findings.sort((a, b) => {
    const la = a.location.kind === 'image' ? (a.location.layer?.index ?? -1) : -1;
    const lb = b.location.kind === 'image' ? (b.location.layer?.index ?? -1) : -1;
    return la - lb || a.ruleId.localeCompare(b.ruleId);
  });
  return { findings, internalErrors };
}
