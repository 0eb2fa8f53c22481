/**
 * Runs the CLI in-process through `main`, in a temporary folder built from a map of files.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli.js';
import { allRuleMetas } from '../../src/rules/registry.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  tty?: boolean;
  /**
   * `plimsoll lint` runs only these rules (the others are turned off with --ignore), so that
   * tests about the command stay true as colleagues add rules. `all` runs every rule.
   */
  rules?: string[] | 'all';
}

/** The rules these tests lean on: stable, and each with a known level. */
export const TEST_RULES = ['DF001', 'DF041', 'DF049'];

/** HOME and XDG point into the sandbox, so a developer's own ~/.plimsoll.yaml never leaks in. */
export async function runCli(argv: string[], opts: RunOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  if (argv[0] === 'lint' && opts.rules !== 'all') {
    const keep = new Set(opts.rules ?? TEST_RULES);
    const others = allRuleMetas()
      .map((m) => m.id)
      .filter((id) => !keep.has(id));
    if (others.length > 0) argv = [...argv, '--ignore', others.join(',')];
  }
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => (opts.stdin === undefined ? Buffer.alloc(0) : Buffer.from(opts.stdin)),
    cwd: opts.cwd,
    env: { HOME: join(opts.cwd, '.home-none'), XDG_CONFIG_HOME: join(opts.cwd, '.xdg-none'), ...opts.env },
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
  });
  return { code, stdout, stderr };
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) {
    try {
      chmodTree(r);
      rmSync(r, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

function chmodTree(root: string): void {
  try {
    chmodSync(root, 0o755);
  } catch {
    // ignore
  }
}

/** A fresh folder with the files given (path → content); it is a git repository root. */
export function sandbox(files: Record<string, string | Buffer>, opts: { git?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'plimsoll-test-'));
  roots.push(root);
  if (opts.git !== false) mkdirSync(join(root, '.git'));
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}

/** A Dockerfile with one DF001 error (line 2) and one DF041 warning (line 3). */
export const TWO_FINDINGS = lines('FROM debian:12.5', 'WORKDIR app', 'RUN curl -fsSL https://example.com/x | tar -xz');

/** A Dockerfile with nothing for DF001/DF041 to say. */
export const CLEAN = lines('FROM debian:12.5', 'WORKDIR /app', 'CMD ["true"]');

/** The parsed JSON report. */
export function json(r: CliResult): {
  findings: { ruleId: string; level: string; location: { file: string; range: { start: { line: number; column: number } } }; suppressed?: { kind: string; justification?: string } }[];
  errors: { source: string; message: string; line?: number; column?: number }[];
  [k: string]: unknown;
} {
  return JSON.parse(r.stdout);
}

/** Only the findings of these rules (other rules land all the time; tests stay about theirs). */
export function ofRules<T extends { ruleId: string }>(findings: T[], ...ids: string[]): T[] {
  return findings.filter((f) => ids.includes(f.ruleId));
}
