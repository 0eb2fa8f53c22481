/**
 * Every compose file of the shared corpus (docker/awesome-compose, jessfraz/dockerfiles) goes
 * through the real lint path: no crash and no internal error. The findings per rule are printed
 * so that a false-positive flood shows at a glance; set PLIMSOLL_CORPUS_SAMPLES=N to also print
 * up to N findings of each rule.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../../src/commands/lint.js';
import { allRuleMetas } from '../../src/rules/registry.js';
import { shared } from '../helpers/shared.js';

const CORPUS = process.env.PLIMSOLL_COMPOSE_CORPUS ?? shared('corpus', 'compose');
const present = existsSync(CORPUS);
if (!present) console.warn(`${CORPUS} is missing: the compose corpus test is skipped (set PLIMSOLL_COMPOSE_CORPUS to a folder of compose files)`);
const samples = Number(process.env.PLIMSOLL_CORPUS_SAMPLES ?? 0);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!present)('the compose corpus', () => {
  it('lints every compose file with no crash and no internal error', async () => {
    const files = filesUnder(CORPUS).map((f) => relative(CORPUS, f));
    expect(files.length).toBeGreaterThan(0);
    const { report } = await runLint({
      paths: [],
      compose: files,
      cwd: CORPUS,
      exclude: [],
      env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent' },
      readStdin: async () => Buffer.alloc(0),
    });
    expect(report.targets.slice(0, files.length)).toEqual(files);

    const internal = report.errors.filter((e) => /internal error/.test(e.message));
    expect(internal.map((e) => `${e.source}: ${e.message}`)).toEqual([]);

    const compose = report.findings.filter((f) => f.ruleId.startsWith('CO'));
    const inputErrors = report.errors.map((e) => `  ${e.source}${e.line ? `:${e.line}:${e.column ?? ''}` : ''}: ${e.message.split('\n')[0]}`);
    console.log(`${files.length} compose files, ${compose.length} compose findings, ${report.errors.length} input errors${inputErrors.length ? `:\n${inputErrors.join('\n')}` : ''}`);

    const byRule = new Map<string, { findings: number; files: Set<string>; samples: string[] }>();
    for (const f of compose) {
      const row = byRule.get(f.ruleId) ?? { findings: 0, files: new Set<string>(), samples: [] };
      row.findings++;
      if (f.location.kind === 'file') {
        row.files.add(f.location.file);
        if (row.samples.length < samples) row.samples.push(`      ${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column} ${f.message}`);
      }
      byRule.set(f.ruleId, row);
    }
    const names = new Map(allRuleMetas().map((m) => [m.id, `${m.name} (${m.defaultLevel})`]));
    const rows = [...byRule.entries()].sort((a, b) => b[1].findings - a[1].findings);
    const table = rows.map(([id, r]) =>
      [
        `  ${id.padEnd(6)} ${(names.get(id) ?? '').padEnd(40)} ${String(r.findings).padStart(5)} ${String(r.files.size).padStart(5)} ${((100 * r.files.size) / files.length).toFixed(0).padStart(4)}%`,
        ...r.samples,
      ].join('\n'),
    );
    console.log(`findings per rule (rule, findings, files, share of files):\n${table.join('\n')}`);
    const silent = allRuleMetas().filter((m) => m.family === 'CO' && !byRule.has(m.id)).map((m) => `${m.id}${m.defaultLevel === 'off' ? ' (off)' : ''}`);
    console.log(`compose rules with no finding in the corpus: ${silent.join(' ') || 'none'}`);
  });
});
