/**
 * Configuration loading: finds the config file for an input (or takes `--config`), reads and
 * validates it (.plimsoll.yaml, or a .hadolint.yaml in its place), and merges
 * preset < file < flags into a ResolvedConfig. A bad file or flag throws a UsageError that
 * names file, line, column and key (exit 2).
 *
 *   const config = await loadConfigFor(absoluteFile, { cwd, configPath, failOn, ... });
 *   config.view          -> rule levels and options for the runners
 *   config.failOn        -> the exit-code threshold
 *   config.image         -> size gates for `plimsoll image`
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { ConfigSearchCache, findConfig, kindOfConfigFile, type FoundConfig } from './discover.js';
import { readHadolintConfig } from './hadolint-file.js';
import type { ConfigLayer } from './layer.js';
import { readPlimsollConfig } from './plimsoll-file.js';
import { parseOverrides, resolveConfig, type CliOverrides, type ParsedOverrides } from './resolve.js';
import type { ResolvedConfig } from './types.js';

export type { ResolvedConfig, ImageGateConfig, ConfigKind } from './types.js';
export type { CliOverrides } from './resolve.js';
export { parseByteSize, parseFraction } from './units.js';
export { ConfigFileError } from './yaml-file.js';
export { parsePlimsollConfig, plimsollConfigJsonSchema } from './plimsoll-file.js';
export { parseHadolintConfig } from './hadolint-file.js';
export { findConfig } from './discover.js';

export interface ConfigRequest extends CliOverrides {
  /** `--config FILE`: use this file, no search. */
  configPath?: string;
  cwd: string;
  /** For $HOME and $XDG_CONFIG_HOME (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Share one across a run so each folder is searched and each file read once. */
  cache?: ConfigCache;
}

/** Per-run memory of searched folders, read files and resolved configs. */
export class ConfigCache {
  readonly search = new ConfigSearchCache();
  readonly layers = new Map<string, Promise<ConfigLayer>>();
  readonly resolved = new Map<string, ResolvedConfig>();
  flags?: ParsedOverrides;
}

/**
 * The configuration for one input: a file path (absolute, or relative to `cwd`), or undefined
 * for standard input and images, which are configured from the working directory.
 */
export async function loadConfigFor(file: string | undefined, req: ConfigRequest): Promise<ResolvedConfig> {
  const cache = req.cache ?? new ConfigCache();
  cache.flags ??= parseOverrides(req);
  const found = configFileFor(file, req, cache);
  const key = found?.path ?? '';
  const known = cache.resolved.get(key);
  if (known) return known;
  const layer = found ? await readLayer(found, req, cache) : undefined;
  const config = resolveConfig(layer, cache.flags, resolve(req.cwd));
  cache.resolved.set(key, config);
  return config;
}

/** Which config file applies to an input, if any (`--config` wins). */
export function configFileFor(file: string | undefined, req: ConfigRequest, cache = req.cache ?? new ConfigCache()): FoundConfig | undefined {
  if (req.configPath) {
    const path = resolve(req.cwd, req.configPath);
    return { path, kind: kindOfConfigFile(path) };
  }
  const startDir = file ? dirname(resolve(req.cwd, file)) : resolve(req.cwd);
  return findConfig(startDir, { cwd: req.cwd, env: req.env, homeDir: req.homeDir }, cache.search);
}

function readLayer(found: FoundConfig, req: ConfigRequest, cache: ConfigCache): Promise<ConfigLayer> {
  let p = cache.layers.get(found.path);
  if (!p) {
    const shown = req.configPath && resolve(req.cwd, req.configPath) === found.path ? req.configPath : shownPath(resolve(req.cwd), found.path);
    p = found.kind === 'hadolint' ? readHadolintConfig(found.path, shown) : readPlimsollConfig(found.path, shown);
    cache.layers.set(found.path, p);
  }
  return p;
}

/** Relative to the working directory when that is shorter (`../.plimsoll.yaml`), else absolute. */
function shownPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs).split(sep).join('/');
  return rel.length < abs.length ? rel : abs.split(sep).join('/');
}
