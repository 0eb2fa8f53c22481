import { describe, expect, it } from 'vitest';
import { parseDotEnv } from '../../src/compose/dotenv.js';
import { hasVariables, interpolate } from '../../src/compose/interpolate.js';

const vars = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
  ['TAG', '1.2'],
]);

describe('interpolate', () => {
  const cases: [string, string, boolean][] = [
    ['plain', 'plain', false],
    ['$SET', 'value', false],
    ['${SET}', 'value', false],
    ['a-${SET}-b', 'a-value-b', false],
    ['${UNSET}', '', true],
    ['$UNSET', '', true],
    ['${UNSET:-dflt}', 'dflt', false],
    ['${UNSET-dflt}', 'dflt', false],
    ['${EMPTY:-dflt}', 'dflt', false],
    ['${EMPTY-dflt}', '', false],
    ['${SET:-dflt}', 'value', false],
    ['${UNSET:-${TAG}}', '1.2', false],
    ['${UNSET:-${ALSO_UNSET}}', '', true],
    ['${UNSET:-${ALSO_UNSET:-x}}', 'x', false],
    ['${UNSET:?must be set}', '', true],
    ['${SET:?must be set}', 'value', false],
    ['${SET:+alt}', 'alt', false],
    ['${EMPTY:+alt}', '', false],
    ['${EMPTY+alt}', 'alt', false],
    ['${UNSET:+alt}', '', true],
    ['$$SET', '$SET', false],
    ['$${SET}', '${SET}', false],
    ['cost: $5', 'cost: $5', false],
    ['trailing $', 'trailing $', false],
    ['nginx:${TAG}', 'nginx:1.2', false],
  ];
  for (const [text, value, unresolved] of cases) {
    it(`${text} -> "${value}"${unresolved ? ' (unresolved)' : ''}`, () => {
      const r = interpolate(text, vars);
      expect(r.value).toBe(value);
      expect(r.unresolved).toBe(unresolved);
      expect(r.error).toBeUndefined();
    });
  }

  it('records where each piece came from', () => {
    const r = interpolate('${REG:-docker.io}/app:${TAG}', vars);
    expect(r.parts.map((p) => [p.text, p.ref?.name, p.ref?.source])).toEqual([
      ['docker.io', 'REG', 'default'],
      ['/app:', undefined, undefined],
      ['1.2', 'TAG', 'env-file'],
    ]);
  });

  it('reports a malformed reference', () => {
    expect(interpolate('${NOT CLOSED', vars).error).toMatch(/no closing/);
    expect(interpolate('${1BAD}', vars).error).toMatch(/invalid interpolation/);
  });

  it('hasVariables ignores the $$ escape', () => {
    expect(hasVariables('$$HOME')).toBe(false);
    expect(hasVariables('a $HOME')).toBe(true);
    expect(hasVariables('${X:-1}')).toBe(true);
    expect(hasVariables('$5')).toBe(false);
  });
});

describe('parseDotEnv', () => {
  it('reads the forms Compose reads', () => {
    const { vars: v, errors } = parseDotEnv(
      [
        '# a comment',
        '',
        'A=1',
        'export B=two',
        'C="quoted # not a comment"',
        "D='single $A'",
        'E=unquoted # a comment',
        'F="line1',
        'line2"',
        'G=${A}-x',
        'H="esc\\"aped\\n"',
        'ONLY_NAME',
        'I: colon',
      ].join('\n'),
      '.env',
    );
    expect(errors).toEqual([]);
    expect(Object.fromEntries(v)).toEqual({
      A: '1',
      B: 'two',
      C: 'quoted # not a comment',
      D: 'single $A',
      E: 'unquoted',
      F: 'line1\nline2',
      G: '1-x',
      H: 'esc"aped\n',
      I: 'colon',
    });
  });

  it('names the line of a bad entry', () => {
    const { errors } = parseDotEnv('A=1\nnot an assignment\n', 'app/.env');
    expect(errors).toEqual([{ source: 'app/.env', line: 2, column: 1, message: expect.stringContaining('expected KEY=VALUE') }]);
  });
});
