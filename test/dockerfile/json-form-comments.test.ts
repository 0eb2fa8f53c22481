import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse.js';

describe('Dockerfile model: exec form over continued lines', () => {
  it('reads a JSON array with a comment line inside it, as Docker does', () => {
    const df = parseDockerfile('FROM debian:12\nENTRYPOINT [\\\n  "tini",\\\n  # run the app under tini\n  "--"\\\n]\n', 'Dockerfile');
    const entrypoint = df.instructions[1];
    expect(entrypoint.json?.map((w) => w.value)).toEqual(['tini', '--']);
  });

  it('still reads a RUN with a comment line as exec form', () => {
    const df = parseDockerfile('FROM debian:12\nRUN ["echo", \\\n# say it\n  "hi"]\n', 'Dockerfile');
    expect(df.instructions[1].run?.form).toBe('exec');
    expect(df.instructions[1].run?.script?.commands.map((c) => [c.program, ...c.args].join(' '))).toEqual(['echo hi']);
  });
});
