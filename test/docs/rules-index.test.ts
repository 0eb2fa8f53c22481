import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRuleMetas } from '../../src/rules/registry.js';
import { renderRulesIndex } from '../../scripts/rules-docs-index.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = join(ROOT, 'rules-docs');

describe('rules-docs/README.md, the rule list the README links to', () => {
  it('lists every rule as the registry has it (when this fails: npm run build && node scripts/gen-rules-docs-index.mjs)', () => {
    const committed = readFileSync(join(DOCS, 'README.md'), 'utf8');
    expect(committed).toBe(renderRulesIndex(allRuleMetas(), (page) => existsSync(join(DOCS, page))));
  });
});
