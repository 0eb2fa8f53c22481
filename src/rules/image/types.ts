/**
 * The shape of an image rule (IM): metadata plus a check over `ImageFacts`, what an image's
 * config and history say about it (user, environment, ports, labels, health check, the steps
 * that built it). A finding names the config key (`config.User`, `config.Env[3]`) or the
 * history step (`history[7].created_by`) at fault, and its identity comes from what the
 * finding is about (the variable name, the step's text), never from the image digest, so a
 * rebuilt image keeps its findings.
 */
import type { HistoryEntry, ImageConfig } from '../../layers/types.js';
import type { FactValue, Level } from '../finding.js';
import type { OptionSpec, OptionValues, RuleMeta, SharedSettings } from '../rule.js';

/** One history entry, with the layer it made (when the history lines up with the layers). */
export interface HistoryStep {
  /** Index into `config.history`. */
  index: number;
  entry: HistoryEntry;
  /** The layer this step made; undefined for `empty_layer` steps or when history is not aligned. */
  layer?: number;
}

export interface ImageLayerInfo {
  index: number;
  diffId: string;
  digest?: string;
  createdBy?: string;
  historyIndex?: number;
}

export interface ImageFacts {
  /** The reference as the user gave it. */
  reference: string;
  config: ImageConfig;
  /** Every history entry, in order. */
  history: HistoryStep[];
  /** True when there is one non-empty history entry per layer (so `HistoryStep.layer` is set). */
  historyAligned: boolean;
  layers: ImageLayerInfo[];
  /** Tags the source knew the image by. */
  tags: string[];
  /** Annotations of the manifest (`org.opencontainers.image.base.name`...). */
  manifestAnnotations: Record<string, string>;
  /**
   * Facts the layer walk learned that image rules need, when the walk ran: absolute paths of
   * programs that drop root in an entrypoint (gosu, su-exec...) present in the final image.
   */
  privilegeDroppers?: string[];
}

export interface ImageReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** e.g. `config.User`, `config.Env[2]`, `history[7].created_by`. */
  configKey?: string;
  /** The history step at fault; its layer (when known) is added to the location. */
  historyIndex?: number;
  /** A layer at fault, when not implied by `historyIndex`. */
  layer?: number;
  fix?: string;
  facts?: Record<string, FactValue>;
  /** What makes the finding itself, independent of the build: e.g. the variable name. */
  fingerprintKey: string;
}

export interface ImageRuleContext<O = Record<string, unknown>> {
  readonly options: O;
  readonly settings: SharedSettings;
  readonly level: Level;
  report(descriptor: ImageReportDescriptor): void;
}

export interface ImageRule<O = any> {
  meta: RuleMeta & { family: 'IM' };
  check(facts: ImageFacts, context: ImageRuleContext<O>): void;
}

/** Types a rule's options from its declared option specs. */
export function defineImageRule<S extends Record<string, OptionSpec> = Record<string, never>>(rule: {
  meta: RuleMeta & { family: 'IM'; options?: S };
  check(facts: ImageFacts, context: ImageRuleContext<OptionValues<S>>): void;
}): ImageRule<OptionValues<S>> {
  return rule;
}
