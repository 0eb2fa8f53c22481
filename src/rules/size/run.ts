/**
 * Runs the size rules over one image analysis and returns their findings, with fingerprints set
 * and the `ignorePaths` option applied (those findings are kept, marked suppressed).
 */
import picomatch from 'picomatch';
import type { ImageAnalysis } from '../../layers/analysis.js';
import type { RuleConfigView } from '../config-view.js';
import type { ImageLocation, LayerRef } from '../finding.js';
import { byLayerThenRule, runRules, type RuleRunResult } from '../engine.js';
import type { RuleMeta } from '../rule.js';
import type { SizeReportDescriptor, SizeRule } from './types.js';

export type SizeLintResult = RuleRunResult;

export function layerRef(analysis: ImageAnalysis, index: number): LayerRef | undefined {
  const l = analysis.layers[index];
  if (!l) return undefined;
  return { index, diffId: l.diffId, digest: l.digest, createdBy: l.createdBy };
}

export function lintImageSize(analysis: ImageAnalysis, rules: readonly SizeRule[], config: RuleConfigView): SizeLintResult {
  const ignores = new Map<string, ((path: string) => boolean) | undefined>();
  const ignoreOf = (meta: RuleMeta) => {
    if (!ignores.has(meta.id)) {
      const paths = config.optionsOf(meta).ignorePaths;
      ignores.set(meta.id, Array.isArray(paths) && paths.length > 0 ? picomatch(paths as string[], { dot: true }) : undefined);
    }
    return ignores.get(meta.id);
  };
  const result = runRules<SizeRule, SizeReportDescriptor>({
    rules,
    config,
    source: analysis.reference,
    place(meta, d) {
      const location: ImageLocation = { kind: 'image', image: analysis.reference };
      if (d.layer !== undefined) {
        location.layer = layerRef(analysis, d.layer);
        location.historyIndex = analysis.layers[d.layer]?.historyIndex;
      }
      if (d.relatedLayer !== undefined && d.relatedLayer !== d.layer) location.relatedLayer = layerRef(analysis, d.relatedLayer);
      if (d.path !== undefined) location.path = d.path;
      return { location, fingerprint: [meta.id, d.fingerprintKey] };
    },
    check: (rule, context) => rule.check(analysis, context),
    finish(finding, meta, d) {
      const ignore = ignoreOf(meta);
      if (ignore && d.path !== undefined && ignore(d.path)) finding.suppressed = { kind: 'config', justification: `${meta.id} ignorePaths` };
    },
  });
  result.findings.sort(byLayerThenRule);
  return result;
}
