/**
 * Permission errors, in-process. Tests often run as root, where chmod 000 does not stop a read,
 * so the file system answers EACCES for paths under a `locked` folder here. (The built binary
 * is also run as an unprivileged user in binary.test.ts, where that user exists.)
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const denied = (path: unknown) => {
    if (String(path).includes('/locked')) {
      const err = new Error(`EACCES: permission denied, open '${String(path)}'`) as NodeJS.ErrnoException;
      err.code = 'EACCES';
      throw err;
    }
  };
  return {
    ...real,
    readFile: (async (path: unknown, ...rest: unknown[]) => {
      denied(path);
      return (real.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof real.readFile,
    readdir: (async (path: unknown, ...rest: unknown[]) => {
      denied(path);
      return (real.readdir as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof real.readdir,
  };
});

const { json, runCli, sandbox, TWO_FINDINGS } = await import('./helpers.js');

describe('unreadable inputs', () => {
  it('an unreadable file: named, exit 2, the other file still linted', async () => {
    const root = sandbox({ 'good/Dockerfile': TWO_FINDINGS, 'locked/Dockerfile': TWO_FINDINGS });
    const r = await runCli(['lint', 'good/Dockerfile', 'locked/Dockerfile', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    const report = json(r);
    expect(report.errors).toEqual([{ source: 'locked/Dockerfile', message: 'cannot be read: permission denied (EACCES)' }]);
    expect(report.findings.some((f) => f.location.file === 'good/Dockerfile')).toBe(true);
    expect(r.stderr).toBe('plimsoll: locked/Dockerfile: cannot be read: permission denied (EACCES)\n');
  });

  it('an unreadable folder while searching', async () => {
    const root = sandbox({ 'good/Dockerfile': TWO_FINDINGS, 'locked/Dockerfile': TWO_FINDINGS });
    const r = await runCli(['lint', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(2);
    const report = json(r);
    expect(report.errors).toEqual([{ source: 'locked', message: 'cannot be read: permission denied (EACCES)' }]);
    expect(report.targets).toEqual(['good/Dockerfile']);
  });
});
