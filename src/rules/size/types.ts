/**
 * The shape of a size rule: metadata plus a check over an image's analysis (src/layers): its
 * layers, dive's figures and the waste items by cause. A finding points at a layer and a path
 * of the image, and its identity comes from image-independent facts (the path, the cause), so a
 * rebuilt image keeps its findings.
 */
import type { ImageAnalysis } from '../../layers/analysis.js';
import type { FactValue, Level } from '../finding.js';
import type { OptionSpec, OptionValues, RuleMeta, SharedSettings } from '../rule.js';

export interface SizeReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The layer at fault (the one that deleted, copied up, or is too big). */
  layer?: number;
  /** The layer that shipped the bytes, when another one. */
  relatedLayer?: number;
  /** Absolute path inside the image (a file, or the folder a group of files shares). */
  path?: string;
  fix?: string;
  facts?: Record<string, FactValue>;
  /** What makes the finding itself, independent of the image build: e.g. the cause and path. */
  fingerprintKey: string;
}

export interface SizeRuleContext<O = Record<string, unknown>> {
  readonly options: O;
  readonly settings: SharedSettings;
  readonly level: Level;
  report(descriptor: SizeReportDescriptor): void;
}

export interface SizeRule<O = any> {
  meta: RuleMeta & { family: 'SZ' };
  check(analysis: ImageAnalysis, context: SizeRuleContext<O>): void;
}

/** Types a rule's options from its declared option specs. */
export function defineSizeRule<S extends Record<string, OptionSpec> = Record<string, never>>(rule: {
  meta: RuleMeta & { family: 'SZ'; options?: S };
  check(analysis: ImageAnalysis, context: SizeRuleContext<OptionValues<S>>): void;
}): SizeRule<OptionValues<S>> {
  return rule;
}
