/**
 * Finds what `plimsoll lint` reads: Dockerfiles (and compose files) under folders, files
 * named on the command line whatever their names, and `-` for standard input.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { InputError } from '../rules/finding.js';

export type TargetKind = 'dockerfile' | 'compose';

export interface Target {
  kind: TargetKind;
  /** Path as shown to users; `-` for standard input. */
  path: string;
  /** Absolute path; undefined for standard input. */
  absolute?: string;
  /** True when the user named this file explicitly. */
  explicit: boolean;
  /** For a Dockerfile: its build context folder when known (a compose file's `build:` says it). */
  buildContext?: string;
}

/** Folders never searched: tools' own stores, where Dockerfiles are someone else's. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`, `*.containerfile`,
 * `Containerfile.*`, case-insensitive; never `*.dockerignore`.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    lower.endsWith('.containerfile')
  );
}

/** `compose.yaml`, `docker-compose.yml`, overrides (`compose.override.yaml`, `docker-compose.prod.yml`), `*.compose.yaml`. */
export function isComposeName(name: string): boolean {
  return /^(?:docker-)?compose(?:\..+)?\.ya?ml$/i.test(name) || /^.+\.compose\.ya?ml$/i.test(name);
}

export interface DiscoverOptions {
  cwd: string;
  /** `--exclude` globs, relative to `cwd` (or matching a base name). */
  exclude: readonly string[];
  /** Also find compose files in folders. */
  compose: boolean;
  /**
   * Another reason to skip a file or folder (the config's `ignorePaths`); returns the reason,
   * or undefined to keep it.
   */
  ignored?: (absolute: string, isDir: boolean) => string | undefined | Promise<string | undefined>;
}

/** A file named on the command line that was skipped, and why (said on stderr). */
export interface Skipped {
  path: string;
  reason: string;
}

export interface Discovery {
  targets: Target[];
  errors: InputError[];
  skipped: Skipped[];
}

/** Matches paths relative to `cwd` (and base names) against `--exclude` globs. */
export function excludeMatcher(cwd: string, globs: readonly string[]): (abs: string) => boolean {
  if (globs.length === 0) return () => false;
  const normalized = globs.map((g) => g.replace(/^\.\//, '').replace(/\/+$/, ''));
  const match = picomatch(normalized, { dot: true });
  return (abs: string) => {
    const rel = relative(cwd, abs).split(sep).join('/');
    return match(rel) || match(basename(abs)) || match(abs.split(sep).join('/'));
  };
}

export async function discoverTargets(paths: readonly string[], opts: DiscoverOptions): Promise<Discovery> {
  const targets: Target[] = [];
  const errors: InputError[] = [];
  const skipped: Skipped[] = [];
  const isExcluded = excludeMatcher(opts.cwd, opts.exclude);
  const skipReason = async (abs: string, isDir: boolean): Promise<string | undefined> =>
    isExcluded(abs) ? 'matches --exclude' : await opts.ignored?.(abs, isDir);
  const seen = new Set<string>();
  const add = (t: Target) => {
    const key = t.absolute ?? t.path;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(t);
  };

  for (const p of paths.length > 0 ? paths : ['.']) {
    if (p === '-') {
      add({ kind: 'dockerfile', path: '-', explicit: true });
      continue;
    }
    const abs = resolve(opts.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      errors.push({ source: p, message: describeFsError(err) });
      continue;
    }
    if (info.isDirectory()) {
      const before = targets.length;
      const counts = { skipped: 0 };
      await walk(abs, opts, skipReason, add, errors, counts);
      if (targets.length === before && !errors.some((e) => e.source.startsWith(display(opts.cwd, abs)))) {
        if (counts.skipped > 0) skipped.push({ path: p, reason: 'nothing left to lint in it: the rest is skipped by --exclude or ignorePaths' });
        else errors.push({ source: p, message: 'holds no Dockerfile, Containerfile or compose file' });
      }
    } else {
      const reason = await skipReason(abs, false);
      if (reason) {
        skipped.push({ path: p, reason });
        continue;
      }
      // A YAML file named on the command line is a compose file: no Dockerfile is written in YAML.
      const compose = isComposeName(basename(abs)) || (/\.ya?ml$/i.test(abs) && !isDockerfileName(basename(abs)));
      add({ kind: compose ? 'compose' : 'dockerfile', path: display(opts.cwd, abs), absolute: abs, explicit: true });
    }
  }
  return { targets, errors, skipped };
}

async function walk(
  dir: string,
  opts: DiscoverOptions,
  skipReason: (abs: string, isDir: boolean) => Promise<string | undefined>,
  add: (t: Target) => void,
  errors: InputError[],
  counts: { skipped: number },
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    errors.push({ source: display(opts.cwd, dir), message: describeFsError(err) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIPPED_DIRS.has(e.name)) continue;
      if (await skipReason(abs, true)) {
        counts.skipped++;
        continue;
      }
      await walk(abs, opts, skipReason, add, errors, counts);
    } else if (e.isFile() || e.isSymbolicLink()) {
      const kind = isDockerfileName(e.name) ? 'dockerfile' : opts.compose && isComposeName(e.name) ? 'compose' : undefined;
      if (!kind) continue;
      if (await skipReason(abs, false)) {
        counts.skipped++;
        continue;
      }
      // A symbolic link is followed only when it points at a file (never a folder: no loops).
      if (e.isSymbolicLink()) {
        try {
          if (!(await stat(abs)).isFile()) continue;
        } catch {
          errors.push({ source: display(opts.cwd, abs), message: 'is a symbolic link to nothing' });
          continue;
        }
      }
      add({ kind, path: display(opts.cwd, abs), absolute: abs, explicit: false });
    }
  }
}

/** A file system error in words, with its code for searching. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return `cannot be read: permission denied (${code})`;
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder (ENOTDIR)';
    case 'ELOOP':
      return 'too many symbolic links (ELOOP)';
    default:
      return `cannot be read (${code ?? (err as Error)?.message ?? String(err)})`;
  }
}

/** Relative to the working directory when inside it, with forward slashes (SARIF wants them). */
export function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (!rel || rel.startsWith('..')) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}
