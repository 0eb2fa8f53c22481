/**
 * Reading a YAML config file with positions kept, and the error that names file, line,
 * column and key path for every problem found in it.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../rules/finding.js';
import type { ConfigIssue, ReadContext } from './schema.js';

/** A bad config file: all its problems at once, so one run shows everything to fix. Exit 2. */
export class ConfigFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
    /** Said once after the problems, e.g. why a .hadolint.yaml was read at all. */
    readonly hint?: string,
  ) {
    super(
      issues
        .map((i) => `${file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`)
        .join('\n') + (hint ? `\n${hint}` : ''),
    );
    this.name = 'ConfigFileError';
  }
}

export interface LoadedYaml {
  doc: Document;
  ctx: ReadContext;
}

/**
 * Reads and parses a YAML file. Syntax errors (and duplicate keys) throw a ConfigFileError;
 * `shown` is the path as the user should see it.
 */
export async function loadYamlFile(absolute: string, shown: string): Promise<LoadedYaml> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${shown}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`);
  }
  return parseYamlText(text, shown);
}

export function parseYamlText(text: string, shown: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const ctx: ReadContext = { doc, lineCounter, issues: [] };
  const problems = [...doc.errors];
  if (problems.length > 0) {
    const issues = problems.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { line: pos.line, column: pos.col, path: '', message: `bad YAML: ${firstLine(e.message)}` };
    });
    throw new ConfigFileError(shown, issues);
  }
  return { doc, ctx };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.replace(/\s*at line \d+, column \d+:?$/, '');
}
