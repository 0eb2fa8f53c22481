#!/usr/bin/env -S npx tsx
// Writes docs/plimsoll-config.schema.json from the schema .plimsoll.yaml is validated with
// (src/config/plimsoll-file.ts). test/config/schema.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plimsollConfigJsonSchema } from '../src/config/plimsoll-file.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'plimsoll-config.schema.json');
writeFileSync(out, `${JSON.stringify(plimsollConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
