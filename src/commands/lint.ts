/**
 * `plimsoll lint [PATH...]`: finds Dockerfiles (and compose files), lints each one with the
 * config that applies to it, and reports. One unreadable or broken file never stops the others.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigCache, loadConfigFor, type ConfigRequest } from '../config/index.js';
import type { CliOverrides } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import { decodeDockerfile, parseDockerfile } from '../dockerfile/parse.js';
import { clearShellScriptCache } from '../dockerfile/shell.js';
import { applyBaseline, readBaseline } from '../baseline/index.js';
import { lintDockerfileModel } from '../rules/dockerfile/run.js';
import { isActive, levelRank, PlimsollInputError, type Finding, type InputError, type Level } from '../rules/finding.js';
import { allRuleMetas, dockerfileRules } from '../rules/registry.js';
import type { ReportInput } from '../report/types.js';
import { describeFsError, discoverTargets, excludeMatcher, type Target } from '../util/discover.js';
import { forcedComposeTargets, lintComposeTarget, mergeComposeTargets } from './lint-compose.js';
import { INFORMATION_URI, VERSION } from '../version.js';

export interface LintOptions extends CliOverrides {
  paths: string[];
  cwd: string;
  /** `--exclude` globs, relative to cwd. */
  exclude: string[];
  /** `--config FILE`. */
  configPath?: string;
  /** For config discovery ($HOME, $XDG_CONFIG_HOME); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Keep stack traces of internal errors in their messages. */
  debug?: boolean;
  /** Reads standard input (for `-`). */
  readStdin: () => Promise<Buffer>;
  /** `--compose FILE`: read as compose files whatever their names (alone, when no path is given). */
  compose?: string[];
  /** Progress lines (the CLI passes one only on a TTY). */
  progress?: (text: string) => void;
  /** `--verbose`: each file read, its config and the time it took. */
  log?: (text: string) => void;
  /** `--baseline FILE`: an earlier JSON or SARIF report; findings in it do not fail the run. */
  baseline?: string;
}

export interface LintRun {
  report: ReportInput;
  /** Things to say on stderr: config notes, files skipped although named. */
  notes: string[];
}

export async function runLint(opts: LintOptions): Promise<LintRun> {
  // Each run reads its own scripts: results never depend on an earlier run in the process.
  clearShellScriptCache();
  // A bad baseline stops the run before any work (exit 2): the gate cannot be judged without it.
  const baseline = opts.baseline !== undefined ? await readBaseline(opts.baseline, opts.cwd) : undefined;
  const cache = new ConfigCache();
  const request: ConfigRequest = { ...opts, cache };
  const notes = new Set<string>();
  const configFor = async (file: string | undefined): Promise<ResolvedConfig> => {
    const config = await loadConfigFor(file, request);
    for (const n of config.notes ?? []) notes.add(n);
    return config;
  };
  const ignoredBy = new Map<string, (rel: string) => boolean>();
  const ignored = async (abs: string, isDir: boolean): Promise<string | undefined> => {
    const config = await configFor(abs);
    if (config.ignorePaths.length === 0 || !config.baseDir) return undefined;
    const rel = relative(config.baseDir, abs).split(sep).join('/');
    if (rel.startsWith('..') || rel === '') return undefined;
    const key = config.source ?? '';
    let match = ignoredBy.get(key);
    if (!match) {
      match = picomatch(config.ignorePaths.map((g) => g.replace(/^\.\//, '').replace(/\/+$/, '')), { dot: true });
      ignoredBy.set(key, match);
    }
    return match(rel) || (isDir && match(`${rel}/`)) ? `matches ignorePaths in ${config.source ? relative(opts.cwd, config.source) || config.source : 'the config'}` : undefined;
  };

  const forced = await forcedComposeTargets(opts.compose ?? [], opts.cwd);
  const { targets, errors, skipped } =
    forced.targets.length + forced.errors.length > 0 && opts.paths.length === 0
      ? { targets: [], errors: [], skipped: [] }
      : await discoverTargets(opts.paths, { cwd: opts.cwd, exclude: opts.exclude, compose: true, ignored });
  for (const s of skipped) notes.add(`${s.path}: skipped: ${s.reason}`);
  mergeComposeTargets(targets, forced.targets);
  errors.push(...forced.errors);
  const excluded = excludeMatcher(opts.cwd, opts.exclude);

  const findings: Finding[] = [];
  const failOnOf = new Map<string, Level | 'none'>();
  // Dockerfiles are read a few ahead of the one being linted, so the disk never waits on the CPU.
  const reads = new Map<Target, Promise<Buffer>>();
  const readAhead = (from: number) => {
    for (let i = from; i < Math.min(targets.length, from + READ_AHEAD); i++) {
      const t = targets[i];
      if (t.absolute && t.kind === 'dockerfile' && !reads.has(t)) {
        const p = readFile(t.absolute);
        p.catch(() => undefined); // reported where it is awaited
        reads.set(t, p);
      }
    }
  };
  for (let index = 0; index < targets.length; index++) {
    const target = targets[index];
    readAhead(index);
    const config = await configFor(target.absolute);
    failOnOf.set(target.path, config.failOn);
    opts.progress?.(`linting ${index + 1}/${targets.length} files · ${target.path}`);
    const t0 = opts.log ? performance.now() : 0;
    const result = await lintTarget(target, config, opts, reads.get(target));
    opts.log?.(`${target.path}: ${target.kind}, ${result.findings.length} findings${result.errors.length ? `, ${result.errors.length} errors` : ''}${config.source ? `, config ${relative(opts.cwd, config.source) || config.source}` : ''} (${(performance.now() - t0).toFixed(1)} ms)`);
    reads.delete(target);
    findings.push(...result.findings);
    errors.push(...result.errors);
    // The Dockerfiles a compose file builds, and the files it includes, are linted too, once, unless excluded.
    for (const more of result.related ?? []) {
      if (targets.some((t) => t.absolute === more.absolute) || excluded(more.absolute!) || (await ignored(more.absolute!, false))) continue;
      targets.push(more);
    }
  }

  const failOns = new Set(failOnOf.values());
  const reportFailOn: Level | 'none' =
    (opts.failOn as Level | 'none' | undefined) ?? (failOns.size === 1 ? [...failOns][0] : undefined) ?? (await configFor(undefined)).failOn;
  const report: ReportInput = {
    command: 'lint',
    tool: { name: 'plimsoll', version: VERSION, informationUri: INFORMATION_URI },
    findings,
    rules: allRuleMetas(),
    errors,
    targets: targets.map((t) => t.path),
    failOn: reportFailOn,
    exitCode: 0,
    workingDirectory: opts.cwd,
  };
  if (baseline) {
    applyBaseline(findings, baseline);
    report.baseline = { file: baseline.file };
  }
  report.exitCode = lintExitCode(errors, findings, (f) => (f.location.kind === 'file' ? failOnOf.get(f.location.file) : undefined) ?? reportFailOn);
  opts.log?.(`linted ${targets.length} ${targets.length === 1 ? 'file' : 'files'}: ${findings.length} findings, ${errors.length} input errors`);
  return { report, notes: [...notes] };
}

/**
 * DESIGN.md's codes: 2 when any input could not be linted (whatever the findings), else 1
 * when an active finding is at or above the failOn of the config that applies to its file.
 */
export function lintExitCode(errors: readonly InputError[], findings: readonly Finding[], failOnFor: (f: Finding) => Level | 'none'): number {
  if (errors.length > 0) return 2;
  for (const f of findings) {
    if (!isActive(f)) continue;
    const failOn = failOnFor(f);
    if (failOn !== 'none' && levelRank(f.level) >= levelRank(failOn)) return 1;
  }
  return 0;
}

const READ_AHEAD = 8;

async function lintTarget(
  target: Target,
  config: ResolvedConfig,
  opts: LintOptions,
  read?: Promise<Buffer>,
): Promise<{ findings: Finding[]; errors: InputError[]; related?: Target[] }> {
  if (target.kind === 'compose') {
    const result = lintComposeTarget(target, config, opts);
    return { ...result, errors: result.errors.map((e) => withoutStack(e, opts.debug)) };
  }
  let text: string;
  try {
    const bytes = target.absolute ? await (read ?? readFile(target.absolute)) : await opts.readStdin();
    text = decodeDockerfile(bytes, target.path);
  } catch (err) {
    if (err instanceof PlimsollInputError) return { findings: [], errors: [err.detail] };
    return { findings: [], errors: [{ source: target.path, message: describeFsError(err) }] };
  }
  try {
    const df = parseDockerfile(text, target.path);
    const buildContext = target.absolute ? { dockerignore: hasDockerignore(target.absolute, target.buildContext) } : {};
    const result = lintDockerfileModel(df, dockerfileRules, config.view, buildContext);
    return { findings: result.findings, errors: [...capErrors(df.errors), ...result.internalErrors.map((e) => withoutStack(e, opts.debug))] };
  } catch (err) {
    // A bug in plimsoll, not in the file: say so, keep going with the other files.
    const message = `internal error while linting: ${(err as Error)?.message ?? String(err)}`;
    return { findings: [], errors: [withoutStack({ source: target.path, message: opts.debug ? `${message}\n${(err as Error)?.stack ?? ''}` : message }, opts.debug)] };
  }
}

const MAX_ERRORS_PER_FILE = 5;

/**
 * A file that is not a Dockerfile at all (a template, a script) has an "unknown instruction" on
 * nearly every line: the first few say enough.
 */
function capErrors(errors: InputError[]): InputError[] {
  if (errors.length <= MAX_ERRORS_PER_FILE + 1) return errors;
  const shown = errors.slice(0, MAX_ERRORS_PER_FILE);
  shown.push({ source: errors[0].source, message: `${errors.length - MAX_ERRORS_PER_FILE} more problems like these in this file (not listed)` });
  return shown;
}

/** Internal errors carry a stack trace; it is shown only with --debug. */
function withoutStack(e: InputError, debug: boolean | undefined): InputError {
  if (debug) return e;
  const lines = e.message.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  if (firstFrame < 0) return e;
  return { ...e, message: `${lines.slice(0, firstFrame).join('\n')} (run with --debug for the stack trace)` };
}

/**
 * BuildKit reads `<Dockerfile>.dockerignore` first, then `.dockerignore` at the root of the build
 * context: the Dockerfile's folder, unless a compose file's `build:` names another.
 */
function hasDockerignore(dockerfile: string, context = dirname(dockerfile)): boolean {
  return existsSync(`${dockerfile}.dockerignore`) || existsSync(join(context, '.dockerignore'));
}
