/**
 * The content probe's shortcuts must change nothing: the literal prefilter of the allow list
 * passes every path a glob allows, and the probe picks the same files and reports the same hits
 * as the plain path filter and `inspectContent` do.
 */
import { describe, expect, it } from 'vitest';
import { inspectContent } from '../../../src/rules/filesystem/content.js';
import { BUILTIN_ALLOW_PATHS, credentialKindOf, pathFilter } from '../../../src/rules/filesystem/paths.js';
import { createContentProbe, literalPrefilter } from '../../../src/rules/filesystem/probe.js';
import type { LayerEntry } from '../../../src/layers/types.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USER_GLOBS = ['/srv/app/static/**', '**/*.min.js', '/opt/**/cache', '**/SECRETS_OK/*', 'relative/path.txt', '/etc/ssl/certs/*.pem', '/x/@scope+pkg/**'];

// Path parts from the globs themselves, in both cases, plus ordinary names.
const PARTS = [
  ...new Set(
    [...BUILTIN_ALLOW_PATHS, ...USER_GLOBS]
      .flatMap((g) => g.split(/[*/?]+/))
      .filter(Boolean)
      .flatMap((p) => [p, p.toUpperCase()]),
  ),
  'app', 'etc', 'usr', 'lib', 'share', 'data', 'src', 'main.py', 'config.yaml', '.env', 'x.md', 'a_test.go', 'TEST', '', '.', '..',
];

function randomPath(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 6);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let p = PARTS[Math.floor(rnd() * PARTS.length)]!;
    if (rnd() < 0.3) p = `${p}${PARTS[Math.floor(rnd() * PARTS.length)]!}`;
    parts.push(p);
  }
  return (rnd() < 0.9 ? '/' : '') + parts.join('/');
}

describe('content probe: allow-list prefilter', () => {
  it('passes every path that the built-in and user globs allow (random paths built from their parts)', () => {
    const rnd = prng(3);
    for (const [globs, builtin] of [[[], true], [USER_GLOBS, true], [USER_GLOBS, false]] as const) {
      const filter = pathFilter(globs, builtin);
      const pre = literalPrefilter([...(builtin ? BUILTIN_ALLOW_PATHS : []), ...globs]);
      let allowed = 0;
      for (let i = 0; i < 20000; i++) {
        const path = randomPath(rnd);
        if (filter.allowed(path)) {
          allowed++;
          expect(pre(path), path).toBe(true);
        }
      }
      expect(allowed).toBeGreaterThan(200);
    }
  });

  it('lets ordinary paths skip the glob regex', () => {
    const pre = literalPrefilter(BUILTIN_ALLOW_PATHS);
    expect(pre('/data/l3/d345/f34523.txt')).toBe(false);
    expect(pre('/app/config/settings.yaml')).toBe(false);
    expect(pre('/usr/share/doc/x')).toBe(true);
    expect(pre('/APP/Node_Modules/x/index.js')).toBe(true);
  });

  it('reads no glob it cannot be sure of: braces, classes, extglobs, negations, escapes', () => {
    for (const glob of ['/a/{b,c}/**', '/a/[bc]/**', '/a/+(b|c)', '!/a/**', '/a/\\*', './a/**', '/a/../b', '*']) {
      expect(literalPrefilter([glob])('/anything/else'), glob).toBe(true);
    }
    expect(literalPrefilter([])('/anything')).toBe(false);
  });
});

describe('content probe: same choices and hits as the plain path filter and inspectContent', () => {
  it('on paths of every kind: allowed, credential files, account files, binaries, text', () => {
    const probe = createContentProbe({ maxBytes: 1 << 20, allowPaths: USER_GLOBS, builtinAllowPaths: true });
    const filter = pathFilter(USER_GLOBS, true);
    const paths = [
      '/etc/shadow', '/etc/passwd', '/app/.env', '/root/.npmrc', '/home/u/.aws/credentials', '/usr/share/doc/a.txt',
      '/srv/app/static/k.txt', '/app/lib/x.so', '/app/main.py', '/app/test/fixture.pem', '/app/id_rsa', '/app/README.md',
    ];
    const bytes = Buffer.from(`password = "${'s3cr3t-Value-'.repeat(2)}"\nroot::19000:0:99999:7:::\nAKIA${'Q7ZX3M5N9P2R4T6V'}\n`);
    for (const path of paths) {
      const entry = { path, type: 'file', size: bytes.length } as LayerEntry;
      const expected = !filter.allowed(path) || path === '/etc/shadow' || path === '/etc/passwd';
      if (!/\.so$/.test(path)) expect(probe.wants(entry), path).toBe(expected);
      if (probe.wants(entry)) expect(probe.inspect(entry, bytes), path).toEqual(inspectContent(path, bytes));
    }
    expect(credentialKindOf('/app/.env')).toBe('env');
  });
});
