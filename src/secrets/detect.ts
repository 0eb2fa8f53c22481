/**
 * The detector: known secret formats found in text, and secret values assigned to
 * secret-like names. Pure and synchronous: no I/O, no shared mutable state between calls, so
 * it runs the same in the main thread and in worker threads.
 */
import { VALUE_DETECTORS, detectorById, type ValueDetector } from './detectors.js';
import { KeywordScanner } from './keywords.js';
import { mask } from './mask.js';
import { classifySecretName } from './names.js';
import type { DetectOptions, SecretMatch, SecretSeverity } from './types.js';
import {
  isDocumentationExample,
  isNonSecretValue,
  isPlaceholder,
  isReference,
  isWellKnownDefault,
  shannonEntropy,
} from './values.js';

const DEFAULT_MAX_MATCHES = 200;

/** A match before line and column are known. */
interface Candidate {
  detector: string;
  title: string;
  severity: SecretSeverity;
  start: number;
  end: number;
  priority: number;
  example?: boolean;
  name?: string;
}

/**
 * Finds secrets in a text (a file's contents, an env file, a history line, a RUN word).
 * Matches come in text order, overlapping matches resolved in favour of the more specific
 * detector (a GitHub token inside a URL's password is reported once, as a GitHub token).
 */
export function detectSecretsInText(text: string, opts: DetectOptions = {}): SecretMatch[] {
  if (text.length === 0) return [];
  const hits = keywordHits(text, wantsAssignments(opts));
  return finish(text, findCandidates(text, hits, opts), opts);
}

/**
 * `detectSecretsInText` of the bytes read as latin1 (one character per byte, offsets are byte
 * offsets), without making the string when no keyword occurs: what a file scan wants.
 */
export function detectSecretsInLatin1(bytes: Uint8Array, opts: DetectOptions = {}): SecretMatch[] {
  if (bytes.length === 0) return [];
  const hits = keywordHits(bytes, wantsAssignments(opts));
  if (hits.byDetector.size === 0 && hits.assignment.length === 0) return [];
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return finish(text, findCandidates(text, hits, opts), opts);
}

function wantsAssignments(opts: DetectOptions): boolean {
  return opts.assignments === true && !(opts.disable ?? []).includes('secret-assignment');
}

function findCandidates(text: string, hits: KeywordHits, opts: DetectOptions): Candidate[] {
  const out: Candidate[] = [];
  const disabled = new Set(opts.disable ?? []);
  const limit = (opts.maxMatches ?? DEFAULT_MAX_MATCHES) * 2;
  for (const detector of VALUE_DETECTORS) {
    if (disabled.has(detector.id)) continue;
    const positions = hits.byDetector.get(detector.id);
    if (!positions) continue;
    runDetector(detector, text, positions, out, limit);
  }
  if (wantsAssignments(opts) && hits.assignment.length > 0) findAssignments(text, hits.assignment, out, limit);
  return out;
}

interface KeywordHits {
  byDetector: Map<string, number[]>;
  assignment: number[];
}

const KEYWORD_OWNERS = (() => {
  const owners = new Map<string, string[]>();
  for (const d of VALUE_DETECTORS) {
    for (const k of d.keywords) owners.set(k, [...(owners.get(k) ?? []), d.id]);
  }
  return owners;
})();

/** Cheap prefilter for the assignment scan: some secret-like name token must occur. */
const ASSIGNMENT_KEYWORDS = ['pass', 'pwd', 'psw', 'pword', 'secret', 'token', 'key', 'cred', 'salt', 'cookie', 'auth'];

// Built on first use, once per thread (a worker thread has its own copy of this module). The
// scanner keeps no state between calls.
let scanner: KeywordScanner | undefined;

// Compiled once. Every use resets `lastIndex` and runs to completion synchronously, so sharing
// them between calls is safe.
const DETECTOR_RES = new Map(
  VALUE_DETECTORS.map((d) => [d.id, new RegExp(d.regex.source, d.regex.flags.includes('d') ? d.regex.flags : `${d.regex.flags}d`)]),
);

/**
 * Where the keywords occur: one pass over the text finds every keyword of every detector (and,
 * when asked, of the assignment scan), as a case-insensitive alternation of them would
 * (src/secrets/keywords.ts); regexes then run only on windows around the hits.
 */
function keywordHits(text: string | Uint8Array, assignments: boolean): KeywordHits {
  scanner ??= new KeywordScanner([...KEYWORD_OWNERS.keys()], ASSIGNMENT_KEYWORDS);
  const hits = scanner.hits(text, assignments);
  const byDetector = new Map<string, number[]>();
  for (const { keyword, start } of hits.value) {
    for (const id of KEYWORD_OWNERS.get(keyword) ?? []) {
      const list = byDetector.get(id);
      if (list) list.push(start);
      else byDetector.set(id, [start]);
    }
  }
  // A detector whose literal the text lacks cannot match anywhere (every JWT starts with `eyJ`;
  // lower-case prose is full of `eyj`): its keyword hits are no work to do.
  for (const id of byDetector.keys()) {
    const anchor = ANCHORS.get(id);
    if (anchor && findLiteral(text, anchor, 0) < 0) byDetector.delete(id);
  }
  return { byDetector, assignment: hits.assignment };
}

interface Anchor {
  literal: string;
  from: number;
  to: number;
  /** The literal's character searched for first (an upper-case letter or a symbol: rare in text). */
  pivot: number;
}

const ANCHORS = new Map<string, Anchor>(
  VALUE_DETECTORS.filter((d) => d.anchor).map((d) => {
    const { literal, from, to } = d.anchor!;
    const upper = literal.search(/[A-Z]/);
    const symbol = literal.search(/[^A-Za-z0-9]/);
    return [d.id, { literal, from, to, pivot: upper >= 0 ? upper : Math.max(0, symbol) }];
  }),
);

/**
 * The first occurrence of the anchor's literal at or after `from`, found by its pivot
 * character (one `indexOf` of a character is a memchr; of a string starting with a common
 * letter, much slower).
 */
function findLiteral(text: string | Uint8Array, a: Anchor, from: number): number {
  const { literal, pivot } = a;
  if (typeof text === 'string') {
    const ch = literal[pivot]!;
    for (let p = text.indexOf(ch, from + pivot); p >= 0; p = text.indexOf(ch, p + 1)) {
      if (text.startsWith(literal, p - pivot)) return p - pivot;
    }
    return -1;
  }
  const bytes: Uint8Array = text;
  const code = literal.charCodeAt(pivot);
  search: for (let p = bytes.indexOf(code, from + pivot); p >= 0; p = bytes.indexOf(code, p + 1)) {
    const start = p - pivot;
    if (start + literal.length > bytes.length) return -1;
    for (let j = 0; j < literal.length; j++) if (bytes[start + j] !== literal.charCodeAt(j)) continue search;
    return start;
  }
  return -1;
}

/** Merged `[start, end)` windows around keyword positions. */
function windowsAround(positions: readonly number[], back: number, forward: number, length: number): [number, number][] {
  const out: [number, number][] = [];
  for (const p of positions) {
    const start = Math.max(0, p - back - 1);
    const end = Math.min(length, p + forward);
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * Runs `re` over each window. A match that touches a window edge inside the text could be a
 * cut-off piece of something longer, so it is dropped (windows are sized so that real
 * matches never reach the edge).
 */
function* matchesInWindows(
  re: RegExp,
  text: string,
  windows: readonly [number, number][],
  anchor?: Anchor,
): Generator<{ m: RegExpExecArray; base: number }> {
  for (const [start, end] of windows) {
    const slice = start === 0 && end === text.length ? text : text.slice(start, end);
    re.lastIndex = 0;
    for (let m = next(re, slice, anchor); m !== null; m = next(re, slice, anchor)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (start > 0 && m.index === 0) continue;
      if (end < text.length && m.index + m[0].length === slice.length) continue;
      yield { m, base: start };
    }
  }
}

/**
 * `re.exec(slice)`, started no earlier than a match can start: a match holds the anchor's
 * literal `from`..`to` characters after its start, so none starts before the literal's next
 * occurrence (at or after `lastIndex + from`) minus `to`.
 */
function next(re: RegExp, slice: string, anchor: Anchor | undefined): RegExpExecArray | null {
  if (anchor) {
    const at = findLiteral(slice, anchor, re.lastIndex + anchor.from);
    if (at < 0) return null;
    if (at - anchor.to > re.lastIndex) re.lastIndex = at - anchor.to;
  }
  return re.exec(slice);
}

function runDetector(detector: ValueDetector, text: string, positions: readonly number[], out: Candidate[], limit: number): void {
  const re = DETECTOR_RES.get(detector.id) ?? new RegExp(detector.regex.source, `${detector.regex.flags}d`);
  const windows = windowsAround(positions, detector.back ?? 64, detector.forward ?? 1100, text.length);
  let found = 0;
  for (const { m, base } of matchesInWindows(re, text, windows, ANCHORS.get(detector.id))) {
    const groups = (m.groups ?? {}) as Record<string, string | undefined>;
    const secret = groups.secret ?? m[0];
    const start = base + (groups.secret !== undefined ? (m.indices?.groups?.secret?.[0] ?? m.index) : m.index);
    const example = isDocumentationExample(secret);
    if (!example && detector.validate && !detector.validate(secret, groups, text)) continue;
    const refined = detector.refine?.(secret, groups) ?? {};
    out.push({
      detector: detector.id,
      title: refined.title ?? detector.title,
      severity: refined.severity ?? detector.severity,
      start,
      end: start + secret.length,
      priority: detector.priority,
      example: example || undefined,
      name: groups.name,
    });
    if (++found >= limit) break;
  }
}

/** `NAME=value`, `NAME: value`, `"name": "value"`, `export NAME='value'`, one per line part. */
const ASSIGNMENT_RE =
  /(?<![A-Za-z0-9_.-])(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})["']?[ \t]*(?:=|:(?!\/\/))[ \t]*(?<value>"[^"\n\r]{1,1024}"|'[^'\n\r]{1,1024}'|[^\s"'#,;{}[\]()]{1,1024})/g;

function findAssignments(text: string, positions: readonly number[], out: Candidate[], limit: number): void {
  const re = ASSIGNMENT_RE;
  // The name holds the keyword and is at most ~100 characters; the value at most 1024 more.
  const windows = windowsAround(positions, 110, 1200, text.length);
  let found = 0;
  for (const { m, base } of matchesInWindows(re, text, windows)) {
    const name = m.groups?.name ?? '';
    const rawValue = m.groups?.value ?? '';
    const quoted = /^["']/.test(rawValue);
    const index = base + m.index;
    if (!quoted && isCodeExpression(m[0], rawValue, text.charAt(index + m[0].length))) continue;
    // `"passwd:gecos"`: a colon inside one quoted string, not a key and a value.
    if (/["']/.test(text.charAt(index - 1)) && !/^[^"']*["']\s*[:=]/.test(m[0])) continue;
    // `:param password: Unicode password`: prose after a colon.
    if (!quoted && /^[^=]*:/.test(m[0].slice(name.length)) && /^ +[A-Za-z]/.test(text.slice(index + m[0].length, index + m[0].length + 3))) continue;
    const value = quoted ? rawValue.slice(1, -1) : rawValue;
    const match = assignmentCandidate(name, value);
    if (!match) continue;
    const valueStart = index + m[0].length - rawValue.length + (quoted ? 1 : 0);
    out.push({ ...match, start: valueStart + match.start, end: valueStart + match.end });
    if (++found >= limit) break;
  }
}

/**
 * Source code assigns literals in quotes: `password = get_password()`, `token = self.token`
 * and `key = os.environ["K"]` are expressions, as is any unquoted value after ` = ` with
 * spaces (env files write `NAME=value`). YAML tags and anchors (`!vault`, `*ref`) are not values either.
 */
function isCodeExpression(whole: string, rawValue: string, next: string): boolean {
  if ('([.,;)'.includes(next) && next !== '') return true;
  if (/^(string|number|boolean|any|unknown|object|str|int|bool|bytes|none|null|undefined|void)$/i.test(rawValue)) return true;
  if (/^[!&*|>]/.test(rawValue)) return true;
  if (/[ \t]=[ \t]*[^ \t]*$/.test(whole) && /^[A-Za-z_][\w.]*$/.test(rawValue)) return true;
  return false;
}

/**
 * The value of a secret-like name, judged: offsets are relative to `value`. Known formats in
 * the value win; otherwise the name must be secret-like and the value a real literal.
 */
function assignmentCandidate(name: string, value: string): Candidate | undefined {
  if (value.length === 0) return undefined;
  const cls = classifySecretName(name);
  if (!cls.secretLike) return undefined;
  if (isReference(value)) return undefined;
  const trimmed = value.trim();
  const lead = value.indexOf(trimmed);
  const example = isDocumentationExample(trimmed);
  if (!example) {
    if (isPlaceholder(trimmed) || isNonSecretValue(trimmed) || isWellKnownDefault(trimmed, name)) return undefined;
  }
  const known = cls.detector ? detectorById(cls.detector) : undefined;
  if (known && cls.detector === 'aws-secret-access-key' && !/^[A-Za-z0-9/+=]{40}$/.test(trimmed)) return undefined;
  if (known && cls.detector === 'aws-access-key-id' && !/^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/.test(trimmed)) return undefined;
  if (!example && !known) {
    // Prose is not a secret: `"Unexpected_token_1012": "Unexpected token."` in a message catalogue.
    if (/\s/.test(trimmed) && (cls.kind !== 'password' || /\s\S*\s/.test(trimmed))) return undefined;
    if (!/^[\x21-\x7e ]+$/.test(trimmed)) return undefined;
    // `SyntaxKind.CommaToken`, `settings.SECRET`: member access in code.
    if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(trimmed)) return undefined;
    // `--username=`: a flag, not a value.
    if (trimmed.startsWith('-')) return undefined;
    if (isIdentifierLike(trimmed) && (cls.kind !== 'password' || /password|passwd|secret|token|key/i.test(trimmed) || squash(trimmed) === squash(name))) {
      return undefined;
    }
    if (cls.kind === 'password') {
      if (trimmed.length < 4) return undefined;
    } else if (!(trimmed.length >= 8 && shannonEntropy(trimmed) >= 3.0 && (trimmed.length >= 20 || /[0-9]/.test(trimmed) || /[^A-Za-z0-9]/.test(trimmed)))) {
      return undefined;
    }
  }
  return {
    detector: known?.id ?? 'secret-assignment',
    title: known?.title ?? (cls.kind === 'password' ? 'password' : 'secret'),
    severity: known?.severity ?? 'high',
    start: lead,
    end: lead + trimmed.length,
    priority: known ? 85 : 30,
    example: example || undefined,
    name,
  };
}

/**
 * Words joined by `-`, `_`, `.`, `:` or `/`, letters only (`__vite_ssr_import__`,
 * `Access-Control-Allow-Origin`, `_RSAPrivateKey`): names and identifiers, not generated secrets.
 */
function isIdentifierLike(value: string): boolean {
  const core = value.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (!/^[A-Za-z]+(?:[-_.:/]+[A-Za-z]+)*$/.test(core)) return false;
  // One run of lower-case letters (`mysupersecretjwtsigningphrase`) may well be a chosen secret;
  // several words (`Access-Control-Allow-Origin`, `QuestionToken`) are a name.
  return /[-_.:/]/.test(core) || /[a-z][A-Z]/.test(core);
}

function squash(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Judges one `name = value` pair (an ENV, an ARG default, a LABEL, a compose `environment`
 * entry, an image `Env` item, a `--password=x` flag). Offsets, line and column are relative
 * to `value`. Returns the strongest match: a known format anywhere in the value (whatever the
 * name), else the whole value when the name is secret-like and the value is a real literal
 * (not a placeholder, a `$VAR` reference, a path, a boolean, a number, a version or a
 * well-known default like `postgres`).
 */
export function detectSecretAssignment(name: string, value: string, opts: DetectOptions = {}): SecretMatch | undefined {
  const byValue = detectSecretsInText(value, { ...opts, assignments: false });
  if (byValue.length > 0) {
    return byValue.reduce((best, m) => (severityRank(m.severity) > severityRank(best.severity) ? m : best));
  }
  if ((opts.disable ?? []).includes('secret-assignment')) return undefined;
  const candidate = assignmentCandidate(name, value);
  if (!candidate) return undefined;
  return finish(value, [candidate], opts)[0];
}

function severityRank(s: SecretSeverity): number {
  return s === 'critical' ? 4 : s === 'high' ? 3 : s === 'medium' ? 2 : 1;
}

/** Resolves overlaps, applies the example policy, adds positions and masks. */
function finish(text: string, candidates: Candidate[], opts: DetectOptions): SecretMatch[] {
  if (candidates.length === 0) return [];
  const examples = opts.examples ?? 'report';
  candidates.sort((a, b) => a.start - b.start || b.priority - a.priority || b.end - b.start - (a.end - a.start));
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const clash = kept.findIndex((k) => c.start < k.end && k.start < c.end);
    if (clash < 0) {
      kept.push(c);
    } else if (c.priority > kept[clash].priority) {
      kept[clash] = c;
    }
  }
  kept.sort((a, b) => a.start - b.start);
  const lines = new LineIndex(text);
  const out: SecretMatch[] = [];
  const max = opts.maxMatches ?? DEFAULT_MAX_MATCHES;
  for (const c of kept) {
    if (c.example && examples === 'skip') continue;
    const secret = text.slice(c.start, c.end);
    const startPos = lines.position(c.start);
    const endPos = lines.position(c.end);
    const match: SecretMatch = {
      detector: c.detector,
      title: c.example ? `${c.title} (documentation example)` : c.title,
      severity: c.example ? 'low' : c.severity,
      start: c.start,
      end: c.end,
      line: startPos.line,
      column: startPos.column,
      endLine: endPos.line,
      endColumn: endPos.column,
      masked: mask(secret),
      length: secret.length,
    };
    if (c.example) match.example = true;
    if (c.name) match.name = c.name;
    out.push(match);
    if (out.length >= max) break;
  }
  return out;
}

/** Offsets to 1-based lines and columns, built once per text and only when there are matches. */
class LineIndex {
  private starts?: number[];

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** SARIF security-severity for a detector severity (trivy's mapping). */
export function securitySeverityOf(severity: SecretSeverity): number {
  return severity === 'critical' ? 9.5 : severity === 'high' ? 8.0 : severity === 'medium' ? 5.5 : 2.0;
}
