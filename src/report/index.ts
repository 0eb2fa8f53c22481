/**
 * Report formats and where they go: each `--format` pairs with the `--output` at the same
 * position; a format without an output goes to standard output.
 */
import { renderJson } from './json.js';
import { renderTable } from './table.js';
import type { ReportInput } from './types.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number] | (string & {});

export interface RenderOptions {
  color: boolean;
}

type Renderer = (input: ReportInput, opts: RenderOptions) => string;

const renderers = new Map<string, Renderer>([
  ['table', (input, opts) => renderTable(input, { color: opts.color })],
  ['json', (input) => renderJson(input)],
]);

export function knownFormats(): string[] {
  return [...renderers.keys()];
}

export function render(format: string, input: ReportInput, opts: RenderOptions): string {
  const r = renderers.get(format);
  if (!r) throw new Error(`unknown format "${format}"`);
  return r(input, opts);
}
