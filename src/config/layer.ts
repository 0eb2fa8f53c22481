/**
 * What one config file contributes, whichever format it was written in. Presets, files and
 * command-line flags are merged from these in src/config/resolve.ts.
 */
import type { PresetName } from '../rules/config-view.js';
import type { Level } from '../rules/finding.js';
import type { RuleSetting } from './rule-settings.js';
import type { ConfigKind, ImageGateConfig } from './types.js';

export interface ConfigLayer {
  /** Absolute path of the file. */
  file: string;
  /** The path as users should see it in messages. */
  shown: string;
  kind: ConfigKind;
  /** The file's folder: `ignorePaths` are relative to it. */
  baseDir: string;
  /** Presets, later entries win. */
  extends?: PresetName[];
  rules: RuleSetting[];
  failOn?: Level | 'none';
  trustedRegistries?: string[];
  ignorePaths?: string[];
  inlineIgnores?: boolean;
  image?: ImageGateConfig;
  /** Said once on stderr when the file is used. */
  notes: string[];
}

export const PRESETS: readonly PresetName[] = ['recommended', 'strict'];
export const FAIL_ON_WORDS = ['error', 'warning', 'note', 'none'] as const;
