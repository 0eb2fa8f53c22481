/**
 * Every Dockerfile of the shared corpus (docker-library images, jessfraz/dockerfiles,
 * awesome-compose...) goes through the real lint path: no crash and no internal error. Input
 * errors (unknown instructions in templates) are allowed and listed. The findings per rule are
 * printed so that a false-positive flood shows at a glance.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/commands/lint.js';
import { allRuleMetas } from '../../src/rules/registry.js';
import { shared } from '../helpers/shared.js';

const CORPUS = process.env.PLIMSOLL_CORPUS ?? shared('corpus', 'dockerfiles');
const present = existsSync(CORPUS);
if (!present) console.warn(`${CORPUS} is missing: the corpus test is skipped (set PLIMSOLL_CORPUS to a folder of Dockerfiles)`);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!present)('the Dockerfile corpus', () => {
  it('lints every file with no crash and no internal error', async () => {
    const files = filesUnder(CORPUS).map((f) => relative(CORPUS, f));
    const { report } = await runLint({
      paths: files,
      cwd: CORPUS,
      exclude: [],
      // Reproducible: no config from the machine's home folder.
      env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent' },
      readStdin: async () => Buffer.alloc(0),
    });
    expect(report.targets).toHaveLength(files.length);

    const internal = report.errors.filter((e) => /internal error/.test(e.message));
    expect(internal.map((e) => `${e.source}: ${e.message}`)).toEqual([]);

    // Input errors are allowed (templates are not Dockerfiles); listed one line per file.
    const bySource = new Map<string, string[]>();
    for (const e of report.errors) bySource.set(e.source, [...(bySource.get(e.source) ?? []), `${e.line ? `${e.line}: ` : ''}${e.message.split('\n')[0]}`]);
    const inputErrors = [...bySource].map(([source, msgs]) => `  ${source}: ${msgs[0]}${msgs.length > 1 ? ` (+${msgs.length - 1} more)` : ''}`);
    console.log(`${files.length} files, ${report.findings.length} findings, input errors in ${bySource.size} files${inputErrors.length ? `:\n${inputErrors.join('\n')}` : ''}`);

    const byRule = new Map<string, { findings: number; files: Set<string> }>();
    for (const f of report.findings) {
      const row = byRule.get(f.ruleId) ?? { findings: 0, files: new Set<string>() };
      row.findings++;
      if (f.location.kind === 'file') row.files.add(f.location.file);
      byRule.set(f.ruleId, row);
    }
    const names = new Map(allRuleMetas().map((m) => [m.id, `${m.name} (${m.defaultLevel})`]));
    const rows = [...byRule.entries()].sort((a, b) => b[1].findings - a[1].findings);
    const table = rows.map(
      ([id, r]) => `  ${id.padEnd(6)} ${(names.get(id) ?? '').padEnd(44)} ${String(r.findings).padStart(6)} ${String(r.files.size).padStart(6)} ${((100 * r.files.size) / files.length).toFixed(0).padStart(4)}%`,
    );
    console.log(`findings per rule (rule, findings, files, share of files):\n${table.join('\n')}`);
    const silent = allRuleMetas().filter((m) => m.family === 'DF' && !byRule.has(m.id)).map((m) => m.id);
    console.log(`rules with no finding in the corpus: ${silent.join(' ') || 'none'}`);
  });
});
