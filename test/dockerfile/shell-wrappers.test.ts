import { describe, expect, it } from 'vitest';
import { parseShellScript } from '../../src/dockerfile/shell.js';

const programs = (script: string) => parseShellScript(script, { start: { line: 1, column: 1 } }).commands.map((c) => c.program);

describe('shell reader: wrapper commands', () => {
  it('does not take `command -v x` / `command -V x` for running x', () => {
    expect(programs('command -v sudo && command -V apt-get')).toEqual(['command', 'command']);
  });

  it('still sees through `command x`', () => {
    expect(programs('command sudo true')).toEqual(['command', 'sudo', 'true']);
  });
});
