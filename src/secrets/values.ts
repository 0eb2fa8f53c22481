/**
 * Judging a candidate value: is it a placeholder, a reference to a secret kept elsewhere, a
 * documentation example, or something that is plainly not a secret (a boolean, a path)?
 * These checks are what keeps the detector from flooding reports.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = value.length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A value that refers to a secret kept elsewhere instead of holding one: `$VAR`, `${VAR}`,
 * `$(cat /run/secrets/x)`, backticks, `{{ .Token }}`, `%(password)s`, `%s`, `#{token}`.
 */
export function isReference(value: string): boolean {
  return (
    /\$[{(A-Za-z_]/.test(value) ||
    value.includes('`') ||
    /\{\{.*\}\}/.test(value) ||
    /%\([A-Za-z_]+\)[sd]|%[sd]\b/.test(value) ||
    /#\{[^}]*\}/.test(value) ||
    /^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)
  );
}

/** Whole values that only stand in for a secret. Compared lower-case, with `-`/`_`/spaces removed. */
const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'change', 'changethis', 'changemeplease', 'pleasechangeme', 'replaceme',
  'replace', 'replacethis', 'todo', 'tbd', 'fixme', 'dummy', 'dummysecret', 'dummytoken', 'dummypassword',
  'placeholder', 'example', 'sample', 'test', 'testing', 'fake', 'mock', 'none', 'null', 'nil', 'undefined',
  'empty', 'blank', 'unset', 'notset', 'default', 'secret', 'secrets', 'password', 'passwd', 'pass', 'pwd',
  'token', 'apikey', 'key', 'mysecret', 'mypassword', 'yourpassword', 'yourtoken', 'yoursecret', 'yourkey',
  'yourapikey', 'xxx', 'redacted', 'hidden', 'masked', 'omitted', 'removed', 'secretkey', 'insecure',
  'notasecret', 'nosecret', 'disabled', 'unused', 'skip', 'ignore', 'ignored', 'precompile',
  'assetsprecompile', 'buildtime', 'build', 'foo', 'bar', 'foobar', 'baz', 'abc', 'abc123', 'qwerty',
  '123456', '12345678', '1234', 'letmein', 'admin', 'root', 'guest', 'user', 'postgres', 'mysql', 'oracle',
  'sa', 'demo', 'local', 'dev', 'development', 'password123', 'passw0rd', 'p@ssw0rd', 'p4ssw0rd', 'secret123',
  'supersecret', 'topsecret', 'private', 'na', 'n/a', 'tba', 'required', 'optional', 'your', 'here',
]);

/** Parts that mark a value as a stand-in wherever they occur. */
const PLACEHOLDER_PARTS = [
  'changeme', 'change_me', 'change-me', 'replace_me', 'replace-me', 'replaceme', 'your_', 'your-', 'yourown',
  '_here', '-here', 'placeholder', 'dummy', 'redacted', 'example', 'sample', 'insert_', 'insert-', 'fixme',
  'todo_', 'not_a_real', 'not-a-real', 'notreal', 'fake_', 'fake-', '<', '>', '...', '***', '•••', 'xxxx',
  'xxxxxx', 'put_your', 'put-your', 'enter_your', 'enter-your', 'secret_goes', 'token_goes',
];

/**
 * True for values that only stand in for a secret: `changeme`, `<token>`, `xxx`, `your-token-here`,
 * `example`, empty, all one character (`aaaaaaaa`, `00000000`), a long ascending run
 * (`1234567890`, `abcdefghij`). Documentation examples in upper case (`...EXAMPLE`) are not
 * placeholders: see `isDocumentationExample`.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(.)\1*$/s.test(v)) return true;
  const squashed = v.toLowerCase().replace(/[-_\s]/g, '');
  if (PLACEHOLDER_WORDS.has(squashed)) return true;
  const lower = v.toLowerCase();
  // `EXAMPLE` in upper case is the AWS documentation style, reported as an example instead.
  const lowerNoExample = v.includes('EXAMPLE') ? lower.replace(/example/g, '') : lower;
  if (PLACEHOLDER_PARTS.some((p) => lowerNoExample.includes(p))) return true;
  if (/^\[[^\]]*\]$|^\([^)]*\)$/.test(v)) return true;
  if (longestSequentialRun(v) >= Math.max(8, Math.ceil(v.length * 0.6))) return true;
  // Mostly one repeated character: `ghp_0000000000000000000000000000000000a1`.
  if (v.length >= 12 && shannonEntropy(v) < 1.5) return true;
  return false;
}

/** Longest run of consecutive ascending characters (`1234`, `abcd`). */
function longestSequentialRun(v: string): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    if (v.charCodeAt(i) === v.charCodeAt(i - 1) + 1) {
      run++;
      if (run > best) best = run;
    } else {
      run = 1;
    }
  }
  return best;
}

/**
 * Published example credentials. AWS's documentation keys end in `EXAMPLE`/`EXAMPLEKEY`; the
 * jwt.io sample token and Stripe's documented test key are listed whole (assembled here so the
 * repository does not carry scannable tokens).
 */
const KNOWN_EXAMPLES = new Set([
  ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.'),
  ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
]);

/**
 * True for documentation examples: a value containing `EXAMPLE` in upper case (the AWS
 * documentation style: `AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`), or
 * a known published sample.
 */
export function isDocumentationExample(value: string): boolean {
  return value.includes('EXAMPLE') || KNOWN_EXAMPLES.has(value);
}

/**
 * Well-known non-secret value shapes: booleans, numbers, versions, durations, sizes, absolute
 * or relative paths, file names, URLs without a password, e-mail addresses and host names.
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (/^(true|false|yes|no|on|off|y|n|enabled?|disabled?|none|null|nil|always|never|auto|required|optional)$/.test(lower)) return true;
  if (/^[-+]?\d+(\.\d+)?$/.test(v)) return true;
  if (/^v?\d+(\.\d+){1,3}([-+.][0-9A-Za-z.-]+)?$/.test(v)) return true;
  if (/^\d+(\.\d+)?\s*(ms|s|m|h|d|w|y|sec|secs|seconds?|mins?|minutes?|hours?|days?|weeks?|[kmgt]i?b?)$/i.test(v)) return true;
  if (/^(\/|\.\.?\/|~\/|[A-Za-z]:[\\/])/.test(v) && !/\s/.test(v)) return true;
  if (/^[\w.-]+\.(pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|conf|cfg|ini|env|properties|xml|toml|asc|gpg|pub)$/i.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(v)) return true;
  if (/^[\w.+-]+@[\w-]+(\.[\w-]+)+$/.test(v)) return true;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/.test(v) && !/\d{4,}/.test(v)) return true;
  return false;
}

/** Default credentials everyone knows; not a secret anyone can leak (DF034 still flags the name). */
export function isWellKnownDefault(value: string, name?: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower.replace(/[-_\s]/g, ''))) return true;
  if (name) {
    // POSTGRES_PASSWORD=postgres, RABBITMQ_DEFAULT_PASS=guest with RABBITMQ_DEFAULT_USER=guest...
    const tokens = name.toLowerCase().split(/[^a-z0-9]+/);
    if (tokens.includes(lower)) return true;
  }
  return false;
}

/** Looks random enough to be a generated token: long, varied, not a placeholder. */
export function looksRandom(value: string, minLength = 16, minEntropy = 3.0): boolean {
  if (value.length < minLength) return false;
  if (isPlaceholder(value)) return false;
  return shannonEntropy(value) >= minEntropy;
}
