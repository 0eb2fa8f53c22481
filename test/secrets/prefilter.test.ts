/**
 * The keyword prefilter (src/secrets/keywords.ts) must find exactly what the case-insensitive
 * regex alternation it replaced found, and the detector must return exactly what the previous
 * detector (test/secrets/reference-detect.ts, the regex prefilter) returned: same matches,
 * positions, masks and order, on hostile generated text and on real files.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALUE_DETECTORS } from '../../src/secrets/detectors.js';
import { detectSecretsInLatin1, detectSecretsInText, type DetectOptions } from '../../src/secrets/index.js';
import { KeywordScanner } from '../../src/secrets/keywords.js';
import { fake, randomString } from './fake.js';
import { detectSecretsInText as reference } from './reference-detect.js';
import { shared } from '../helpers/shared.js';

const VALUE_KEYWORDS = [...new Set(VALUE_DETECTORS.flatMap((d) => d.keywords))];
const ASSIGNMENT_KEYWORDS = ['pass', 'pwd', 'psw', 'pword', 'secret', 'token', 'key', 'cred', 'salt', 'cookie', 'auth'];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the detector did before: one alternation, longest keywords first, `exec` in a loop. */
function regexHits(text: string, assignments: boolean) {
  const re = new RegExp([...VALUE_KEYWORDS].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'gi');
  const value: Array<{ keyword: string; start: number }> = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) value.push({ keyword: m[0].toLowerCase(), start: m.index });
  const assignment: number[] = [];
  if (assignments) {
    const are = new RegExp(ASSIGNMENT_KEYWORDS.map(escapeRe).join('|'), 'gi');
    for (let m = are.exec(text); m !== null; m = are.exec(text)) assignment.push(m.index);
  }
  return { value, assignment };
}

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

// Characters that matter: keyword letters in both cases, keyword symbols, characters whose
// case mappings reach ASCII (Kelvin sign, long s, dotless i, dotted capital I), characters
// whose low byte is a keyword character (U+0161, U+0E5F), astral characters (surrogate pairs).
const PIECES = [
  ...'abcdeghiknoprstuvwxyzAEIKPSXYZ_-.:"~/ 1=\n\t',
  '\u212a', '\u017f', '\u0131', '\u0130', '\u0161', '\u0e5f', '\u{1F600}', '\u00e9', '\u00ff',
  ...VALUE_KEYWORDS, ...ASSIGNMENT_KEYWORDS,
  ...VALUE_KEYWORDS.map((k) => k.toUpperCase()),
  // Keywords spelled with characters that some case mapping turns into their letters.
  ...[...VALUE_KEYWORDS, ...ASSIGNMENT_KEYWORDS].flatMap((k) => [k.replace(/k/g, '\u212a'), k.replace(/s/g, '\u017f'), k.replace(/i/g, '\u0131'), k.toUpperCase().replace(/I/g, '\u0130')]),
  'sk-ant-', 'xoxeyj', 'akiasia', 'passecret', 'glpat-glpat-', 'q~q~', 'Q~', '"AUTH"', 'hooks.slack.com', 'eyJ',
  // Around the literals some detectors start from: URL passwords, keys, JSON credentials.
  'https://', 'a+b.c-d://', 'x://', 'user:', 'pa55w0rdXy@', '@db.internal', ':8080@', '-----BEGIN ', '-----END ',
  '"private_key": "', '"type": "service_account"', 'AccountKey=', '"auth": "', 'dXNlcjpwYXNzd29yZA==', '"',
];

const MAKERS = Object.values(fake).filter((f): f is () => string => f.length === 0);

function hostileText(rnd: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    const r = rnd();
    if (r < 0.02) s += MAKERS[Math.floor(rnd() * MAKERS.length)]!();
    else if (r < 0.06) s += randomString(1 + Math.floor(rnd() * 40));
    else s += PIECES[Math.floor(rnd() * PIECES.length)]!;
  }
  return s;
}

const OPTIONS: DetectOptions[] = [{}, { assignments: true }, { assignments: true, examples: 'skip', maxMatches: 5 }, { disable: ['jwt', 'url-password'] }];

function sameAsReference(text: string): void {
  for (const opts of OPTIONS) {
    const got = detectSecretsInText(text, opts);
    expect(got).toEqual(reference(text, opts));
  }
  const scanner = new KeywordScanner(VALUE_KEYWORDS, ASSIGNMENT_KEYWORDS);
  for (const assignments of [false, true]) expect(scanner.hits(text, assignments)).toEqual(regexHits(text, assignments));
}

describe('keyword prefilter: the same hits as the regex alternation', () => {
  it('on hostile generated text: keywords in every case, overlapping, hidden by longer ones, next to look-alike characters', () => {
    const rnd = prng(7);
    for (let i = 0; i < 300; i++) sameAsReference(hostileText(rnd, 1 + Math.floor(rnd() * 3000)));
  });

  it('across the 64 KiB blocks of the scan: keywords straddling every block edge', () => {
    const rnd = prng(11);
    for (const keyword of [...VALUE_KEYWORDS, ...ASSIGNMENT_KEYWORDS]) {
      for (let shift = 0; shift <= keyword.length; shift++) {
        const pad = 65536 - shift;
        const text = 'x'.repeat(pad) + keyword.toUpperCase() + hostileText(rnd, 50);
        const scanner = new KeywordScanner(VALUE_KEYWORDS, ASSIGNMENT_KEYWORDS);
        expect(scanner.hits(text, true)).toEqual(regexHits(text, true));
      }
    }
    const long = hostileText(rnd, 300_000);
    sameAsReference(long);
  });

  it('detectors started at their literal (URL passwords, JWTs, keys, JSON credentials) find what a full scan finds', () => {
    const rnd = prng(17);
    const scheme = () => randomString(1, 'abcdefghijklmnopqrstuvwxyz') + randomString(Math.floor(rnd() * 32), 'abcdefghijklmnopqrstuvwxyz0123456789+.-');
    const makers = [
      () => `${scheme()}://${randomString(Math.floor(rnd() * 8))}:${randomString(4 + Math.floor(rnd() * 16))}@${randomString(6)}.internal`,
      () => `postgres://app:${randomString(12)}@db`,
      () => fake.jwt(),
      () => fake.pem(),
      () => `{"type": "service_account", "private_key": "${fake.pem('PRIVATE KEY').replace(/\n/g, '\\n')}"}`,
      () => `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${randomString(86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`,
      () => `{"auths": {"r.io": {"auth": "${Buffer.from(`user:${randomString(12)}`).toString('base64')}"}}}`,
    ];
    let found = 0;
    for (let i = 0; i < 300; i++) {
      let text = '';
      while (text.length < 3000) text += rnd() < 0.3 ? makers[Math.floor(rnd() * makers.length)]!() : hostileText(rnd, 1 + Math.floor(rnd() * 200));
      sameAsReference(text);
      found += detectSecretsInText(text).length;
    }
    expect(found).toBeGreaterThan(300);
  });

  it('keywords at the very start and end of the text, and texts shorter than a keyword', () => {
    for (const k of [...VALUE_KEYWORDS, ...ASSIGNMENT_KEYWORDS]) {
      for (const text of [k, k.toUpperCase(), `${k}x`, `x${k}`, k.slice(0, -1), k.slice(1)]) {
        expect(new KeywordScanner(VALUE_KEYWORDS, ASSIGNMENT_KEYWORDS).hits(text, true)).toEqual(regexHits(text, true));
      }
    }
  });

  it('bytes read as latin1 give the hits and matches of their latin1 string', () => {
    const rnd = prng(13);
    for (let i = 0; i < 100; i++) {
      const bytes = Buffer.from(hostileText(rnd, 1 + Math.floor(rnd() * 4000)), 'utf8');
      const text = bytes.toString('latin1');
      const scanner = new KeywordScanner(VALUE_KEYWORDS, ASSIGNMENT_KEYWORDS);
      expect(scanner.hits(bytes, true)).toEqual(regexHits(text, true));
      for (const opts of OPTIONS) expect(detectSecretsInLatin1(bytes, opts)).toEqual(reference(text, opts));
    }
  });
});

/** Text files under `dirs`, up to `budget` bytes, skipping binaries (a NUL byte). */
function textFiles(dirs: string[], budget: number): Array<{ path: string; bytes: Buffer }> {
  const out: Array<{ path: string; bytes: Buffer }> = [];
  let total = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (total >= budget) return;
      const path = join(dir, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && st.size > 0 && st.size <= 1 << 20) {
        const bytes = readFileSync(path);
        if (bytes.subarray(0, 8000).includes(0)) continue;
        out.push({ path, bytes });
        total += bytes.length;
      }
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

describe('detector: the same matches as before on real files', () => {
  const root = join(import.meta.dirname, '..', '..');
  const dirs = [join(root, 'test'), join(root, 'fixtures'), join(root, 'docs'), join(root, 'src'), shared('corpus'), '/usr/share/doc', '/etc'].filter(existsSync);
  const files = textFiles(dirs, 40e6);

  it(`on ${dirs.length} folders of text (repository, corpus, /usr/share/doc, /etc), read as latin1 and as UTF-8`, () => {
    let matches = 0;
    for (const { path, bytes } of files) {
      const latin1 = bytes.toString('latin1');
      for (const opts of OPTIONS.slice(0, 2)) {
        const got = detectSecretsInText(latin1, opts);
        expect(got, path).toEqual(reference(latin1, opts));
        expect(detectSecretsInLatin1(bytes, opts), path).toEqual(got);
        matches += got.length;
      }
      const utf8 = bytes.toString('utf8');
      if (utf8 !== latin1) expect(detectSecretsInText(utf8, { assignments: true }), path).toEqual(reference(utf8, { assignments: true }));
    }
    expect(files.length).toBeGreaterThan(100);
    expect(matches).toBeGreaterThan(0);
  });
});
