/**
 * docs/config.md and docs/plimsoll-config.schema.json stay true: the full example loads, the
 * JSON Schema is the one generated from the validator's schema and accepts the example, and
 * the error example is what plimsoll prints.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlimsollConfig, plimsollConfigJsonSchema } from '../../src/config/index.js';
import { runCli, sandbox } from '../cli/helpers.js';

// ajv is CommonJS; its default export does not type-check as a constructor under NodeNext.
const Ajv = createRequire(import.meta.url)('ajv').default as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
const ROOT = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/config.md'), 'utf8');
const section = (title: string) => doc.slice(doc.indexOf(`## ${title}`), doc.indexOf('\n## ', doc.indexOf(`## ${title}`) + 3));
const firstBlock = (text: string, lang: string) => {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(text);
  if (!m) throw new Error(`no ${lang} block`);
  return m[1];
};

describe('docs/config.md', () => {
  const example = firstBlock(section('A full example'), 'yaml');

  it('the full example is a valid .plimsoll.yaml', () => {
    const layer = parsePlimsollConfig(example, '/repo/.plimsoll.yaml');
    expect(layer.extends).toEqual(['recommended']);
    expect(layer.image?.maxSize).toBe(500_000_000);
    expect(layer.rules.length).toBeGreaterThan(3);
  });

  it('the error example is what plimsoll prints for that file', async () => {
    const expected = firstBlock(section('Errors'), '');
    const root = sandbox({
      Dockerfile: 'FROM debian:12\n',
      '.plimsoll.yaml': [
        'extends: recommended',
        'rules:',
        '  DF041: error',
        '  DF999: error',
        '  workdir-relativ: off',
        '  DF001: warn',
        '  # fine so far',
        'failOn: warnings',
        'image:',
        '  minEfficiency: 0.9',
        '  maxSize: huge',
        '',
      ].join('\n'),
    });
    const r = await runCli(['lint'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(expected);
  });
});

describe('docs/plimsoll-config.schema.json', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, 'docs/plimsoll-config.schema.json'), 'utf8'));

  it('is the schema generated from the validator (run `npx tsx scripts/gen-config-schema.ts` when this fails)', () => {
    expect(committed).toEqual(plimsollConfigJsonSchema());
  });

  it('accepts the documented example and rejects wrong types', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(committed);
    const example = parseYaml(firstBlock(section('A full example'), 'yaml'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ failOn: 'warnings' })).toBe(false);
    expect(validate({ rules: { DF001: 'loud' } })).toBe(false);
    expect(validate({ image: { maxSize: 'huge' } })).toBe(false);
    expect(validate({ bogus: 1 })).toBe(false);
    expect(validate({ 'x-anchor': [1] })).toBe(true);
  });
});
