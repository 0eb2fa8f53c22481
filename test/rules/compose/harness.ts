/**
 * The compose RuleTester: each case is a compose file (plus, when needed, other files beside it
 * and `.env` variables) and what one rule must catch or leave alone. A catch states message id,
 * line and column, and the file when it is not the compose file.
 */
import { expect, it } from 'vitest';
import { parseComposeText } from '../../../src/compose/load.js';
import type { ComposeFile } from '../../../src/compose/model.js';
import { presetView, type PresetName } from '../../../src/rules/config-view.js';
import type { Finding } from '../../../src/rules/finding.js';
import { lintComposeModel } from '../../../src/rules/compose/run.js';
import type { ComposeRule } from '../../../src/rules/compose/types.js';

export const PROJECT = '/project';

export interface Expected {
  messageId?: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The file of the finding, when not `compose.yaml`. */
  file?: string;
  /** A substring the message must contain. */
  message?: string;
}

export interface CaseOptions {
  options?: Record<string, unknown>;
  /** Other files, by path relative to the project folder (`common.yml`, `.env`). */
  files?: Record<string, string>;
  /** Interpolation variables (instead of a `.env` file). */
  env?: Record<string, string>;
  /** Run at the level of this preset instead of forcing the rule on. */
  preset?: PresetName;
  inlineIgnores?: boolean;
  includeSuppressed?: boolean;
}

/** Models a compose text as `/project/compose.yaml`, with `files` beside it. */
export function composeModel(text: string, opts: Pick<CaseOptions, 'files' | 'env'> = {}): ComposeFile {
  const files = new Map(Object.entries(opts.files ?? {}).map(([k, v]) => [`${PROJECT}/${k}`, v]));
  const readText = (absolute: string) => {
    const t = files.get(absolute);
    if (t === undefined) throw Object.assign(new Error(`ENOENT: ${absolute}`), { code: 'ENOENT' });
    return t;
  };
  return parseComposeText(text, 'compose.yaml', { absolute: `${PROJECT}/compose.yaml`, readText, env: opts.env });
}

/** Runs one rule (forced on, whatever its default level, unless a preset is named) over a compose text. */
export function runComposeRule(rule: ComposeRule, text: string, opts: CaseOptions = {}): Finding[] {
  const model = composeModel(text, opts);
  if (model.errors.length > 0) throw new Error(`input errors: ${model.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
  const config = presetView({
    preset: opts.preset,
    levels: opts.preset ? undefined : { [rule.meta.id]: rule.meta.defaultLevel === 'off' ? 'warning' : rule.meta.defaultLevel },
    options: opts.options ? { [rule.meta.id]: opts.options } : undefined,
    inlineIgnores: opts.inlineIgnores,
  });
  const result = lintComposeModel(model, [rule], config);
  if (result.internalErrors.length > 0) throw new Error(result.internalErrors.map((e) => e.message).join('\n'));
  return result.findings.filter((f) => opts.includeSuppressed || !f.suppressed);
}

export function composeRuleTester(rule: ComposeRule) {
  return {
    /** The rule must report exactly the expected findings (or `count` findings). */
    catches(name: string, text: string, expected: Expected[] | number = 1, opts: CaseOptions = {}) {
      it(`catches: ${name}`, () => {
        const findings = runComposeRule(rule, text, opts);
        if (typeof expected === 'number') {
          expect(findings.map(describe), `findings for:\n${text}`).toHaveLength(expected);
          return;
        }
        expect(findings.map(describe), `findings for:\n${text}`).toHaveLength(expected.length);
        expected.forEach((e, i) => {
          const f = findings[i];
          if (f.location.kind !== 'file') throw new Error('expected a file location');
          const r = f.location.range;
          const where = `${describe(f)}`;
          if (e.messageId !== undefined) expect(f.messageId, where).toBe(e.messageId);
          expect(f.location.file, where).toBe(e.file ?? 'compose.yaml');
          expect(r.start.line, where).toBe(e.line);
          if (e.column !== undefined) expect(r.start.column, where).toBe(e.column);
          if (e.endLine !== undefined) expect(r.end.line, where).toBe(e.endLine);
          if (e.endColumn !== undefined) expect(r.end.column, where).toBe(e.endColumn);
          if (e.message !== undefined) expect(f.message, where).toContain(e.message);
          expect(f.message).not.toMatch(/\{\{\w+\}\}/);
        });
      });
    },
    /** The rule must report nothing. */
    leavesAlone(name: string, text: string, opts: CaseOptions = {}) {
      it(`leaves alone: ${name}`, () => {
        expect(runComposeRule(rule, text, opts).map(describe), `findings for:\n${text}`).toEqual([]);
      });
    },
  };
}

export function describe(f: Finding): string {
  const r = f.location.kind === 'file' ? `${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}` : '';
  return `${f.ruleId} ${r} [${f.messageId}] ${f.message}`;
}

/** Joins lines, so cases read as a compose file. */
export function yaml(...ls: string[]): string {
  return ls.join('\n') + '\n';
}
