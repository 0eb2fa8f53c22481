#!/usr/bin/env node
// Checks SARIF files against the OASIS SARIF 2.1.0 JSON schema (the copy shipped with
// @microsoft/sarif-multitool). The multitool's `validate` says nothing at all about a file it
// cannot deserialize (an unknown `level`, say), so validate-sarif.sh runs this first.
//   node scripts/sarif-schema-check.mjs FILE.sarif [FILE.sarif...]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = ['linux', 'darwin', 'win32']
  .map((os) => join(root, 'node_modules', '@microsoft', `sarif-multitool-${os}`, 'sarif-2.1.0.json'))
  .find((p) => existsSync(p));
if (!schemaPath) {
  console.error('sarif-schema-check: the SARIF schema is missing; run npm install (devDependency @microsoft/sarif-multitool)');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`${file}: error JSON: ${err.message}`);
    failed++;
    continue;
  }
  if (validate(log)) {
    console.log(`${file}: matches the SARIF 2.1.0 schema`);
    continue;
  }
  failed++;
  for (const e of validate.errors ?? []) console.log(`${file}: error SCHEMA ${e.instancePath || '/'}: ${e.message}`);
}
process.exit(failed > 0 ? 1 : 0);
