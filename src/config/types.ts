/**
 * The configuration as the commands use it, after files, presets and flags are merged.
 */
import type { PresetName, RuleConfigView } from '../rules/config-view.js';
import type { Level, LevelSetting } from '../rules/finding.js';

/** Size and waste limits of `plimsoll image` (from flags, .plimsoll.yaml `image:` or .dive-ci). */
export interface ImageGateConfig {
  /** Bytes. */
  maxSize?: number;
  /** 0..1, dive's efficiency score. */
  minEfficiency?: number;
  /** Bytes, dive's wasted bytes. */
  maxWastedBytes?: number;
  /** 0..1, dive's user wasted percent. */
  maxWastedPercent?: number;
  /** Bytes of plimsoll's reclaimable bytes. */
  maxReclaimableBytes?: number;
  /** Absolute paths (or globs) inside the image whose setuid/setgid bit is expected (not reported). */
  setuidAllowlist?: string[];
  /** Globs of image paths whose contents are not scanned for keys, credentials and secrets (added to the built-in list). */
  contentAllowPaths?: string[];
  /** Whether the built-in allow list applies (default true). */
  builtinAllowPaths?: boolean;
  /** Files larger than this many bytes are not read by the content checks. */
  contentMaxBytes?: number;
}

/** Which kind of file a configuration came from. */
export type ConfigKind = 'plimsoll' | 'hadolint';

export interface ResolvedConfig {
  /** The config file used, when there was one (absolute path). */
  source?: string;
  /** `plimsoll` for .plimsoll.yaml, `hadolint` for a .hadolint.yaml read in its place. */
  sourceKind?: ConfigKind;
  view: RuleConfigView;
  failOn: Level | 'none';
  /** Globs (relative to `baseDir`, the config file's folder) of files not to lint. */
  ignorePaths: string[];
  /** The folder `ignorePaths` are relative to; the working directory when there is no file. */
  baseDir?: string;
  image: ImageGateConfig;
  /** The preset the levels start from. */
  preset?: PresetName;
  /** Whether suppression comments are honoured (also `view.inlineIgnores`). */
  inlineIgnores?: boolean;
  /** Each rule's level after preset, file and flags, by rule id (only rules whose level was set). */
  levels?: Readonly<Record<string, LevelSetting>>;
  /** Rule options from the file, by rule id (defaults are merged in by `view.optionsOf`). */
  options?: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * Things worth telling the user on stderr, once per config file: keys of a .hadolint.yaml
   * plimsoll cannot honour, hadolint codes with no plimsoll rule.
   */
  notes?: string[];
}
