/**
 * Report formats and where they go: each `--format` pairs with the `--output` at the same
 * position; a format without an output goes to standard output.
 */
import { renderGitLab } from './gitlab.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { ReportInput } from './types.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown', 'gitlab', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number] | (string & {});

export interface RenderOptions {
  color: boolean;
  /**
   * Terminal width for the table to wrap long messages to. When absent, the table wraps to
   * process.stdout.columns only when colour is on (which means standard output is a TTY).
   */
  width?: number;
  /** Environment for links and provenance (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA...); default process.env. */
  env?: Record<string, string | undefined>;
}

type Renderer = (input: ReportInput, opts: RenderOptions) => string;

const renderers = new Map<string, Renderer>([
  ['table', (input, opts) => renderTable(input, { color: opts.color, width: opts.width ?? (opts.color && process.stdout.isTTY ? process.stdout.columns : undefined) })],
  ['json', (input) => renderJson(input)],
  ['sarif', (input, opts) => renderSarif(input, { env: opts.env ?? process.env })],
  ['markdown', (input, opts) => renderMarkdown(input, { env: opts.env ?? process.env })],
  ['gitlab', (input) => renderGitLab(input)],
  ['junit', (input) => renderJUnit(input)],
  ['html', (input) => renderHtml(input)],
]);

export function knownFormats(): string[] {
  return [...renderers.keys()];
}

export function render(format: string, input: ReportInput, opts: RenderOptions): string {
  const r = renderers.get(format);
  if (!r) throw new Error(`unknown format "${format}"`);
  return r(input, opts);
}
