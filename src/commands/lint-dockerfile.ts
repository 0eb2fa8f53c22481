/**
 * Linting one Dockerfile from its bytes: decode, parse, run the rules. Shared by the lint
 * command's own thread and its worker threads (lint-worker.ts), so both give the same answer.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { decodeDockerfile, parseDockerfile } from '../dockerfile/parse.js';
import { presetView, type PresetName, type RuleConfigView } from '../rules/config-view.js';
import { lintDockerfileModel } from '../rules/dockerfile/run.js';
import { PlimsollInputError, type Finding, type InputError, type LevelSetting } from '../rules/finding.js';
import { dockerfileRules } from '../rules/registry.js';

export interface DockerfileResult {
  findings: Finding[];
  errors: InputError[];
}

/** What a rule view is made of, as plain data that can cross to a worker thread. */
export interface ViewData {
  preset: PresetName;
  levels: Record<string, LevelSetting>;
  options: Record<string, Record<string, unknown>>;
  trustedRegistries: string[];
  inlineIgnores: boolean;
}

export function viewData(config: ResolvedConfig): ViewData {
  return {
    preset: config.preset ?? 'recommended',
    levels: { ...(config.levels ?? {}) },
    options: { ...(config.options ?? {}) },
    trustedRegistries: [...config.view.shared.trustedRegistries],
    inlineIgnores: config.view.inlineIgnores,
  };
}

export function viewFromData(d: ViewData): RuleConfigView {
  return presetView({ preset: d.preset, levels: d.levels, options: d.options, shared: { trustedRegistries: d.trustedRegistries }, inlineIgnores: d.inlineIgnores });
}

/**
 * `absolute` is undefined for standard input. Input problems come back as errors; a bug in
 * plimsoll too (an internal error), never as an exception.
 */
export function lintDockerfileBytes(
  bytes: Uint8Array,
  path: string,
  absolute: string | undefined,
  view: RuleConfigView,
  debug: boolean | undefined,
  /** The build context, when a compose file's `build:` names one other than the Dockerfile's folder. */
  buildContext?: string,
): DockerfileResult {
  let text: string;
  try {
    text = decodeDockerfile(bytes, path);
  } catch (err) {
    if (err instanceof PlimsollInputError) return { findings: [], errors: [err.detail] };
    throw err;
  }
  try {
    const df = parseDockerfile(text, path);
    const facts = absolute ? { dockerignore: hasDockerignore(absolute, buildContext) } : {};
    const result = lintDockerfileModel(df, dockerfileRules, view, facts);
    return { findings: result.findings, errors: [...capErrors(df.errors), ...result.internalErrors.map((e) => withoutStack(e, debug))] };
  } catch (err) {
    // A bug in plimsoll, not in the file: say so, keep going with the other files.
    const message = `internal error while linting: ${(err as Error)?.message ?? String(err)}`;
    return { findings: [], errors: [withoutStack({ source: path, message: debug ? `${message}\n${(err as Error)?.stack ?? ''}` : message }, debug)] };
  }
}

const MAX_ERRORS_PER_FILE = 5;

/**
 * A file that is not a Dockerfile at all (a template, a script) has an "unknown instruction" on
 * nearly every line: the first few say enough.
 */
export function capErrors(errors: InputError[]): InputError[] {
  if (errors.length <= MAX_ERRORS_PER_FILE + 1) return errors;
  const shown = errors.slice(0, MAX_ERRORS_PER_FILE);
  shown.push({ source: errors[0].source, message: `${errors.length - MAX_ERRORS_PER_FILE} more problems like these in this file (not listed)` });
  return shown;
}

/** Internal errors carry a stack trace; it is shown only with --debug. */
export function withoutStack(e: InputError, debug: boolean | undefined): InputError {
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
