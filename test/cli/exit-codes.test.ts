import { describe, expect, it } from 'vitest';
import { CLEAN, lines, runCli, sandbox, TWO_FINDINGS } from './helpers.js';

const ERROR_AND_WARNING = TWO_FINDINGS;
const WARNING_ONLY = lines('FROM debian:12.5', 'RUN curl -fsSL https://example.com/x | tar -xz');
const NOTE_ONLY = lines('FROM debian:12.5', '# plimsoll ignore=NOPE', 'CMD ["true"]');

async function code(files: Record<string, string>, args: string[] = []) {
  const root = sandbox(files);
  return (await runCli(['lint', ...args], { cwd: root })).code;
}

describe('exit codes (DESIGN.md): 0 clean, 1 findings at or above failOn, 2 the tool could not do its job', () => {
  it.each([
    ['nothing found', { Dockerfile: CLEAN }, [], 0],
    ['an error', { Dockerfile: ERROR_AND_WARNING }, [], 1],
    ['a warning, default failOn warning', { Dockerfile: WARNING_ONLY }, [], 1],
    ['a warning, --fail-on error', { Dockerfile: WARNING_ONLY }, ['--fail-on', 'error'], 0],
    ['an error, --fail-on error', { Dockerfile: ERROR_AND_WARNING }, ['--fail-on', 'error'], 1],
    ['a note, default failOn', { Dockerfile: NOTE_ONLY }, [], 0],
    ['a note, --fail-on note', { Dockerfile: NOTE_ONLY }, ['--fail-on', 'note'], 1],
    ['an error, --fail-on none', { Dockerfile: ERROR_AND_WARNING }, ['--fail-on', 'none'], 0],
    ['findings and an input error', { Dockerfile: ERROR_AND_WARNING, 'bad/Dockerfile': '' }, [], 2],
    ['an input error with --fail-on none', { Dockerfile: CLEAN, 'bad/Dockerfile': 'FORM x\n' }, ['--fail-on', 'none'], 2],
    ['only suppressed findings', { Dockerfile: lines('# plimsoll global ignore=DF001,DF041', ERROR_AND_WARNING) }, [], 0],
    ['failOn from the config', { Dockerfile: WARNING_ONLY, '.plimsoll.yaml': 'failOn: error\n' }, [], 0],
    ['--fail-on over the config', { Dockerfile: WARNING_ONLY, '.plimsoll.yaml': 'failOn: error\n' }, ['--fail-on', 'warning'], 1],
    ['a bad config', { Dockerfile: CLEAN, '.plimsoll.yaml': 'nope: 1\n' }, [], 2],
  ] as const)('%s → %d', async (_name, files, args, expected) => {
    expect(await code(files as Record<string, string>, [...args])).toBe(expected);
  });

  it('bad usage is 2; --help and --version are 0', async () => {
    const root = sandbox({});
    expect((await runCli(['lint', '--fail-on'], { cwd: root })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: root })).code).toBe(2);
    expect((await runCli(['--help'], { cwd: root })).code).toBe(0);
    expect((await runCli(['lint', '--help'], { cwd: root })).code).toBe(0);
    expect((await runCli(['--version'], { cwd: root })).code).toBe(0);
  });
});
