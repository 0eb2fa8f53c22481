/**
 * What the content probe finds in one file's bytes: private keys, credentials in credential
 * files known by name, secrets in other text files, and accounts with no password in
 * /etc/shadow and /etc/passwd. Secrets are judged by the one detector (src/secrets); this
 * module only decides which text to give it and how to read credential file formats (INI,
 * YAML, TOML, JSON, .env, .netrc, .pgpass). Pure and synchronous; hits are plain data and
 * carry masked values only.
 */
import { detectSecretAssignment, detectSecretsInLatin1, detectSecretsInText, looksRandom, mask, shannonEntropy, type SecretMatch } from '../../secrets/index.js';
import { ACCOUNT_FILES, credentialKindOf, type CredentialKind } from './paths.js';

export type ContentHitCode = 'private-key' | 'credential' | 'secret' | 'empty-password';

export interface ContentHit {
  code: ContentHitCode;
  /** 1-based line of the hit in the file. */
  line?: number;
  data: {
    /** Detector id (`private-key`, `aws-access-key-id`, `secret-assignment`...) or `empty-password`. */
    detector: string;
    title: string;
    severity: string;
    /** The masked value (`AKIA…(20 chars)`); never the value. */
    masked: string;
    example: boolean;
    /** The variable, key or account the value belongs to, when known. */
    name: string | null;
    /** For `credential`: the kind of credential file. */
    kind: string | null;
  };
}

/** Hits per file, at most: one generated file must not flood a report. */
export const MAX_HITS_PER_FILE = 20;
/** Bytes looked at to tell binary files from text (git's heuristic: a NUL byte). */
const BINARY_SNIFF = 8000;

/** Extensions of configuration files in which `name = value` assignments are judged too. */
const CONFIG_EXTENSIONS = /\.(properties|ini|cfg|cnf|conf|toml|ya?ml|env)$/i;

export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_SNIFF).includes(0);
}

/**
 * Everything the probe reports about one file (`bytes` is the whole file, or its first part).
 * `kind` is the path's credential kind (null: none) when the caller already knows it.
 */
export function inspectContent(path: string, bytes: Buffer, kind: CredentialKind | null = credentialKindOf(path) ?? null): ContentHit[] {
  if (ACCOUNT_FILES.has(path)) return accountHits(bytes.toString('latin1'));
  if (bytes.length === 0 || isBinary(bytes)) return [];
  // latin1: one character per byte, so offsets are byte offsets; secrets are ASCII anyway.
  if (kind) return credentialHits(kind, bytes.toString('latin1'));
  const hits: ContentHit[] = [];
  // Most files hold no detector keyword: the detector then never makes their text.
  for (const m of detectSecretsInLatin1(bytes, { assignments: CONFIG_EXTENSIONS.test(path), maxMatches: MAX_HITS_PER_FILE })) {
    // System configuration is full of keys named like secrets (`passwd: files` in
    // nsswitch.conf): outside credential files an assigned value must look generated.
    if (m.detector === 'secret-assignment' && !looksGenerated(bytes.toString('latin1', m.start, m.end))) continue;
    hits.push(hitOf(m.detector === 'private-key' ? 'private-key' : 'secret', m, m.line, null));
  }
  return hits;
}

/** At least 8 characters with a digit or a symbol, or long and varied: not a word like `files`. */
export function looksGenerated(value: string): boolean {
  if (value.length >= 8 && /[0-9]/.test(value) && /[A-Za-z]/.test(value)) return true;
  if (value.length >= 8 && /[^A-Za-z0-9]/.test(value) && shannonEntropy(value) >= 2.5) return true;
  return looksRandom(value, 16, 3.5);
}

function hitOf(code: ContentHitCode, m: SecretMatch, line: number, kind: CredentialKind | null, name?: string): ContentHit {
  return {
    code,
    line,
    data: {
      detector: m.detector,
      title: m.title,
      severity: m.severity,
      masked: m.masked,
      example: m.example === true,
      name: name ?? m.name ?? null,
      kind,
    },
  };
}

/** `key = value`, `key: value`, `"key": "value",`, `export KEY=value`, `:rubygems_api_key: value`. */
const PAIR = /^\s*(?:export\s+)?["']?:?([A-Za-z_][\w.@-]*)["']?\s*(?:=|:(?!\/\/))\s*(.*?)\s*,?\s*$/;

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/**
 * A credential file: the values of its keys (each judged with the key's name), plus known token
 * formats anywhere in it. Only real credentials count: a `.npmrc` that reads its token from
 * `${NPM_TOKEN}` or a `.env` full of placeholders has nothing to report.
 */
export function credentialHits(kind: CredentialKind, text: string): ContentHit[] {
  const out: ContentHit[] = [];
  const seen = new Set<string>();
  const add = (m: SecretMatch | undefined, line: number, name?: string) => {
    if (!m || out.length >= MAX_HITS_PER_FILE) return;
    const key = `${line}\u0000${m.masked}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(hitOf('credential', m, line, kind, name));
  };
  for (const m of detectSecretsInText(text, { maxMatches: MAX_HITS_PER_FILE })) add(m, m.line);
  const lines = text.split('\n');
  if (kind === 'vault-token') {
    const token = text.trim();
    if (token && !/\s/.test(token)) add(detectSecretAssignment('VAULT_TOKEN', token), 1, 'VAULT_TOKEN');
    return out;
  }
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*[#;]/.test(line)) return;
    if (kind === 'netrc') {
      for (const m of line.matchAll(/(?:^|\s)(password|passwd|account)\s+(\S+)/g)) add(detectSecretAssignment('password', m[2]), i + 1, 'password');
      return;
    }
    if (kind === 'pgpass') {
      // host:port:database:user:password, `\:` escapes a colon.
      const fields = line.split(/(?<!\\):/);
      if (fields.length === 5 && fields[4]) add(detectSecretAssignment('PGPASSWORD', fields[4].replace(/\\(.)/g, '$1')), i + 1, fields[3] || 'password');
      return;
    }
    const pair = PAIR.exec(line);
    if (!pair) return;
    const name = pair[1];
    const value = unquote(pair[2]);
    if (!value || value.startsWith('{') || value.startsWith('[')) return;
    if (kind === 'kubeconfig' && /^client-key-data$/i.test(name)) {
      const decoded = Buffer.from(value, 'base64').toString('latin1');
      const key = detectSecretsInText(decoded).find((m) => m.detector === 'private-key');
      if (key) add({ ...key, title: `${key.title} (client-key-data)`, masked: mask(value), length: value.length }, i + 1, name);
      return;
    }
    add(detectSecretAssignment(name, value), i + 1, name);
  });
  return out;
}

/** Accounts whose password field is empty: anyone can log in as them with no password. */
function accountHits(text: string): ContentHit[] {
  const out: ContentHit[] = [];
  text.split('\n').forEach((line, i) => {
    const fields = line.replace(/\r$/, '').split(':');
    if (fields.length < 7) return;
    const [user, password] = fields;
    if (!user || password !== '') return;
    if (out.length >= MAX_HITS_PER_FILE) return;
    out.push({
      code: 'empty-password',
      line: i + 1,
      data: { detector: 'empty-password', title: 'empty password', severity: 'high', masked: '', example: false, name: user, kind: null },
    });
  });
  return out;
}
