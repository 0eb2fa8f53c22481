/**
 * What every command does at the end: render the formats asked for, write them to their
 * outputs, and work out the exit code from errors, findings and gates.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isActive, levelRank, type Finding, type InputError, type Level } from '../rules/finding.js';
import { knownFormats, render } from '../report/index.js';
import type { GateResult, ReportInput } from '../report/types.js';
import { UsageError } from '../rules/finding.js';

export interface OutputOptions {
  formats: string[];
  outputs: string[];
  color: boolean;
  cwd: string;
  stdout: (text: string) => void;
  /** `--quiet`: the table shows only what fails the run (nothing at all when it passes). */
  quiet?: boolean;
}

/** Exit codes of DESIGN.md: 2 the tool could not do its job, 1 findings or a gate, 0 otherwise. */
export function exitCodeFor(errors: readonly InputError[], findings: readonly Finding[], failOn: Level | 'none', gate?: GateResult): number {
  if (errors.length > 0) return 2;
  if (gate && !gate.passed) return 1;
  const threshold = failOn === 'none' ? Infinity : levelRank(failOn);
  if (findings.some((f) => isActive(f) && levelRank(f.level) >= threshold)) return 1;
  return 0;
}

export function validateFormats(formats: string[], outputs: string[]): void {
  const known = knownFormats();
  for (const f of formats) {
    if (!known.includes(f)) throw new UsageError(`unknown --format "${f}"; expected one of ${known.join(', ')}`);
  }
  if (outputs.length > formats.length) {
    throw new UsageError(`${outputs.length} --output but ${formats.length} --format: give one --format for each --output`);
  }
  const toStdout = formats.length - outputs.length;
  if (toStdout > 1) throw new UsageError('only one --format can go to standard output; give the others an --output FILE');
}

/** The table of `--quiet`: failing findings, input errors and failed gate checks only. */
function failuresOnly(input: ReportInput): ReportInput {
  const threshold = input.failOn === 'none' ? Infinity : levelRank(input.failOn);
  return {
    ...input,
    image: undefined,
    diff: undefined,
    findings: input.findings.filter((f) => isActive(f) && levelRank(f.level) >= threshold),
    gate: input.gate ? { ...input.gate, checks: input.gate.checks.filter((c) => !c.passed) } : undefined,
  };
}

export async function writeReports(input: ReportInput, opts: OutputOptions): Promise<void> {
  for (let i = 0; i < opts.formats.length; i++) {
    const format = opts.formats[i];
    const output = opts.outputs[i];
    if (opts.quiet && format === 'table' && input.exitCode === 0) continue;
    const text = render(format, opts.quiet && format === 'table' ? failuresOnly(input) : input, { color: output ? false : opts.color });
    if (output && output !== '-') {
      const path = resolve(opts.cwd, output);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    } else {
      opts.stdout(text);
    }
  }
}
