/**
 * A RuleTester in the spirit of ESLint's and hadolint's specs: each case is one line that
 * says what the rule must catch or leave alone, and a catch states message id, line and column.
 */
import { expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { presetView, type ViewOverrides } from '../../src/rules/config-view.js';
import type { Finding } from '../../src/rules/finding.js';
import { lintDockerfileModel } from '../../src/rules/dockerfile/run.js';
import type { BuildContextFacts, DockerfileRule } from '../../src/rules/dockerfile/types.js';

export interface Expected {
  messageId?: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
}

export interface CaseOptions {
  options?: Record<string, unknown>;
  shared?: ViewOverrides['shared'];
  buildContext?: BuildContextFacts;
  inlineIgnores?: boolean;
  /** Look at suppressed findings too (default: only active ones are compared). */
  includeSuppressed?: boolean;
}

/** Runs one rule (forced on, whatever its default level) over a Dockerfile text. */
export function runRule(rule: DockerfileRule, text: string, opts: CaseOptions = {}): Finding[] {
  const df = parseDockerfile(text, 'Dockerfile');
  const config = presetView({
    levels: { [rule.meta.id]: rule.meta.defaultLevel === 'off' ? 'warning' : rule.meta.defaultLevel },
    options: opts.options ? { [rule.meta.id]: opts.options } : undefined,
    shared: opts.shared,
    inlineIgnores: opts.inlineIgnores,
  });
  const result = lintDockerfileModel(df, [rule], config, opts.buildContext ?? { dockerignore: true });
  if (result.internalErrors.length > 0) throw new Error(result.internalErrors.map((e) => e.message).join('\n'));
  return result.findings.filter((f) => opts.includeSuppressed || !f.suppressed);
}

export function dockerfileRuleTester(rule: DockerfileRule) {
  return {
    /** The rule must report exactly the expected findings (or `count` findings). */
    catches(name: string, text: string, expected: Expected[] | number = 1, opts: CaseOptions = {}) {
      it(`catches: ${name}`, () => {
        const findings = runRule(rule, text, opts);
        if (typeof expected === 'number') {
          expect(findings.map(describe), `findings for:\n${text}`).toHaveLength(expected);
          return;
        }
        expect(findings.map(describe), `findings for:\n${text}`).toHaveLength(expected.length);
        expected.forEach((e, i) => {
          const f = findings[i];
          if (f.location.kind !== 'file') throw new Error('expected a file location');
          const r = f.location.range;
          if (e.messageId !== undefined) expect(f.messageId).toBe(e.messageId);
          expect(r.start.line).toBe(e.line);
          if (e.column !== undefined) expect(r.start.column).toBe(e.column);
          if (e.endLine !== undefined) expect(r.end.line).toBe(e.endLine);
          if (e.endColumn !== undefined) expect(r.end.column).toBe(e.endColumn);
          if (e.message !== undefined) expect(f.message).toContain(e.message);
          expect(f.message).not.toMatch(/\{\{\w+\}\}/);
        });
      });
    },
    /** The rule must report nothing. */
    leavesAlone(name: string, text: string, opts: CaseOptions = {}) {
      it(`leaves alone: ${name}`, () => {
        expect(runRule(rule, text, opts).map(describe), `findings for:\n${text}`).toEqual([]);
      });
    },
  };
}

function describe(f: Finding): string {
  const r = f.location.kind === 'file' ? f.location.range : undefined;
  return `${f.ruleId} ${r ? `${r.start.line}:${r.start.column}` : ''} [${f.messageId}] ${f.message}`;
}

/** Joins lines, so cases read as a Dockerfile. */
export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}
