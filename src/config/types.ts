/**
 * The configuration as the commands use it, after files, presets and flags are merged.
 */
import type { RuleConfigView } from '../rules/config-view.js';
import type { Level } from '../rules/finding.js';

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
}

export interface ResolvedConfig {
  /** The config file used, when there was one. */
  source?: string;
  view: RuleConfigView;
  failOn: Level | 'none';
  /** Globs (relative to the config file's folder) of files not to lint. */
  ignorePaths: string[];
  image: ImageGateConfig;
}
