/**
 * What `FROM`, `COPY --from` and `RUN --mount=from=` point at: a stage of this Dockerfile or an
 * external image. BuildKit looks a `--from` name up among all stages (earlier or later),
 * then takes a number as a stage index, and pulls anything else as an image.
 */
import type { Dockerfile, Instruction } from '../../dockerfile/model.js';
import { resolveVariables } from '../../dockerfile/variables.js';
import type { Range } from '../finding.js';
import { parseImageRef, type ImageRef } from '../../util/image-ref.js';

export type FromTarget =
  | { kind: 'stage'; stage: number }
  /** Written like an image reference (it has a `/`, `:`, `.` or `@`). */
  | { kind: 'image'; text: string; ref?: ImageRef }
  /** A bare word that no stage is called: Docker would pull it as an image, but it reads like a stage name. */
  | { kind: 'name'; text: string; ref?: ImageRef }
  /** A number that is not the index of any stage. */
  | { kind: 'badIndex'; index: number }
  /** Holds a variable with no known value. */
  | { kind: 'unresolved'; text: string };

/** Classifies a `--from` value (already variable-resolved where the model could). */
export function classifyFrom(df: Dockerfile, value: string): FromTarget {
  const text = value.trim();
  if (text.includes('$')) return { kind: 'unresolved', text };
  const lower = text.toLowerCase();
  const named = df.stages.find((s) => s.name === lower);
  if (named) return { kind: 'stage', stage: named.index };
  if (/^\d+$/.test(text)) {
    const index = Number(text);
    return index < df.stages.length ? { kind: 'stage', stage: index } : { kind: 'badIndex', index };
  }
  if (/[/:.@]/.test(text)) return { kind: 'image', text, ref: parseImageRef(text) };
  return { kind: 'name', text, ref: parseImageRef(text) };
}

export interface StageReference {
  kind: 'copy' | 'mount';
  instr: Instruction;
  /** The value as written after `--from=` / `from=`, variables resolved where known. */
  value: string;
  target: FromTarget;
  /** The `--from=...` flag or the whole `--mount=...` flag. */
  range: Range;
}

/** Every `COPY --from` and `RUN --mount=...,from=` of the stages (ONBUILD triggers are the child's business). */
export function stageReferences(df: Dockerfile): StageReference[] {
  const out: StageReference[] = [];
  for (const instr of df.instructions) {
    if (instr.stage < 0) continue;
    if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.copy?.from !== undefined) {
      const flag = instr.flags.find((f) => f.name === 'from');
      const value = instr.copy.from;
      if (value === '') continue;
      out.push({ kind: 'copy', instr, value, target: classifyFrom(df, value), range: flag?.range ?? instr.range });
    }
    for (const mount of instr.run?.mounts ?? []) {
      const raw = mount.options.from;
      if (raw === undefined || raw === '') continue;
      const value = resolveVariables(raw, instr.vars, df.escapeChar).text;
      out.push({ kind: 'mount', instr, value, target: classifyFrom(df, value), range: mount.range });
    }
  }
  return out;
}

export interface ImageUse {
  kind: 'from' | 'copy' | 'mount';
  instr: Instruction;
  /** The image text, variables resolved. */
  text: string;
  ref: ImageRef;
  range: Range;
  /** A bare `--from=name` that matches no stage (see FromTarget `name`). */
  bareName: boolean;
}

/**
 * Every external image the build pulls: stage bases (`FROM image`), `COPY --from=image` and
 * `RUN --mount=from=image`. Stages, `scratch`, unresolved variables and text that is not an
 * image reference are left out: nothing can be said about them.
 */
export function imageUses(df: Dockerfile): ImageUse[] {
  const out: ImageUse[] = [];
  for (const stage of df.stages) {
    if (stage.base.kind !== 'image' || stage.base.unresolved || !stage.base.ref) continue;
    const word = stage.from.args[0];
    out.push({ kind: 'from', instr: stage.from, text: stage.base.text, ref: stage.base.ref, range: word?.range ?? stage.from.range, bareName: false });
  }
  for (const r of stageReferences(df)) {
    if ((r.target.kind !== 'image' && r.target.kind !== 'name') || !r.target.ref) continue;
    if (r.target.text.toLowerCase() === 'scratch') continue;
    out.push({ kind: r.kind, instr: r.instr, text: r.target.text, ref: r.target.ref, range: r.range, bareName: r.target.kind === 'name' });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}
