/**
 * What every report renders: findings and facts, never the models they came from.
 */
import type { ImageReport } from './image-sections.js';
import type { ImageTreeData } from './html/tree-data.js';
import type { Finding, InputError, Level } from '../rules/finding.js';
import type { RuleMeta } from '../rules/rule.js';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

/** One limit of a gate (`--max-size`, `--min-efficiency`, `--fail-on`...). */
export interface GateCheck {
  name: string;
  /** The limit as configured, in words: `500 MB`, `0.95`. */
  limit: string;
  /** The measured value, in words. */
  actual: string;
  passed: boolean;
  /** How far over (or under) the limit, in words, when it failed. */
  message?: string;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

export type CommandName = 'lint' | 'image' | 'diff';

export interface ReportInput {
  command: CommandName;
  tool: ToolInfo;
  /** Every finding, suppressed ones included (reports mark them). */
  findings: Finding[];
  /** Every rule known to plimsoll, for SARIF's rules[] and docs links. */
  rules: readonly RuleMeta[];
  /** Input and internal errors: a run with any exits 2. */
  errors: InputError[];
  /** What was analysed: file paths or image references. */
  targets: string[];
  /** The level at or above which a finding fails the run. */
  failOn: Level | 'none';
  gate?: GateResult;
  exitCode: number;
  /** Absolute working directory; file locations are relative to it. */
  workingDirectory: string;
  /** Set when a baseline was used. */
  baseline?: { file: string };
  /** A display choice (`--show-suppressed`): the table and Markdown reports list suppressed findings too. */
  showSuppressed?: boolean;
  /** Facts of `plimsoll image` (docs/image-json.md); reports that do not know them ignore them. */
  image?: ImageReport;
  /** Facts of `plimsoll diff`. */
  diff?: unknown;
  /** The final filesystem and each layer's changes, compact, for the HTML report (`buildImageTree`); set only when `html` is asked for. */
  imageTree?: ImageTreeData;
}
