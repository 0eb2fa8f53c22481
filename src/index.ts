/**
 * plimsoll as a library: parse and lint Dockerfiles, read images, render reports.
 */
export type * from './rules/finding.js';
export { levelRank, isActive, PlimsollInputError, UsageError } from './rules/finding.js';
export type { RuleMeta, RuleContext, ReportDescriptor, OptionSpec, SharedSettings } from './rules/rule.js';
export type * from './dockerfile/model.js';
export { parseDockerfile, decodeDockerfile } from './dockerfile/parse.js';
export { parseShellScript } from './dockerfile/shell.js';
export { parseImageRef, formatImageRef, type ImageRef } from './util/image-ref.js';
export { lintDockerfileModel } from './rules/dockerfile/run.js';
export type * from './compose/model.js';
export { loadComposeFile, parseComposeText, type ComposeLoadOptions } from './compose/load.js';
export { lintComposeModel } from './rules/compose/run.js';
export type { ComposeRule, ComposeRuleContext, ComposeReportDescriptor } from './rules/compose/types.js';
export { presetView, type RuleConfigView } from './rules/config-view.js';
export { loadConfigFor, parseByteSize, parseFraction, ConfigFileError, type ConfigRequest, type ResolvedConfig, type ImageGateConfig } from './config/index.js';
export { allRules, allRuleMetas, dockerfileRules, resolveRuleKey } from './rules/registry.js';
export { runLint, type LintOptions } from './commands/lint.js';
export { runDiff, type DiffOptions } from './commands/diff.js';
export { diffImages, type ImageDiff, type ImageDiffOptions } from './layers/image-diff.js';
export type { DiffReport } from './report/diff-sections.js';
export { attributeImage, attributeFindings, type Attribution, type AttributionReport, type LayerAttribution } from './attribution/index.js';
export { readBaseline, parseBaseline, applyBaseline, type Baseline } from './baseline/index.js';
export { render } from './report/index.js';
export type { ReportInput, GateResult, GateCheck } from './report/types.js';
export { main } from './cli.js';
export { VERSION } from './version.js';
// Image sources and the layer reader (docs/image-sources.md).
export {
  openImage,
  registerImageSource,
  readLayers,
  hostPlatform,
  parsePlatform,
  formatPlatform,
  DEFAULT_MAX_LAYER_BYTES,
  DEFAULT_MAX_IMAGE_BYTES,
} from './layers/index.js';
export type {
  Image,
  Layer,
  LayerEntry,
  LayerEvent,
  LayerContents,
  Whiteout,
  InvalidEntry,
  LayerNotice,
  ProbeHit,
  ImageConfig,
  ContentProbe,
  ReadLayersOptions,
  OpenImageOptions,
  ImageSource,
} from './layers/index.js';
