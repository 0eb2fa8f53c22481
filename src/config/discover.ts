/**
 * Where config files are found. For each linted file: `.plimsoll.yaml` (or `.yml`) in its
 * folder and each folder above, up to the repository root (the first folder holding `.git`);
 * then `~/.plimsoll.yaml` and `$XDG_CONFIG_HOME/plimsoll/config.yaml`. When none of those
 * exists, a `.hadolint.yaml` on the same folders, then in hadolint's own places. Results are
 * cached per folder for the run.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ConfigKind } from './types.js';

export interface FoundConfig {
  path: string;
  kind: ConfigKind;
}

export interface SearchEnv {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Defaults to $HOME, then the OS's idea of it. */
  homeDir?: string;
}

const PLIMSOLL_NAMES = ['.plimsoll.yaml', '.plimsoll.yml'];
const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** Per-run caches: folders searched, files existing. */
export class ConfigSearchCache {
  readonly byDir = new Map<string, FoundConfig | undefined>();
  readonly exists = new Map<string, boolean>();
}

function isFile(path: string, cache: ConfigSearchCache): boolean {
  let known = cache.exists.get(path);
  if (known === undefined) {
    try {
      known = statSync(path).isFile();
    } catch {
      known = false;
    }
    cache.exists.set(path, known);
  }
  return known;
}

function exists(path: string, cache: ConfigSearchCache): boolean {
  let known = cache.exists.get(path);
  if (known === undefined) {
    try {
      statSync(path);
      known = true;
    } catch {
      known = false;
    }
    cache.exists.set(path, known);
  }
  return known;
}

/** The folders searched for a file in `startDir`: it and its parents up to the repository root. */
export function searchFolders(startDir: string, cache: ConfigSearchCache): string[] {
  const out: string[] = [];
  let dir = resolve(startDir);
  for (;;) {
    out.push(dir);
    if (exists(join(dir, '.git'), cache)) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

function homeOf(search: SearchEnv): { home: string; xdg: string } {
  const env = search.env ?? process.env;
  const home = search.homeDir ?? (env.HOME || homedir());
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  return { home, xdg };
}

/** The config file that applies to files in `startDir`, if any. */
export function findConfig(startDir: string, search: SearchEnv, cache = new ConfigSearchCache()): FoundConfig | undefined {
  const key = resolve(startDir);
  if (cache.byDir.has(key)) return cache.byDir.get(key);
  const folders = searchFolders(key, cache);
  const { home, xdg } = homeOf(search);
  const first = (paths: string[], kind: ConfigKind): FoundConfig | undefined => {
    const path = paths.find((p) => isFile(p, cache));
    return path ? { path, kind } : undefined;
  };
  const inFolders = (names: string[]) => folders.flatMap((d) => names.map((n) => join(d, n)));
  const found =
    first(
      [
        ...inFolders(PLIMSOLL_NAMES),
        ...PLIMSOLL_NAMES.map((n) => join(home, n)),
        join(xdg, 'plimsoll', 'config.yaml'),
        join(xdg, 'plimsoll', 'config.yml'),
      ],
      'plimsoll',
    ) ??
    first(
      [
        ...inFolders(HADOLINT_NAMES),
        // hadolint's own search: the working directory, XDG, ~/.config, ~/.hadolint/, ~.
        ...HADOLINT_NAMES.map((n) => join(resolve(search.cwd), n)),
        join(xdg, 'hadolint.yaml'),
        join(xdg, 'hadolint.yml'),
        join(home, '.config', 'hadolint.yaml'),
        join(home, '.config', 'hadolint.yml'),
        join(home, '.hadolint', 'hadolint.yaml'),
        join(home, '.hadolint', 'hadolint.yml'),
        join(home, '.hadolint', 'config.yaml'),
        join(home, '.hadolint', 'config.yml'),
        ...HADOLINT_NAMES.map((n) => join(home, n)),
      ],
      'hadolint',
    );
  cache.byDir.set(key, found);
  return found;
}

/** A `--config FILE` is read as a hadolint config when its name says so. */
export function kindOfConfigFile(path: string): ConfigKind {
  return /hadolint[^/\\]*\.ya?ml$/i.test(path) ? 'hadolint' : 'plimsoll';
}
