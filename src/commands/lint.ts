/**
 * `plimsoll lint [PATH...]`: finds Dockerfiles (and compose files), lints each one, and
 * reports. One unreadable or broken file never stops the others.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfigFor } from '../config/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { decodeDockerfile, parseDockerfile } from '../dockerfile/parse.js';
import { lintDockerfileModel } from '../rules/dockerfile/run.js';
import { PlimsollInputError, type Finding, type InputError } from '../rules/finding.js';
import { allRuleMetas, dockerfileRules } from '../rules/registry.js';
import type { ReportInput } from '../report/types.js';
import { discoverTargets, type Target } from '../util/discover.js';
import { INFORMATION_URI, VERSION } from '../version.js';
import { exitCodeFor } from './output.js';

export interface LintOptions {
  paths: string[];
  cwd: string;
  exclude: string[];
  configPath?: string;
  failOn?: string;
  noInlineIgnores?: boolean;
  /** Reads standard input (for `-`). */
  readStdin: () => Promise<Buffer>;
}

export interface LintRun {
  report: ReportInput;
}

export async function runLint(opts: LintOptions): Promise<LintRun> {
  const { targets, errors } = await discoverTargets(opts.paths, { cwd: opts.cwd, exclude: opts.exclude, compose: true });
  const findings: Finding[] = [];
  let failOn: ResolvedConfig['failOn'] | undefined;
  for (const target of targets) {
    const config = await loadConfigFor(target.absolute, { configPath: opts.configPath, cwd: opts.cwd, noInlineIgnores: opts.noInlineIgnores });
    failOn ??= config.failOn;
    const result = await lintTarget(target, config, opts);
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  const effectiveFailOn = (opts.failOn as ResolvedConfig['failOn'] | undefined) ?? failOn ?? 'warning';
  const report: ReportInput = {
    command: 'lint',
    tool: { name: 'plimsoll', version: VERSION, informationUri: INFORMATION_URI },
    findings,
    rules: allRuleMetas(),
    errors,
    targets: targets.map((t) => t.path),
    failOn: effectiveFailOn,
    exitCode: 0,
    workingDirectory: opts.cwd,
  };
  report.exitCode = exitCodeFor(errors, findings, effectiveFailOn);
  return { report };
}

async function lintTarget(target: Target, config: ResolvedConfig, opts: LintOptions): Promise<{ findings: Finding[]; errors: InputError[] }> {
  if (target.kind === 'compose') return { findings: [], errors: [] };
  let text: string;
  try {
    const bytes = target.absolute ? await readFile(target.absolute) : await opts.readStdin();
    text = decodeDockerfile(bytes, target.path);
  } catch (err) {
    if (err instanceof PlimsollInputError) return { findings: [], errors: [err.detail] };
    return { findings: [], errors: [{ source: target.path, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }] };
  }
  const df = parseDockerfile(text, target.path);
  const buildContext = target.absolute ? { dockerignore: hasDockerignore(target.absolute) } : {};
  const result = lintDockerfileModel(df, dockerfileRules, config.view, buildContext);
  return { findings: result.findings, errors: [...df.errors, ...result.internalErrors] };
}

/** BuildKit reads `<Dockerfile>.dockerignore` first, then `.dockerignore` in the context. */
function hasDockerignore(dockerfile: string): boolean {
  const dir = dirname(dockerfile);
  return existsSync(`${dockerfile}.dockerignore`) || existsSync(join(dir, '.dockerignore'));
}
