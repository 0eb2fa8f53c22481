/**
 * Configuration loading. (Placeholder until .plimsoll.yaml discovery lands: presets only.)
 */
import { presetView } from '../rules/config-view.js';
import type { ResolvedConfig } from './types.js';

export interface ConfigRequest {
  /** `--config FILE`. */
  configPath?: string;
  cwd: string;
  noInlineIgnores?: boolean;
}

export async function loadConfigFor(_file: string | undefined, req: ConfigRequest): Promise<ResolvedConfig> {
  return {
    view: presetView({ inlineIgnores: !req.noInlineIgnores }),
    failOn: 'warning',
    ignorePaths: [],
    image: {},
  };
}
