import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownFormats } from '../../src/report/index.js';
import { runCli, sandbox, TWO_FINDINGS } from './helpers.js';

describe('formats and outputs', () => {
  // Loops over whatever renderers are registered, so new formats are covered as they land.
  for (const format of knownFormats()) {
    it(`-f ${format} to standard output names the file and the rules`, async () => {
      const root = sandbox({ Dockerfile: TWO_FINDINGS });
      const r = await runCli(['lint', '-f', format], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Dockerfile');
      expect(r.stdout).toContain('DF001');
      expect(r.stderr).toBe('');
    });

    it(`-f ${format} -o FILE writes the file and nothing to standard output`, async () => {
      const root = sandbox({ Dockerfile: TWO_FINDINGS });
      const r = await runCli(['lint', '-f', format, '-o', `out/report.${format}`], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const written = readFileSync(join(root, 'out', `report.${format}`), 'utf8');
      const alone = await runCli(['lint', '-f', format], { cwd: root });
      expect(written).toBe(alone.stdout);
    });
  }

  it('several formats at once: each --output pairs with the --format at its position', async () => {
    const formats = knownFormats().filter((f) => f !== 'table');
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const args = ['lint', ...formats.flatMap((f) => ['-f', f]), ...formats.flatMap((f) => ['-o', `a.${f}`])];
    const r = await runCli(args, { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const f of formats) expect(existsSync(join(root, `a.${f}`))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'a.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('-f json -o a.json with the table on standard output', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json', '-f', 'table', '-o', 'a.json'], { cwd: root });
    expect(r.stdout).toContain('DF001 workdir-relative');
    expect(JSON.parse(readFileSync(join(root, 'a.json'), 'utf8')).exitCode).toBe(1);
  });

  it.skipIf(!knownFormats().includes('sarif'))('the --help example: -f sarif -o FILE -f table writes SARIF to the file and the table to standard output', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'sarif', '-o', 'plimsoll.sarif', '-f', 'table'], { cwd: root });
    expect(r.stdout).toContain('DF001 workdir-relative');
    expect(JSON.parse(readFileSync(join(root, 'plimsoll.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('two formats to standard output is a usage error', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json', '-f', 'table'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only one --format can go to standard output/);
  });

  it('an unknown format is a usage error that lists the known ones', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'xml'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown --format "xml"');
    for (const f of knownFormats()) expect(r.stderr).toContain(f);
  });

  it('more outputs than formats is a usage error', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json', '-o', 'a.json', '-o', 'b.json'], { cwd: root });
    expect(r.code).toBe(2);
  });

  it('input errors go to standard error when the table is not on standard output', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    const r = await runCli(['lint', 'Dockerfile', 'missing/Dockerfile', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plimsoll: missing/Dockerfile: no such file or directory');
    const table = await runCli(['lint', 'Dockerfile', 'missing/Dockerfile'], { cwd: root });
    expect(table.stdout).toContain('missing/Dockerfile: no such file or directory');
    expect(table.stderr).toBe('');
  });

  it('no colour when not on a terminal, with NO_COLOR, or with --no-color', async () => {
    const root = sandbox({ Dockerfile: TWO_FINDINGS });
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[/;
    expect((await runCli(['lint'], { cwd: root })).stdout).not.toMatch(ansi);
    expect((await runCli(['lint'], { cwd: root, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
    expect((await runCli(['--no-color', 'lint'], { cwd: root, tty: true })).stdout).not.toMatch(ansi);
    expect((await runCli(['lint'], { cwd: root, tty: true })).stdout).toMatch(ansi);
  });
});
