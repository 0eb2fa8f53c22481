import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { renderJson, summarize } from '../../src/report/json.js';
import { cleanInput, makeFixture } from './fixture.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'plimsoll-report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function check(json: unknown): void {
  const ok = validate(json);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe('JSON report', () => {
  it('matches docs/plimsoll-report.schema.json with every kind of finding and error', () => {
    const { input } = makeFixture();
    const json = JSON.parse(renderJson(input));
    check(json);
    expect(json.schemaVersion).toBe('1.0');
    expect(json.findings).toHaveLength(input.findings.length);
    expect(json.errors).toHaveLength(3);
    expect(json.findings[0]).toMatchObject({ ruleId: 'DF001', name: 'workdir-relative', level: 'error', fix: 'WORKDIR /app', baselineState: 'new' });
    expect(json.findings[0].helpUri).toBe('https://github.com/plimsoll-dev/plimsoll/blob/main/rules-docs/DF001-workdir-relative.md');
    expect(json.findings[7].location.source.range.start).toEqual({ line: 3, column: 1 });
  });

  it('matches the schema for a clean run', () => {
    const { root } = makeFixture();
    check(JSON.parse(renderJson(cleanInput(root))));
  });

  it('counts by level apart from suppressed ones, and by baseline state when a baseline is used', () => {
    const { input } = makeFixture();
    const s = JSON.parse(renderJson(input)).summary;
    expect(s).toEqual({ total: 8, error: 2, warning: 3, note: 1, suppressed: 2, active: 5, new: 5, unchanged: 1 });
    expect(summarize(input.findings)).toEqual({ total: 8, error: 2, warning: 3, note: 1, suppressed: 2, active: 5 });
  });

  it('rejects output that breaks the schema (the test can fail)', () => {
    const { input } = makeFixture();
    const json = JSON.parse(renderJson(input));
    json.findings[0].level = 'fatal';
    json.surprise = true;
    expect(validate(json)).toBe(false);
    expect(validate.errors!.map((e: { instancePath: string }) => e.instancePath)).toEqual(expect.arrayContaining(['/findings/0/level', '']));
  });

  it('matches the schema for real output of plimsoll lint, suppressions and errors included', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'plimsoll-json-')));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\n# plimsoll ignore=DF001 -- on purpose\nWORKDIR app\nRUN curl -fsSL https://example.com/x | sh\n');
    writeFileSync(join(dir, 'Broken.Dockerfile'), Buffer.from([0xff, 0xfe, 0x00, 0x46, 0x00]));
    let out = '';
    const code = await main(['lint', '.', '-f', 'json'], {
      stdout: (t) => (out += t),
      stderr: () => {},
      readStdin: async () => Buffer.alloc(0),
      cwd: dir,
      env: { HOME: dir },
      stdoutIsTTY: false,
      stderrIsTTY: false,
    });
    const json = JSON.parse(out);
    check(json);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.some((f: { suppressed?: unknown }) => f.suppressed)).toBe(true);
    expect(json.errors).toEqual([expect.objectContaining({ source: 'Broken.Dockerfile' })]);
    expect(json.exitCode).toBe(2);
    expect(code).toBe(2);
  });
});
