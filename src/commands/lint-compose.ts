/**
 * The compose part of `plimsoll lint`: models a compose file, runs the compose rules, lints
 * each service's `dockerfile_inline` as a Dockerfile, and hands back the Dockerfiles its
 * services build and the files it `include`s, so the lint command lints them too (once, even
 * when also found on disk).
 */
import { existsSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadComposeFile } from '../compose/load.js';
import type { ComposeFile, ComposeScalarNode, Service } from '../compose/model.js';
import type { ResolvedConfig } from '../config/types.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import { lintComposeModel } from '../rules/compose/run.js';
import type { ComposeRule } from '../rules/compose/types.js';
import { lintDockerfileModel } from '../rules/dockerfile/run.js';
import type { Finding, InputError, Position, Range } from '../rules/finding.js';
import { composeRules, dockerfileRules } from '../rules/registry.js';
import { describeFsError, display, type Target } from '../util/discover.js';

export interface ComposeLintOutcome {
  findings: Finding[];
  errors: InputError[];
  /** Dockerfiles that services build and that exist here, and compose files it includes, as lint targets. */
  related: Target[];
}

export function lintComposeTarget(target: Target, config: ResolvedConfig, opts: { cwd: string }): ComposeLintOutcome {
  if (!target.absolute) return { findings: [], errors: [{ source: target.path, message: 'a compose file cannot be read from standard input' }], related: [] };
  const model = loadComposeFile(target.absolute, target.path);
  const result = lintComposeModel(model, composeRules as readonly ComposeRule[], config.view);
  const findings = [...result.findings];
  const errors = [...model.errors, ...result.internalErrors];
  const related: Target[] = [];
  for (const service of model.services) {
    const build = service.build;
    if (!build) continue;
    if (build.dockerfileInline) {
      const inline = lintInlineDockerfile(model, service, build.dockerfileInline, config);
      findings.push(...inline.findings);
      errors.push(...inline.errors);
      continue;
    }
    const path = dockerfileOf(build.dockerfilePath, build.dockerfile !== undefined);
    if (path && !related.some((t) => t.absolute === path)) {
      related.push({ kind: 'dockerfile', path: display(opts.cwd, path), absolute: path, explicit: false, buildContext: build.contextDir });
    }
  }
  for (const inc of model.includes) {
    if (!related.some((t) => t.absolute === inc.absolute)) related.push({ kind: 'compose', path: display(opts.cwd, inc.absolute), absolute: inc.absolute, explicit: false });
  }
  // Inline Dockerfile findings sit among the compose file's own, in file order.
  findings.sort((a, b) => {
    if (a.location.kind !== 'file' || b.location.kind !== 'file' || a.location.file !== b.location.file) return 0;
    return a.location.range.start.line - b.location.range.start.line || a.location.range.start.column - b.location.range.start.column;
  });
  return { findings, errors, related };
}

/**
 * The Dockerfile a build uses, when it exists: the one named, or `Dockerfile` in the context
 * (then `dockerfile` and `Containerfile`, as Docker and Podman fall back to them).
 */
function dockerfileOf(path: string | undefined, named: boolean): string | undefined {
  if (!path) return undefined;
  const candidates = named ? [path] : [path, join(dirname(path), 'dockerfile'), join(dirname(path), 'Containerfile')];
  return candidates.find((p) => {
    try {
      return existsSync(p) && statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Lints `build.dockerfile_inline` as a Dockerfile named `<compose file>#<service>`. Findings
 * point into the compose file: exactly for a `|` block, at the value's start otherwise.
 */
function lintInlineDockerfile(model: ComposeFile, service: Service, node: ComposeScalarNode, config: ResolvedConfig): { findings: Finding[]; errors: InputError[] } {
  const name = `${model.path}#${service.name}`;
  const df = parseDockerfile(node.text, name);
  const result = lintDockerfileModel(df, dockerfileRules, config.view, {});
  const map = positionMapper(node);
  const findings = result.findings.map((f) =>
    f.location.kind === 'file' ? { ...f, location: { ...f.location, file: node.source.path, range: map.range(f.location.range) } } : f,
  );
  const errors = [...df.errors, ...result.internalErrors].map((e) => {
    if (e.line === undefined) return e;
    const p = map.position({ line: e.line, column: e.column ?? 1 });
    return { ...e, source: name, line: p.line, column: e.column !== undefined ? p.column : undefined };
  });
  return { findings, errors };
}

function positionMapper(node: ComposeScalarNode): { position(p: Position): Position; range(r: Range): Range } {
  const start = node.range.start;
  if (node.style !== 'literal') {
    // Folded or quoted text does not keep the Dockerfile's lines: point at the value.
    return { position: () => start, range: () => node.range };
  }
  const lines = node.source.lines;
  let indent = 0;
  for (let l = start.line; l < lines.length; l++) {
    const text = lines[l];
    if (text.trim() === '') continue;
    indent = text.length - text.trimStart().length;
    break;
  }
  const position = (p: Position): Position => ({ line: start.line + p.line, column: p.column + indent });
  return { position, range: (r) => ({ start: position(r.start), end: position(r.end) }) };
}

/** `--compose FILE`: files read as compose files whatever their names. */
export async function forcedComposeTargets(files: readonly string[], cwd: string): Promise<{ targets: Target[]; errors: InputError[] }> {
  const targets: Target[] = [];
  const errors: InputError[] = [];
  for (const file of files) {
    const absolute = resolve(cwd, file);
    try {
      const info = await stat(absolute);
      if (!info.isFile()) {
        errors.push({ source: file, message: '--compose needs a file, and this is not one' });
        continue;
      }
    } catch (err) {
      errors.push({ source: file, message: describeFsError(err) });
      continue;
    }
    targets.push({ kind: 'compose', path: display(cwd, absolute), absolute, explicit: true });
  }
  return { targets, errors };
}

/** Adds forced compose targets, turning a target already found for the same file into a compose one. */
export function mergeComposeTargets(targets: Target[], forced: readonly Target[]): void {
  for (const f of forced) {
    const known = targets.find((t) => t.absolute === f.absolute);
    if (known) known.kind = 'compose';
    else targets.push(f);
  }
}
