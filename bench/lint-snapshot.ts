/**
 * The differential check for speed work on `plimsoll lint`: everything the linter gives for a
 * set of inputs, written one JSON line per item, so that two builds (before and after a change)
 * can be compared with `diff` or `--compare`.
 *
 *   node dist/bench/lint-snapshot.js [DIR] [--texts FILE.json] --out before.jsonl
 *   node dist/bench/lint-snapshot.js [DIR] [--texts FILE.json] --compare before.jsonl
 *
 * DIR (default /work/shared/corpus/dockerfiles or $PLIMSOLL_CORPUS) is linted twice: through
 * `runLint` as the command does (config discovery, .dockerignore facts, sorting, every field of
 * every finding and error), and file by file through the model. `--texts` adds a JSON array of
 * Dockerfile texts (for instance the ones the test suite parses). For each file or text:
 *   - a hash of the whole model (every instruction, word, range, flag, variable, command...);
 *   - the findings with the recommended preset, and with every rule on (the strict level, or
 *     warning for opt-in rules), without a .dockerignore: rule id, level, message id, message,
 *     range, fingerprint, suppression, fix and facts, plus input and internal errors.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runLint } from '../src/commands/lint.js';
import { capErrors } from '../src/commands/lint-dockerfile.js';
import type { Dockerfile } from '../src/dockerfile/model.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { clearShellScriptCache } from '../src/dockerfile/shell.js';
import { presetView } from '../src/rules/config-view.js';
import { lintDockerfileModel } from '../src/rules/dockerfile/run.js';
import { dockerfileRules } from '../src/rules/registry.js';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') out.push(...filesUnder(p));
    } else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * Canonical JSON of a model: keys sorted, Maps as entry lists, and the two back references
 * (a trigger's ONBUILD, a stage's FROM) as the range they point at, so that lazily computed
 * or shared parts compare by value.
 */
function canonical(value: unknown, key = ''): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (key === 'onbuild' || key === 'from') {
    const v = value as { range?: unknown };
    if (v.range) return { ref: v.range };
  }
  if (value instanceof Map) return { map: [...value.entries()].map(([k, v]) => [k, canonical(v)]) };
  if (value instanceof Set) return { set: [...value].map((v) => canonical(v)) };
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = canonical(v, k);
  }
  return out;
}

export function modelHash(df: Dockerfile): string {
  return createHash('sha256').update(JSON.stringify(canonical(df))).digest('hex').slice(0, 16);
}

const allOn = presetView({
  levels: Object.fromEntries(
    dockerfileRules.map((r) => {
      const level = r.meta.strictLevel ?? r.meta.defaultLevel;
      return [r.meta.id, level === 'off' ? 'warning' : level];
    }),
  ),
});
const recommended = presetView();

function snapshotText(name: string, text: string, out: string[]): void {
  let df: Dockerfile;
  try {
    df = parseDockerfile(text, name);
  } catch (err) {
    out.push(JSON.stringify({ input: name, threw: String((err as Error)?.message ?? err) }));
    return;
  }
  out.push(JSON.stringify({ input: name, model: modelHash(df), errors: capErrors(df.errors) }));
  for (const [preset, view, facts] of [
    ['recommended', recommended, { dockerignore: true }],
    ['all', allOn, { dockerignore: false }],
  ] as const) {
    const result = lintDockerfileModel(df, dockerfileRules, view, facts);
    for (const f of result.findings) out.push(JSON.stringify({ input: name, preset, finding: canonical(f) }));
    for (const e of result.internalErrors) out.push(JSON.stringify({ input: name, preset, internalError: e.message.split('\n')[0] }));
  }
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const dir = resolve(positional[0] ?? process.env.PLIMSOLL_CORPUS ?? '/work/shared/corpus/dockerfiles');
  const textsFile = argValue('--texts');
  const outFile = argValue('--out');
  const compareFile = argValue('--compare');
  const out: string[] = [];

  const files = filesUnder(dir);
  clearShellScriptCache();
  const { report } = await runLint({
    paths: files.map((f) => relative(dir, f)),
    cwd: dir,
    exclude: [],
    jobs: 1,
    env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent' },
    readStdin: async () => Buffer.alloc(0),
  });
  out.push(JSON.stringify({ command: 'lint', targets: report.targets, exitCode: report.exitCode, failOn: report.failOn }));
  for (const f of report.findings) out.push(JSON.stringify({ command: 'lint', finding: canonical(f) }));
  for (const e of report.errors) out.push(JSON.stringify({ command: 'lint', error: e }));

  for (const f of files) snapshotText(relative(dir, f), readFileSync(f, 'utf8'), out);
  if (textsFile) {
    const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
    texts.forEach((t, i) => snapshotText(`text-${i}`, t, out));
  }

  const text = `${out.join('\n')}\n`;
  const inputs = files.length + (textsFile ? (JSON.parse(readFileSync(textsFile, 'utf8')) as unknown[]).length : 0);
  console.log(`${inputs} inputs, ${out.length} lines, ${report.findings.length} findings from runLint`);
  if (outFile) writeFileSync(outFile, text);
  if (compareFile) {
    const before = readFileSync(compareFile, 'utf8').split('\n');
    const after = text.split('\n');
    let shown = 0;
    for (let i = 0; i < Math.max(before.length, after.length) && shown < 20; i++) {
      if (before[i] !== after[i]) {
        console.log(`line ${i + 1}:\n- ${before[i]?.slice(0, 400)}\n+ ${after[i]?.slice(0, 400)}`);
        shown++;
      }
    }
    console.log(shown === 0 ? `identical to ${compareFile}` : `DIFFERENT from ${compareFile}`);
    if (shown > 0) process.exitCode = 1;
  }
}

await main();
