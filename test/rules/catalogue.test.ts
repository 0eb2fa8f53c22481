/**
 * Every rule meets the project's bar: a file, a docs page with the five sections, a test file
 * beside the others, sound metadata. New rules are held to it automatically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLevelSetting } from '../../src/rules/finding.js';
import { allRuleMetas } from '../../src/rules/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS: Record<string, string> = { DF: 'dockerfile', CO: 'compose', IM: 'image', FS: 'filesystem', SZ: 'size' };
const SECTIONS = ['## What it checks', '## Why', '## Bad', '## Good', '## Suppress'];

describe('rule catalogue', () => {
  const metas = allRuleMetas();

  it('has at least 60 Dockerfile rules', () => {
    expect(metas.filter((m) => m.family === 'DF').length).toBeGreaterThanOrEqual(60);
  });

  it('has unique ids and names, and no alias that is another rule id or name', () => {
    const ids = metas.map((m) => m.id);
    const names = metas.map((m) => m.name);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
    const own = new Set([...ids, ...names].map((k) => k.toLowerCase()));
    for (const m of metas) for (const a of m.aliases) expect(own.has(a.toLowerCase()), `${m.id} alias ${a}`).toBe(false);
  });

  for (const m of metas) {
    describe(`${m.id} ${m.name}`, () => {
      it('has sound metadata', () => {
        expect(m.id).toMatch(/^(DF|CO|IM|FS|SZ)\d{3}$/);
        expect(m.id.slice(0, 2)).toBe(m.family);
        expect(m.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(m.shortDescription.length).toBeGreaterThan(0);
        expect(m.shortDescription.length).toBeLessThanOrEqual(1024);
        expect(m.fullDescription.length).toBeGreaterThan(m.shortDescription.length / 2);
        expect(m.fullDescription.length).toBeLessThanOrEqual(1024);
        expect(isLevelSetting(m.defaultLevel)).toBe(true);
        if (m.strictLevel !== undefined) expect(isLevelSetting(m.strictLevel)).toBe(true);
        expect(Object.keys(m.messages).length).toBeGreaterThan(0);
        expect(m.tags.length).toBeLessThanOrEqual(20);
        if (m.tags.includes('security')) {
          expect(m.securitySeverity, 'security rules need a security-severity').toBeDefined();
          expect(m.securitySeverity!).toBeGreaterThanOrEqual(0.1);
          expect(m.securitySeverity!).toBeLessThanOrEqual(10);
        }
        for (const [key, spec] of Object.entries(m.options ?? {})) {
          expect(spec.description, `option ${key}`).toBeTruthy();
        }
      });

      it('has its source file, its test file and a docs page with the five sections', () => {
        const base = `${m.id}-${m.name}`;
        const folder = FOLDERS[m.family];
        expect(existsSync(join(ROOT, 'src/rules', folder, `${base}.ts`)), 'source file').toBe(true);
        expect(existsSync(join(ROOT, 'test/rules', folder, `${base}.test.ts`)), `test/rules/${folder}/${base}.test.ts`).toBe(true);
        const page = join(ROOT, 'rules-docs', `${base}.md`);
        expect(existsSync(page), `rules-docs/${base}.md`).toBe(true);
        const text = readFileSync(page, 'utf8');
        expect(text.startsWith(`# ${m.id} ${m.name}`)).toBe(true);
        for (const s of SECTIONS) expect(text, `${base}.md section "${s}"`).toContain(s);
        for (const alias of m.aliases.filter((a) => /^DL\d{4}$/.test(a))) expect(text, `${base}.md names ${alias}`).toContain(alias);
      });
    });
  }
});
