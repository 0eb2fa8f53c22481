/**
 * `plimsoll lint [PATH...]`: finds Dockerfiles (and compose files), lints each one with the
 * config that applies to it, and reports. One unreadable or broken file never stops the others.
 */
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigCache, loadConfigFor, type ConfigRequest } from '../config/index.js';
import type { CliOverrides } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/types.js';
import { clearShellScriptCache } from '../dockerfile/shell.js';
import { applyBaseline, readBaseline } from '../baseline/index.js';
import { isActive, levelRank, type Finding, type InputError, type Level } from '../rules/finding.js';
import { allRuleMetas } from '../rules/registry.js';
import type { ReportInput } from '../report/types.js';
import { describeFsError, discoverTargets, excludeMatcher, type Target } from '../util/discover.js';
import { forcedComposeTargets, lintComposeTarget, mergeComposeTargets } from './lint-compose.js';
import { lintDockerfileBytes, viewData, withoutStack, type DockerfileResult } from './lint-dockerfile.js';
import { lintInWorkers, workerCount } from './lint-parallel.js';
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
  /** `--jobs N`: worker threads for many Dockerfiles (1: none; default: one per core on 4+ cores, from 40 files). */
  jobs?: number;
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
  // Many Dockerfiles: linted by worker threads first; whatever they did not answer is done below.
  const done = await lintDockerfilesInWorkers(targets, configFor, opts);
  // Dockerfiles are read a few ahead of the one being linted, so the disk never waits on the CPU.
  const reads = new Map<Target, Promise<Buffer>>();
  const readAhead = (from: number) => {
    for (let i = from; i < Math.min(targets.length, from + READ_AHEAD); i++) {
      const t = targets[i];
      if (t.absolute && t.kind === 'dockerfile' && !reads.has(t) && !done.has(t)) {
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
    const result: LintedTarget = done.get(target) ?? (await lintTarget(target, config, opts, reads.get(target)));
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

interface LintedTarget {
  findings: Finding[];
  errors: InputError[];
  /** Files a compose file brings in: the Dockerfiles it builds, the files it includes. */
  related?: Target[];
}

async function lintDockerfilesInWorkers(
  targets: readonly Target[],
  configFor: (file: string) => Promise<ResolvedConfig>,
  opts: LintOptions,
): Promise<Map<Target, DockerfileResult>> {
  const done = new Map<Target, DockerfileResult>();
  const files = targets.filter((t) => t.kind === 'dockerfile' && t.absolute);
  const workers = workerCount(files.length, opts.jobs, opts.env);
  if (workers === 0) return done;
  const tasks = [];
  for (const [index, t] of files.entries()) {
    tasks.push({ index, path: t.path, absolute: t.absolute!, buildContext: t.buildContext, view: viewData(await configFor(t.absolute!)) });
  }
  const results = await lintInWorkers(tasks, workers, opts.debug === true);
  for (const [index, result] of results) done.set(files[index], result);
  opts.log?.(`${results.size} of ${files.length} Dockerfiles linted by ${workers} worker threads`);
  return done;
}

async function lintTarget(
  target: Target,
  config: ResolvedConfig,
  opts: LintOptions,
  read?: Promise<Buffer>,
): Promise<LintedTarget> {
  if (target.kind === 'compose') {
    const result = lintComposeTarget(target, config, opts);
    return { ...result, errors: result.errors.map((e) => withoutStack(e, opts.debug)) };
  }
  let bytes: Buffer;
  try {
    bytes = target.absolute ? await (read ?? readFile(target.absolute)) : await opts.readStdin();
  } catch (err) {
    return { findings: [], errors: [{ source: target.path, message: describeFsError(err) }] };
  }
  return lintDockerfileBytes(bytes, target.path, target.absolute, config.view, opts.debug, target.buildContext);
}
