/**
 * Layer attribution (`plimsoll image REF --dockerfile PATH`): each layer of an image tied to the
 * Dockerfile instruction that made it, exactly or not at all, with the reason either way; then
 * every finding a layer, a history step or a config key caused gets that instruction's place in
 * the Dockerfile (`location.source`), which the reports show and SARIF puts the result on.
 *
 * The history is advisory (docs/attribution.md): builders write it their own ways, squashed
 * builds put several instructions in one layer, and some builders miscount. Only text evidence
 * ties a layer to an instruction; order alone never does.
 */
import type { Dockerfile, Instruction } from '../dockerfile/model.js';
import type { ImageConfig } from '../layers/types.js';
import type { FileLocation, Finding, ImageLocation } from '../rules/finding.js';
import { detectSecretsInText } from '../secrets/index.js';
import { align, type Pair } from './align.js';
import { configKeyInstruction } from './config-keys.js';
import { LAYER_KINDS, parseHistory, type Builder, type HistoryStep } from './history.js';

const CONTENT_KINDS = new Set(['RUN', 'COPY', 'ADD']);
import { chainOf, instructionSummary, type Chain } from './steps.js';
import type { AttributionReport, Confidence, HistoryAttribution, InstructionRef, LayerAttribution } from './types.js';

export type * from './types.js';
export { chainOf } from './steps.js';
export { parseHistory } from './history.js';

export interface AttributeOptions {
  /** The Dockerfile path as reports show it (relative to the working directory). */
  file: string;
  /** `--target`: the stage the image was built from (name or index); default the last. */
  target?: string;
}

export interface Attribution {
  report: AttributionReport;
  /** The Dockerfile instruction a finding's location comes from, if known. */
  sourceOf(loc: ImageLocation): FileLocation | undefined;
}

export function instructionRef(instr: Instruction): InstructionRef {
  return {
    keyword: instr.keyword,
    line: instr.range.start.line,
    endLine: instr.range.end.line,
    range: instr.range,
    stage: instr.stage,
    text: redact(instructionSummary(instr)),
  };
}

/** Ties the layers of an image (its config and layer count) to the instructions of a parsed Dockerfile. */
export function attributeImage(df: Dockerfile, image: { config: ImageConfig; layerCount: number }, opts: AttributeOptions): Attribution {
  const chain = chainOf(df, opts.target);
  if (!chain) throw new Error(`no stage ${opts.target ?? ''}`);
  const target = chain.stages[chain.stages.length - 1]!;
  const hist = parseHistory(image.config.history ?? []);
  const fromScratch = chain.base.kind === 'scratch';
  const pairs = align(chain.steps, hist, !fromScratch);
  const byHist = new Map<number, Pair>(pairs.map((p) => [p.hist, p]));
  const anchored = pairs.some((p) => p.accepted && p.evidence !== 'kind') || buildahBoundary(hist, chain) !== undefined;
  const firstOwn = pairs.length > 0 ? Math.min(pairs[0]!.hist, buildahBoundary(hist, chain) ?? Infinity) : buildahBoundary(hist, chain);
  const ownStart = anchored ? (firstOwn ?? hist.length) : undefined;
  const fromRef = chain.base.kind === 'image' ? instructionRef(chain.base.from) : undefined;

  // Every history entry: the instruction it comes from, or the base image.
  const history: HistoryAttribution[] = hist.map((h) => {
    const p = byHist.get(h.index);
    if (p?.accepted) return { index: h.index, status: 'instruction', instruction: instructionRef(chain.steps[p.step]!.instruction), confidence: confidenceOf(p) };
    if (ownStart !== undefined && h.index < ownStart && fromRef) return { index: h.index, status: 'base', instruction: fromRef };
    return { index: h.index, status: 'unmapped' };
  });

  const layers = layerAttributions(hist, pairs, chain, image.layerCount, ownStart, fromRef, opts.file);
  const missing = chain.steps
    .filter((s) => LAYER_KINDS.has(s.keyword) && s.keyword !== 'WORKDIR' && !pairs.some((p) => p.step === s.index))
    .map((s) => instructionRef(s.instruction));
  const summary = {
    layers: layers.length,
    instruction: layers.filter((l) => l.status === 'instruction').length,
    base: layers.filter((l) => l.status === 'base').length,
    unmapped: layers.filter((l) => l.status === 'unmapped').length,
  };
  const report: AttributionReport = {
    dockerfile: opts.file,
    stage: { index: target.index, name: target.name, line: target.from.range.start.line },
    builder: builderOf(hist, ownStart ?? 0),
    base: chain.base.kind === 'image' ? { image: chain.base.text, line: chain.base.from.range.start.line, historyEntries: ownStart ?? 0 } : undefined,
    layers,
    history,
    summary,
    missingInstructions: missing,
  };
  const note = noteOf(report, image.layerCount, anchored);
  if (note) report.note = note;

  const file = opts.file;
  const at = (ref: InstructionRef): FileLocation => ({ kind: 'file', file, range: ref.range });
  return {
    report,
    sourceOf(loc) {
      if (loc.layer) {
        const l = layers[loc.layer.index];
        if (l?.instruction && (l.status === 'instruction' || l.status === 'base')) return at(l.instruction);
      }
      if (loc.historyIndex !== undefined) {
        const h = history[loc.historyIndex];
        if (h?.instruction) return at(h.instruction);
      }
      if (loc.configKey !== undefined) {
        const instr = configKeyInstruction(chain, image.config, loc.configKey, df.escapeChar);
        if (instr) return at(instructionRef(instr));
      }
      return undefined;
    },
  };
}

/** Sets `location.source` on every image finding the attribution can place; returns how many it placed. */
export function attributeFindings(findings: readonly Finding[], attribution: Attribution): number {
  let placed = 0;
  for (const f of findings) {
    if (f.location.kind !== 'image' || f.location.source) continue;
    const source = attribution.sourceOf(f.location);
    if (source) {
      f.location.source = source;
      placed++;
    }
  }
  return placed;
}

function confidenceOf(p: Pair): Confidence {
  return p.evidence === 'kind' ? 'position' : p.evidence;
}

/** buildah marks the first entry of a build with `FROM <the FROM text>`: a boundary it states itself. */
function buildahBoundary(hist: readonly HistoryStep[], chain: Chain): number | undefined {
  if (chain.base.kind !== 'image') return undefined;
  const text = `FROM ${chain.base.text}`;
  for (let i = hist.length - 1; i >= 0; i--) if (hist[i]!.entry.comment === text) return i;
  return undefined;
}

function layerAttributions(
  hist: readonly HistoryStep[],
  pairs: readonly Pair[],
  chain: Chain,
  layerCount: number,
  ownStart: number | undefined,
  fromRef: InstructionRef | undefined,
  file: string,
): LayerAttribution[] {
  const unmapped = (layer: number, code: LayerAttribution['code'], reason: string, historyIndex?: number): LayerAttribution => ({
    layer,
    status: 'unmapped',
    code,
    reason,
    ...(historyIndex !== undefined ? { historyIndex } : {}),
  });
  const all = Array.from({ length: layerCount }, (_, i) => i);
  if (hist.length === 0) return all.map((i) => unmapped(i, 'no-history', 'the image config has no history, so nothing says which step made which layer'));
  const made = hist.filter((h) => !h.empty);
  if (made.length !== layerCount) {
    return all.map((i) =>
      unmapped(i, 'count-mismatch', `the history has ${made.length} ${made.length === 1 ? 'entry' : 'entries'} that made a layer for ${layerCount} ${layerCount === 1 ? 'layer' : 'layers'}, so it cannot say which entry made which layer`),
    );
  }
  if (ownStart === undefined) {
    return all.map((i) =>
      unmapped(i, 'no-match', `no history entry matches an instruction of ${file}: was the image built from this Dockerfile (and this target stage)?`, made[i]!.index),
    );
  }
  const byHist = new Map<number, Pair>(pairs.map((p) => [p.hist, p]));
  return made.map((h, layer) => {
    if (h.index < ownStart) {
      if (!fromRef) return unmapped(layer, 'no-instruction', `history entry ${h.index} (${show(h)}) comes before the first instruction, but the build starts FROM scratch`, h.index);
      return {
        layer,
        status: 'base',
        historyIndex: h.index,
        instruction: fromRef,
        reason: `from the base image (line ${fromRef.line}): history entry ${h.index} comes before the first instruction of ${file}`,
      };
    }
    if (h.kind !== undefined && !LAYER_KINDS.has(h.kind)) {
      // A layer made by an instruction that never writes files: the build was squashed (buildah
      // without --layers squashes each stage into the layer of its last instruction). The layer
      // holds what the instructions since the previous layer wrote.
      const previous = made.filter((x) => x.index >= ownStart && x.index < h.index).pop()?.index ?? ownStart - 1;
      const span = pairs.filter((p) => p.hist > previous && p.hist < h.index && CONTENT_KINDS.has(chain.steps[p.step]!.keyword));
      if (span.length === 1 && span[0]!.accepted) {
        const ref = instructionRef(chain.steps[span[0]!.step]!.instruction);
        return {
          layer,
          status: 'instruction',
          historyIndex: h.index,
          instruction: ref,
          confidence: 'single',
          reason: `the build was squashed into this layer (made by history entry ${h.index}), and line ${ref.line} is the only instruction before it that writes files`,
        };
      }
      const lines = span.map((p) => chain.steps[p.step]!.instruction.range.start.line);
      return unmapped(
        layer,
        'squashed',
        `the build was squashed: this layer holds the files of ${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ') || '(none found)'} together (built without a layer per instruction, e.g. \`buildah bud\` without \`--layers\` or \`docker build --squash\`), so which of them wrote a file cannot be told`,
        h.index,
      );
    }
    const p = byHist.get(h.index);
    if (!p) return unmapped(layer, 'no-instruction', `history entry ${h.index} (${show(h)}) matches no instruction of the target stage in ${file}`, h.index);
    const step = chain.steps[p.step]!;
    const ref = instructionRef(step.instruction);
    if (!p.accepted) {
      return unmapped(
        layer,
        'text-mismatch',
        `history entry ${h.index} (${show(h)}) is a ${h.kind} where line ${ref.line} (${ref.text}) would be, but the texts differ and no matching steps around it fix the position`,
        h.index,
      );
    }
    const reason =
      p.evidence === 'text'
        ? `history entry ${h.index} has the text of line ${ref.line}`
        : p.evidence === 'destination'
          ? `history entry ${h.index} copies to ${h.copy?.dest ?? '?'} as line ${ref.line} does (the builder recorded a content hash, not the sources)`
          : p.evidence === 'names'
            ? `history entry ${h.index} sets the names line ${ref.line} sets`
            : `history entry ${h.index} (${show(h)}) differs from line ${ref.line}, but the entries around it match the lines around it: the Dockerfile may have changed since the build`;
    return { layer, status: 'instruction', historyIndex: h.index, instruction: ref, confidence: confidenceOf(p), reason };
  });
}

function show(h: HistoryStep): string {
  const t = redact((h.entry.created_by ?? '').replace(/\s+/g, ' ').trim());
  return `\`${t.length > 60 ? `${t.slice(0, 59)}…` : t}\``;
}

/** Texts from the history and the Dockerfile go into reports: secrets in them (`|1 TOKEN=…`, `ENV PASSWORD=…`) are masked. */
function redact(text: string): string {
  const matches = detectSecretsInText(text, { assignments: true });
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + m.masked;
    at = m.end;
  }
  return out + text.slice(at);
}

function builderOf(hist: readonly HistoryStep[], ownStart: number): Builder | 'mixed' {
  const seen = new Set(hist.filter((h) => h.index >= ownStart && h.builder !== 'unknown').map((h) => h.builder));
  if (seen.has('buildah') && seen.has('classic')) seen.delete('classic');
  if (seen.size === 0) return 'unknown';
  return seen.size === 1 ? [...seen][0]! : 'mixed';
}

function noteOf(r: AttributionReport, layerCount: number, anchored: boolean): string | undefined {
  const codes = new Set(r.layers.map((l) => l.code).filter(Boolean));
  if (codes.has('no-history')) return 'the image has no history: no layer can be tied to a Dockerfile line';
  if (codes.has('count-mismatch')) return r.layers[0]!.reason;
  if (!anchored) return `no history entry matches an instruction of ${r.dockerfile}: was the image built from it${r.stage.name ? ` (target ${r.stage.name})` : ''}?`;
  if (codes.has('squashed')) return 'the build was squashed (one layer for several instructions): its layer cannot be tied to one line';
  const parts: string[] = [];
  if (r.summary.unmapped > 0) parts.push(`${r.summary.unmapped} of ${layerCount} layers could not be tied to a line`);
  if (r.missingInstructions.length > 0) {
    parts.push(`${r.missingInstructions.length === 1 ? 'line' : 'lines'} ${r.missingInstructions.map((m) => m.line).join(', ')} ${r.missingInstructions.length === 1 ? 'has' : 'have'} no step in the image's history (was the image built from this version of the Dockerfile?)`);
  }
  return parts.length > 0 ? `${parts.join('; ')}` : undefined;
}
