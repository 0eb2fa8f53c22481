/**
 * The speed-ups of the Dockerfile reader must not change what it reads: the shell reader's
 * cache of identical scripts (moved to each script's line, and only reused when the variables it
 * expanded have the same values), the direct reading of mvdan-sh's Go objects, and the memo of
 * dockerfile-ast's argument scan.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { clearShellScriptCache, parseShellScript } from '../../src/dockerfile/shell.js';

const SCRIPT = 'apt-get update && apt-get install -y $PKGS é "ü" | tee /log';

describe('the shell reader', () => {
  it('reads the same script at another line with positions at that line, and equal otherwise', () => {
    clearShellScriptCache();
    const a = parseShellScript(SCRIPT, { start: { line: 2, column: 5 }, vars: new Map([['PKGS', 'curl wget']]) });
    const b = parseShellScript(SCRIPT, { start: { line: 40, column: 5 }, vars: new Map([['PKGS', 'curl wget']]) });
    clearShellScriptCache();
    const fresh = parseShellScript(SCRIPT, { start: { line: 40, column: 5 }, vars: new Map([['PKGS', 'curl wget']]) });
    expect(b).toEqual(fresh);
    expect(a.commands.map((c) => c.range.start.line)).toEqual([2, 2, 2]);
    expect(b.commands.map((c) => c.range.start.line)).toEqual([40, 40, 40]);
    expect(b.commands[1].words.map((w) => w.value)).toEqual(['install', '-y', 'curl', 'wget', 'é', 'ü']);
    // Non-ASCII words keep UTF-16 columns: "é" is one column wide.
    expect(b.commands[1].words[5].range.start.column - b.commands[1].words[4].range.start.column).toBe(2);
  });

  it('does not reuse a script read with other values of the variables it expands', () => {
    clearShellScriptCache();
    parseShellScript(SCRIPT, { start: { line: 2, column: 5 }, vars: new Map([['PKGS', 'curl']]) });
    const other = parseShellScript(SCRIPT, { start: { line: 2, column: 5 }, vars: new Map([['PKGS', 'git']]) });
    expect(other.commands[1].args).toContain('git');
    expect(other.commands[1].args).not.toContain('curl');
  });

  it('hands out copies: changing one result never changes the next', () => {
    clearShellScriptCache();
    const a = parseShellScript('echo hi', { start: { line: 1, column: 5 } });
    a.commands[0].args.push('changed');
    a.commands[0].range.start.line = 99;
    const b = parseShellScript('echo hi', { start: { line: 1, column: 5 } });
    expect(b.commands[0].args).toEqual(['hi']);
    expect(b.commands[0].range.start.line).toBe(1);
  });

  it('reads nested scripts, heredocs, subshells and declarations', () => {
    const s = parseShellScript("sh -c 'a | b' && (cd /x && make)\nexport A=1 B", { start: { line: 3, column: 5 } });
    expect(s.commands.map((c) => `${c.program}@${c.range.start.line}:${c.range.start.column}${c.subshell ? ' sub' : ''}`)).toEqual([
      'sh@3:5',
      'a@3:12',
      'b@3:16',
      'cd@3:23 sub',
      'make@3:32 sub',
      'export@4:1',
    ]);
    expect(s.hasPipe).toBe(true);
  });

  it('reports a syntax error at its line', () => {
    clearShellScriptCache();
    const s = parseShellScript("echo 'open", { start: { line: 7, column: 5 } });
    expect(s.error?.line).toBe(7);
    const again = parseShellScript("echo 'open", { start: { line: 9, column: 5 } });
    expect(again.error?.line).toBe(9);
  });
});

describe('the Dockerfile reader', () => {
  it('reads FROM flags and arguments the same when asked twice (dockerfile-ast memo)', () => {
    const text = 'FROM --platform=$BUILDPLATFORM node:20 AS build\nRUN --mount=type=cache,target=/root/.npm npm ci\n';
    const a = parseDockerfile(text, 'Dockerfile');
    const b = parseDockerfile(text, 'Dockerfile');
    expect(a.instructions[0].args.map((w) => w.value)).toEqual(['node:20', 'AS', 'build']);
    expect(a.instructions[0].argsText).toBe('node:20 AS build');
    expect(a.instructions[0].flags.map((f) => f.name)).toEqual(['platform']);
    expect(a.instructions[1].run?.mounts[0]).toMatchObject({ type: 'cache' });
    expect(JSON.stringify(b.instructions)).toBe(JSON.stringify(a.instructions));
  });
});
