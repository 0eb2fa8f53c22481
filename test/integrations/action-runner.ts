/**
 * Runs a composite action's steps the way the GitHub runner does, without GitHub: inputs with
 * their defaults, `${{ inputs.* }}`, `${{ github.* }}` and `${{ steps.*.outputs.* }}` expanded,
 * each `shell: bash` step run as `bash --noprofile --norc -eo pipefail`, and the files the
 * runner gives steps ($GITHUB_ENV, $GITHUB_OUTPUT, $GITHUB_PATH, $GITHUB_STEP_SUMMARY) read
 * between steps. Enough for plimsoll's own action.yml, not a general runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionFile {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Array<{ id?: string; name?: string; shell?: string; run?: string; uses?: string; env?: Record<string, string>; if?: string }> };
}

export interface ActionRun {
  /** Exit code of the first failing step, or 0. */
  code: number;
  /** Every step's stdout and stderr, in order. */
  log: string;
  outputs: Record<string, string>;
  stepSummary: string;
  /** The GitHub files, for more checks. */
  files: { env: string; output: string; summary: string; path: string; runnerTemp: string };
}

/** Reads `KEY=value` and `KEY<<DELIM ... DELIM` lines, as the runner does for GITHUB_ENV and GITHUB_OUTPUT. */
export function readCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function runAction(actionDir: string, opts: { inputs?: Record<string, string>; workspace: string; env?: Record<string, string>; timeoutMs?: number }): ActionRun {
  const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`only composite actions: ${action.runs.using}`);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs ?? {})) inputs[k] = v.default ?? '';
  for (const [k, v] of Object.entries(opts.inputs ?? {})) {
    if (!(k in inputs)) throw new Error(`action.yml has no input "${k}"`);
    inputs[k] = v;
  }
  const runnerTemp = mkdtempSync(join(tmpdir(), 'plimsoll-runner-'));
  mkdirSync(join(runnerTemp, 'files'));
  const files = {
    env: join(runnerTemp, 'files', 'env'),
    output: join(runnerTemp, 'files', 'output'),
    summary: join(runnerTemp, 'files', 'step-summary.md'),
    path: join(runnerTemp, 'files', 'path'),
    runnerTemp,
  };
  for (const f of [files.env, files.summary, files.path]) writeFileSync(f, '');
  const github: Record<string, string> = {
    action_path: actionDir,
    workspace: opts.workspace,
    repository: 'plimsoll-dev/example',
    sha: '0123456789abcdef0123456789abcdef01234567',
    server_url: 'https://github.com',
    ref: 'refs/pull/7/merge',
  };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expand = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      let m = /^inputs\.([\w-]+)$/.exec(expr);
      if (m) return inputs[m[1]] ?? '';
      m = /^github\.(\w+)$/.exec(expr);
      if (m) return github[m[1]] ?? '';
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (m) return stepOutputs[m[1]]?.[m[2]] ?? '';
      throw new Error(`expression not supported here: ${expr}`);
    });
  // The runner hands steps its own environment (certificates, proxies, PATH) plus GitHub's.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(VITEST|NODE_OPTIONS$|GITHUB_|RUNNER_)/.test(k))) as Record<string, string>;
  let env: Record<string, string> = {
    ...inherited,
    ...opts.env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_SHA: github.sha,
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_REF: github.ref,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
  };
  let log = '';
  let code = 0;
  for (const step of action.runs.steps) {
    if (step.uses) throw new Error(`uses: steps are not supported here (${step.uses})`);
    if (step.shell !== 'bash') throw new Error(`step "${step.name}": only shell: bash`);
    writeFileSync(files.output, '');
    const stepEnv: Record<string, string> = { ...env, GITHUB_OUTPUT: files.output };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(String(v));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run ?? '')], { cwd: opts.workspace, env: stepEnv, encoding: 'utf8', maxBuffer: 64 << 20, timeout: opts.timeoutMs ?? 240_000 });
    log += `--- step: ${step.name}\n${r.stdout}${r.stderr}`;
    if (step.id) stepOutputs[step.id] = readCommandFile(readFileSync(files.output, 'utf8'));
    env = { ...env, ...readCommandFile(readFileSync(files.env, 'utf8')) };
    const paths = readFileSync(files.path, 'utf8').split('\n').filter(Boolean);
    if (paths.length > 0) env.PATH = [...paths.reverse(), env.PATH].join(':');
    if (r.error) log += `step failed to run: ${r.error.message}\n`;
    if (r.status !== 0) {
      code = r.status ?? 1;
      break;
    }
  }
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.outputs ?? {})) outputs[k] = expand(v.value);
  return { code, log, outputs, stepSummary: readFileSync(files.summary, 'utf8'), files };
}
