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
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

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

export function isComposeName(name: string): boolean {
  return /^(?:docker-)?compose\.ya?ml$/i.test(name) || /^.+\.compose\.ya?ml$/i.test(name) || /^docker-compose\..+\.ya?ml$/i.test(name);
}

export interface DiscoverOptions {
  cwd: string;
  exclude: readonly string[];
  /** Also find compose files in folders. */
  compose: boolean;
}

export async function discoverTargets(
  paths: readonly string[],
  opts: DiscoverOptions,
): Promise<{ targets: Target[]; errors: InputError[] }> {
  const targets: Target[] = [];
  const errors: InputError[] = [];
  const excluded = opts.exclude.length > 0 ? picomatch(opts.exclude as string[], { dot: true }) : () => false;
  const isExcluded = (abs: string) => {
    const rel = relative(opts.cwd, abs).split(sep).join('/');
    return excluded(rel) || excluded(basename(abs)) || excluded(`${rel}/`);
  };
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
      const code = (err as NodeJS.ErrnoException).code;
      errors.push({ source: p, message: code === 'ENOENT' ? 'no such file or directory' : `cannot be read (${code ?? String(err)})` });
      continue;
    }
    if (info.isDirectory()) {
      const before = targets.length;
      await walk(abs, opts, isExcluded, add, errors);
      if (targets.length === before) {
        errors.push({ source: p, message: 'holds no Dockerfile, Containerfile or compose file' });
      }
    } else {
      add({ kind: isComposeName(basename(abs)) ? 'compose' : 'dockerfile', path: display(opts.cwd, abs), absolute: abs, explicit: true });
    }
  }
  return { targets, errors };
}

async function walk(
  dir: string,
  opts: DiscoverOptions,
  isExcluded: (abs: string) => boolean,
  add: (t: Target) => void,
  errors: InputError[],
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    errors.push({ source: display(opts.cwd, dir), message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIPPED_DIRS.has(e.name) || isExcluded(abs)) continue;
      await walk(abs, opts, isExcluded, add, errors);
    } else if (e.isFile() || e.isSymbolicLink()) {
      if (isExcluded(abs)) continue;
      if (isDockerfileName(e.name)) add({ kind: 'dockerfile', path: display(opts.cwd, abs), absolute: abs, explicit: false });
      else if (opts.compose && isComposeName(e.name)) add({ kind: 'compose', path: display(opts.cwd, abs), absolute: abs, explicit: false });
    }
  }
}

/** Relative to the working directory when inside it, with forward slashes (SARIF wants them). */
export function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (!rel || rel.startsWith('..')) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}
