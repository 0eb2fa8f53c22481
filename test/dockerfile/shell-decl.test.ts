import { describe, expect, it } from 'vitest';
import { parseShellScript } from '../../src/dockerfile/shell.js';

const at = { line: 1, column: 1 };
const read = (script: string) => parseShellScript(script, { start: at }).commands.map((c) => [c.program, ...c.args].join(' '));

describe('shell reader: declaration builtins', () => {
  it('lists export, declare, local, readonly and typeset as commands with NAME=value words', () => {
    expect(read('export PIP_NO_CACHE_DIR=1 B="x y" C && pip install x')).toEqual(['export PIP_NO_CACHE_DIR=1 B=x y C', 'pip install x']);
    expect(read('declare -x D=2; readonly E; local -r F=3; typeset G+=4')).toEqual(['declare -x D=2', 'readonly E', 'local -r F=3', 'typeset G+=4']);
  });

  it('keeps the positions of the words and marks expansions as not literal', () => {
    const [cmd] = parseShellScript('export A=$B C=1', { start: { line: 3, column: 5 } }).commands;
    expect(cmd.nameRange).toEqual({ start: { line: 3, column: 5 }, end: { line: 3, column: 11 } });
    expect(cmd.words.map((w) => [w.value, w.literal, w.range.start.column])).toEqual([['A=$B', false, 12], ['C=1', true, 17]]);
  });
});
