/**
 * The Dockerfile lines of an image's layers (`plimsoll image --dockerfile`), for the table and
 * Markdown reports: a column beside each layer, a one-line summary, and every layer that could
 * not be tied to a line with the reason.
 */
import type { ChalkInstance } from 'chalk';
import type { AttributionReport, LayerAttribution } from '../attribution/types.js';
import { escapeInline } from './markdown.js';

/** The cell beside a layer: `12`, `12-15`, `base 1`, or `?`. */
export function layerLineCell(att: AttributionReport, layer: number): string {
  const l = att.layers[layer];
  if (!l?.instruction) return '?';
  const i = l.instruction;
  const lines = i.endLine > i.line ? `${i.line}-${i.endLine}` : String(i.line);
  if (l.status === 'base') return `base ${i.line}`;
  return l.confidence === 'position' ? `${lines}~` : lines;
}

/** The column heading: the Dockerfile's name, short. */
export function lineColumnHeading(att: AttributionReport): string {
  const parts = att.dockerfile.split(/[\\/]/);
  return parts[parts.length - 1] || 'Dockerfile';
}

function summary(att: AttributionReport): string {
  const s = att.summary;
  const parts = [`${s.instruction} of ${s.layers} ${s.layers === 1 ? 'layer' : 'layers'} tied to a line`];
  if (att.base && s.base > 0) parts.push(`${s.base} from the base image ${att.base.image} (FROM at line ${att.base.line})`);
  if (s.unmapped > 0) parts.push(`${s.unmapped} not tied`);
  const stage = att.stage.name ? `stage ${att.stage.name}` : `stage ${att.stage.index}`;
  return `${att.dockerfile} (${stage}, history by ${att.builder}): ${parts.join(', ')}`;
}

function unmappedLines(att: AttributionReport): LayerAttribution[] {
  return att.layers.filter((l) => l.status === 'unmapped');
}

/** Lines under the layers table. */
export function attributionTableLines(att: AttributionReport, c: ChalkInstance, safe: (t: string) => string): string[] {
  const out = [c.dim(`  Dockerfile lines: ${safe(summary(att))}`)];
  if (att.layers.some((l) => l.confidence === 'position')) out.push(c.dim('  (N~): tied by position between matching steps; the text differs (the Dockerfile changed since the build?)'));
  const unmapped = unmappedLines(att);
  // The same reason for every layer (no history, miscounted, no match) is said once.
  if (unmapped.length > 1 && new Set(unmapped.map((l) => l.code)).size === 1 && unmapped.length === att.layers.length) {
    out.push(c.yellow(`  not tied: ${safe(unmapped[0]!.reason)}`));
  } else {
    for (const l of unmapped) out.push(c.yellow(`  layer ${l.layer} not tied: ${safe(l.reason)}`));
  }
  if (att.missingInstructions.length > 0) {
    out.push(c.yellow(`  ${att.missingInstructions.map((m) => `line ${m.line}`).join(', ')}: no step in the image's history (built from another version of the Dockerfile?)`));
  }
  return out;
}

/** Markdown under the layers table. */
export function attributionMarkdownLines(att: AttributionReport): string[] {
  const out = [`Dockerfile lines: ${escapeInline(summary(att))}.`, ''];
  const unmapped = unmappedLines(att);
  if (unmapped.length > 0) {
    if (unmapped.length === att.layers.length && new Set(unmapped.map((l) => l.code)).size === 1) out.push(`> Not tied: ${escapeInline(unmapped[0]!.reason)}`, '');
    else {
      for (const l of unmapped) out.push(`- layer ${l.layer}: ${escapeInline(l.reason)}`);
      out.push('');
    }
  }
  return out;
}
