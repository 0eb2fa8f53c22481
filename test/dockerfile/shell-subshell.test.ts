import { describe, expect, it } from 'vitest';
import { parseShellScript } from '../../src/dockerfile/shell.js';

const at = { line: 1, column: 1 };
const marks = (script: string) =>
  parseShellScript(script, { start: at }).commands.map((c) => `${c.program}${c.subshell ? ' (subshell)' : ''}`);

describe('shell reader: commands in subshells', () => {
  it('marks commands inside ( ... ), $( ... ), backticks and <( ... )', () => {
    expect(marks('(cd /src && make) && cd /y')).toEqual(['cd (subshell)', 'make (subshell)', 'cd']);
    expect(marks('x=$(cd /a && pwd); echo `cd /b; ls`')).toEqual(['cd (subshell)', 'pwd (subshell)', 'echo', 'cd (subshell)', 'ls (subshell)']);
    expect(marks('diff <(sort a) b')).toEqual(['diff', 'sort (subshell)']);
  });

  it('does not mark commands in { ...; } groups, loops or functions', () => {
    expect(marks('{ cd /a; make; }; for d in a; do cd $d; done')).toEqual(['cd', 'make', 'cd']);
  });

  it('keeps the mark on commands unwrapped from sudo', () => {
    expect(marks('(sudo cd /x)')).toEqual(['sudo (subshell)', 'cd (subshell)']);
  });
});
