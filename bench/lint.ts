/**
 * `npm run bench:lint [-- DIR] [--runs N] [--by-rule]`: lints a corpus of Dockerfiles (default
 * /work/shared/corpus/dockerfiles, or $PLIMSOLL_CORPUS) and compares with the `dockerfilelint`
 * package on the same files, two ways:
 *   - in this process, one thread each (runLint with --jobs 1, and dockerfilelint's run()),
 *     warm: one warm-up run each, then the median of N alternating runs (default 5);
 *   - as commands, the way CI runs them: `node dist/src/cli.js lint FILES -f json` (default
 *     --jobs: worker threads on a machine with 4+ cores) and `dockerfilelint FILES -j`, cold
 *     start every run, median of N alternating runs.
 * `--by-rule` also times reading the files into the model and each rule on its own.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runLint } from '../src/commands/lint.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { clearShellScriptCache } from '../src/dockerfile/shell.js';
import { presetView } from '../src/rules/config-view.js';
import { lintDockerfileModel } from '../src/rules/dockerfile/run.js';
import { dockerfileRules } from '../src/rules/registry.js';

interface Figures {
  tool: string;
  files: number;
  findings: number;
  rules: number;
  times: number[];
  note?: string;
}

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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One tool's work over the corpus: run() does it once and returns its figures. */
interface Contender {
  tool: string;
  rules: number;
  run: () => Promise<{ files: number; findings: number; note?: string }>;
}

async function plimsollContender(dir: string, files: string[]): Promise<Contender> {
  const paths = files.map((f) => relative(dir, f));
  return {
    tool: 'plimsoll',
    rules: dockerfileRules.length,
    run: async () => {
      const { report } = await runLint({
        paths,
        cwd: dir,
        exclude: [],
        jobs: 1,
        env: { HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent' },
        readStdin: async () => Buffer.alloc(0),
      });
      return {
        files: report.targets.length,
        findings: report.findings.filter((f) => !f.suppressed).length,
        note: `${report.errors.length} input errors`,
      };
    },
  };
}

interface DockerfilelintItem {
  rule: string;
}

function dockerfilelintContender(dir: string, files: string[]): Contender | string {
  const require = createRequire(import.meta.url);
  let lib: { run: (configPath: string, content: string) => DockerfilelintItem[] };
  try {
    lib = require('dockerfilelint');
  } catch (err) {
    return `dockerfilelint is not installed (${(err as Error).message.split('\n')[0]}); npm install -D dockerfilelint to compare`;
  }
  let rules = 0;
  try {
    rules = Object.keys(require('dockerfilelint/lib/reference.js') as Record<string, unknown>).length;
  } catch {
    // the count is only informative
  }
  // The same work as ours: read each file from disk, lint it. Its config search is pointed at
  // the corpus folder (no .dockerfilelintrc there), so its default rules run.
  return {
    tool: 'dockerfilelint',
    rules,
    run: async () => {
      let findings = 0;
      let failed = 0;
      for (const f of files) {
        try {
          findings += lib.run(dir, await readFile(f, 'utf8')).length;
        } catch {
          failed++;
        }
      }
      return { files: files.length, findings, note: `${failed} files it threw on` };
    },
  };
}

/**
 * One warm-up each (module loading, JIT), then the runs alternate between the tools, so a
 * machine busy with other work slows both alike.
 */
async function race(contenders: Contender[], runs: number): Promise<Figures[]> {
  const figures: Figures[] = [];
  for (const c of contenders) {
    const r = await c.run();
    figures.push({ tool: c.tool, rules: c.rules, files: r.files, findings: r.findings, note: r.note, times: [] });
  }
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of contenders.entries()) {
      const t0 = performance.now();
      await c.run();
      figures[k].times.push(performance.now() - t0);
    }
  }
  return figures;
}

function row(f: Figures): string {
  const ms = median(f.times);
  const cols = [
    f.tool.padEnd(15),
    String(f.files).padStart(6),
    String(f.rules).padStart(6),
    String(f.findings).padStart(9),
    ms.toFixed(0).padStart(8),
    ((f.files / ms) * 1000).toFixed(0).padStart(9),
    `${Math.min(...f.times).toFixed(0)}-${Math.max(...f.times).toFixed(0)}`.padStart(11),
  ];
  return `${cols.join(' ')}  ${f.note ?? ''}`;
}

/** The same work as a command: a fresh process each run, output thrown away. */
function commandContender(tool: string, rules: number, cwd: string, argv: string[]): Contender {
  return {
    tool,
    rules,
    run: () =>
      new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, argv, { cwd, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, HOME: '/nonexistent', NO_COLOR: '1' } });
        child.on('error', reject);
        child.on('exit', (code) => resolvePromise({ files: 0, findings: 0, note: `exit ${code}` }));
      }),
  };
}

/** Where the time goes: the model, then each rule alone (every rule forced on). */
async function byRule(files: string[]): Promise<void> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const parseAll = () => {
    clearShellScriptCache();
    return texts.map((t, i) => parseDockerfile(t, files[i]));
  };
  parseAll();
  const t0 = performance.now();
  const models = parseAll();
  const parseMs = performance.now() - t0;
  const view = presetView({ levels: Object.fromEntries(dockerfileRules.map((r) => [r.meta.id, 'warning'])) });
  const times: [string, number, number][] = [];
  for (const rule of dockerfileRules) {
    for (const df of models) lintDockerfileModel(df, [rule], view, { dockerignore: true });
    const t1 = performance.now();
    let findings = 0;
    for (const df of models) findings += lintDockerfileModel(df, [rule], view, { dockerignore: true }).findings.length;
    times.push([`${rule.meta.id} ${rule.meta.name}`, performance.now() - t1, findings]);
  }
  times.sort((a, b) => b[1] - a[1]);
  const total = times.reduce((a, t) => a + t[1], 0);
  console.log(`\nreading ${files.length} files into the model: ${parseMs.toFixed(0)} ms; all ${times.length} rules alone: ${total.toFixed(0)} ms; the slowest:`);
  for (const [name, ms, n] of times.slice(0, 15)) console.log(`  ${name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms ${String(n).padStart(6)} findings`);
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--runs');
  const dir = resolve(positional[0] ?? process.env.PLIMSOLL_CORPUS ?? '/work/shared/corpus/dockerfiles');
  const runs = Number(argValue('--runs') ?? 5);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch {
    console.error(`bench:lint: ${dir} is not a folder of Dockerfiles; pass one or set PLIMSOLL_CORPUS`);
    process.exitCode = 2;
    return;
  }
  const files = filesUnder(dir);
  console.log(`corpus: ${dir} (${files.length} files); ${runs} runs each after one warm-up, alternating; node ${process.version}, ${availableParallelism()} CPUs`);
  console.log('in this process, one thread each:');
  const contenders: Contender[] = [await plimsollContender(dir, files)];
  const theirs = dockerfilelintContender(dir, files);
  if (typeof theirs !== 'string') contenders.push(theirs);
  const figures = await race(contenders, runs);
  console.log(`${'tool'.padEnd(15)} ${'files'.padStart(6)} ${'rules'.padStart(6)} ${'findings'.padStart(9)} ${'wall ms'.padStart(8)} ${'files/s'.padStart(9)} ${'min-max ms'.padStart(11)}`);
  for (const f of figures) console.log(row(f));
  if (typeof theirs === 'string') console.log(theirs);
  else {
    const ratio = median(figures[1].times) / median(figures[0].times);
    console.log(`plimsoll is ${ratio >= 1 ? `${ratio.toFixed(2)}x as fast as` : `${(1 / ratio).toFixed(2)}x slower than`} dockerfilelint (median wall time)`);
  }

  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
  const dflBin = (() => {
    try {
      return createRequire(import.meta.url).resolve('dockerfilelint/bin/dockerfilelint');
    } catch {
      return undefined;
    }
  })();
  const paths = files.map((f) => relative(dir, f));
  const commands = [commandContender('plimsoll', contenders[0].rules, dir, [cli, 'lint', ...paths, '-f', 'json'])];
  if (dflBin && typeof theirs !== 'string') commands.push(commandContender('dockerfilelint', theirs.rules, dir, [dflBin, ...paths, '-j']));
  const cold = await race(commands, runs);
  console.log(`\nas commands, cold start each run (plimsoll with its default --jobs):`);
  console.log(`${'tool'.padEnd(15)} ${'files'.padStart(6)} ${'rules'.padStart(6)} ${''.padStart(9)} ${'wall ms'.padStart(8)} ${'files/s'.padStart(9)} ${'min-max ms'.padStart(11)}`);
  for (const f of cold) console.log(row({ ...f, files: files.length, findings: Number.NaN, note: '' }).replace(/ NaN /, '     ').replace('  NaN', '     '));
  if (cold.length === 2) {
    const ratio = median(cold[1].times) / median(cold[0].times);
    console.log(`plimsoll is ${ratio >= 1 ? `${ratio.toFixed(2)}x as fast as` : `${(1 / ratio).toFixed(2)}x slower than`} dockerfilelint (median wall time, commands)`);
  }
  if (process.argv.includes('--by-rule')) await byRule(files);
}

await main();
