#!/usr/bin/env node
// Writes rules-docs/README.md from the built registry (run `npm run build` first).
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderRulesIndex } from './rules-docs-index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const registry = join(root, 'dist', 'src', 'rules', 'registry.js');
if (!existsSync(registry)) {
  console.error(`${registry} is missing: run npm run build first`);
  process.exit(2);
}
const { allRuleMetas } = await import(pathToFileURL(registry).href);
const docs = join(root, 'rules-docs');
const text = renderRulesIndex(allRuleMetas(), (page) => existsSync(join(docs, page)));
writeFileSync(join(docs, 'README.md'), text);
console.log(`wrote rules-docs/README.md (${allRuleMetas().length} rules)`);
