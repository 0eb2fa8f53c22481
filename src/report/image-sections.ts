/**
 * The image part of the table and Markdown reports: layers, waste, top files.
 * Owned by the layer engine; the renderers call these where the image part belongs
 * (before the findings). Both return no lines until the layer engine fills them in.
 */
import type { ReportInput } from './types.js';

/** Lines for the table report; `color` is whether the caller colours its own output. */
export function imageTableSection(input: ReportInput, color: boolean): string[] {
  void input;
  void color;
  return [];
}

/** Markdown blocks (lines) for the Markdown report. */
export function imageMarkdownSection(input: ReportInput): string[] {
  void input;
  return [];
}
