/**
 * Runs the image rules (IM) over an image's config and history and returns their findings, with
 * fingerprints set. Locations name the config key or history step, and the layer a history
 * step made when the history lines up with the layers.
 */
import type { RuleConfigView } from '../config-view.js';
import type { ImageLocation, LayerRef } from '../finding.js';
import { runRules, type RuleRunResult } from '../engine.js';
import type { ImageFacts, ImageReportDescriptor, ImageRule } from './types.js';

export type ImageLintResult = RuleRunResult;

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
  return runRules<ImageRule, ImageReportDescriptor>({
    rules,
    config,
    source: facts.reference,
    place(meta, d) {
      const location: ImageLocation = { kind: 'image', image: facts.reference };
      if (d.configKey !== undefined) location.configKey = d.configKey;
      if (d.historyIndex !== undefined) location.historyIndex = d.historyIndex;
      const layer = layerRefOf(facts, d.layer ?? (d.historyIndex !== undefined ? facts.history[d.historyIndex]?.layer : undefined));
      if (layer) location.layer = layer;
      return { location, fingerprint: [meta.id, d.fingerprintKey] };
    },
    check: (rule, context) => rule.check(facts, context),
  });
}
