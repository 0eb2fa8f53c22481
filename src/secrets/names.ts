/**
 * Secret-like variable names, judged by token, not by substring: `NPM_TOKEN` and `dbPassword`
 * are secret-like, `KEYCLOAK_VERSION`, `GOPRIVATE`, `TOKENIZERS_PARALLELISM` and
 * `POSTGRES_PASSWORD_FILE` are not. dockle's and hadolint's substring matching
 * (`.*KEY.*`, `username`, `private`) is the false-positive flood this avoids.
 */
import type { SecretNameClass } from './types.js';

/** Names that are secrets whatever their tokens say; some carry the detector their value must match. */
const KNOWN_NAMES = new Map<string, string | undefined>([
  ['AWS_ACCESS_KEY_ID', 'aws-access-key-id'],
  ['AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key'],
  ['AWS_SESSION_TOKEN', undefined],
  ['AWS_SECURITY_TOKEN', undefined],
  ['GITHUB_TOKEN', undefined],
  ['GH_TOKEN', undefined],
  ['GH_ENTERPRISE_TOKEN', undefined],
  ['GITHUB_PAT', undefined],
  ['GH_PAT', undefined],
  ['GITLAB_PAT', undefined],
  ['GITLAB_TOKEN', undefined],
  ['CI_JOB_TOKEN', undefined],
  ['NPM_TOKEN', undefined],
  ['NODE_AUTH_TOKEN', undefined],
  ['NPM_CONFIG__AUTH', undefined],
  ['NPM_CONFIG__AUTHTOKEN', undefined],
  ['NPM_CONFIG__PASSWORD', undefined],
  ['PGPASSWORD', undefined],
  ['MYSQL_PWD', undefined],
  ['DOCKER_AUTH_CONFIG', undefined],
  ['AZURE_STORAGE_CONNECTION_STRING', undefined],
  ['AZURE_DEVOPS_EXT_PAT', undefined],
  ['SLACK_WEBHOOK_URL', undefined],
  ['SLACK_WEBHOOK', undefined],
  ['RABBITMQ_ERLANG_COOKIE', undefined],
  ['HF_TOKEN', undefined],
  ['HUGGING_FACE_HUB_TOKEN', undefined],
  ['DD_API_KEY', undefined],
  ['DD_APP_KEY', undefined],
  ['TWINE_PASSWORD', undefined],
  ['BASIC_AUTH', undefined],
  ['HTTP_AUTH', undefined],
]);

/** Names that look secret by token but hold something else (a path, a public key id). */
const NOT_SECRET_NAMES = new Set([
  'PWD', 'OLDPWD', 'GOPRIVATE', 'GONOSUMDB', 'GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SHARED_CREDENTIALS_FILE',
  'KUBECONFIG', 'SSH_AUTH_SOCK', 'GPG_TTY', 'GNUPGHOME', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'NODE_EXTRA_CA_CERTS',
]);

/** Prefixes that frameworks add to environment names; stripped before matching known names. */
const FRAMEWORK_PREFIXES = ['VITE_', 'REACT_APP_', 'NUXT_', 'GATSBY_', 'EXPO_PUBLIC_', 'NEXT_PUBLIC_'];

type Kind = NonNullable<SecretNameClass['kind']>;

/** Tokens that make a name secret-like wherever they stand (before the qualifier check). */
const SECRET_TOKENS = new Map<string, Kind>([
  ['password', 'password'],
  ['passwd', 'password'],
  ['passwort', 'password'],
  ['pwd', 'password'],
  ['pword', 'password'],
  ['psw', 'password'],
  ['passphrase', 'password'],
  ['secret', 'token'],
  ['secrets', 'token'],
  ['token', 'token'],
  ['tokens', 'token'],
  ['apikey', 'token'],
  ['apikeys', 'token'],
  ['credential', 'token'],
  ['credentials', 'token'],
  ['creds', 'token'],
  ['salt', 'token'],
]);

/** Glued tokens: `pgpassword`, `authtoken`, `secretkey`. A token ending in one of these is secret-like. */
const GLUED_ENDINGS: [string, Kind][] = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['secret', 'token'],
  ['apikey', 'token'],
  ['accesskey', 'token'],
  ['secretkey', 'token'],
  ['privatekey', 'token'],
  ['masterkey', 'token'],
  ['licensekey', 'token'],
  ['encryptionkey', 'token'],
  ['signingkey', 'token'],
  ['authkey', 'token'],
  ['authtoken', 'token'],
  ['accesstoken', 'token'],
  ['apitoken', 'token'],
  ['bearertoken', 'token'],
  ['refreshtoken', 'token'],
];

/** `ROOTPASS`, `DBPASS`: `pass` glued to a subject. Bare `pass` only counts as the last token. */
const PASS_GLUED = /^(root|admin|db|user|ldap|smtp|mail|redis|mysql|pg|rabbitmq|ftp|proxy)pass$/;

/**
 * Last tokens that say the variable holds something about a secret, not the secret:
 * `TOKEN_TTL`, `PASSWORD_FILE`, `SECRET_NAME`, `API_KEY_HEADER`, `AUTH_URL`.
 */
const QUALIFIERS = new Set([
  'file', 'files', 'path', 'paths', 'dir', 'dirs', 'directory', 'folder', 'url', 'urls', 'uri', 'endpoint', 'host',
  'hostname', 'port', 'addr', 'address', 'name', 'names', 'id', 'ids', 'type', 'types', 'mode', 'method', 'methods',
  'enabled', 'enable', 'disabled', 'disable', 'required', 'require', 'length', 'len', 'size', 'bits', 'ttl',
  'timeout', 'expiry', 'expires', 'expire', 'expiration', 'lifetime', 'age', 'duration', 'interval', 'version',
  'format', 'algorithm', 'algorithms', 'alg', 'header', 'prefix', 'suffix', 'count', 'min', 'max', 'limit',
  'retries', 'policy', 'provider', 'realm', 'issuer', 'audience', 'scope', 'scopes', 'location', 'region', 'arn',
  'ref', 'field', 'param', 'user', 'username', 'usr', 'login', 'email', 'backend', 'store', 'manager', 'class',
  'handler', 'plugin', 'module', 'service', 'server', 'servers', 'mechanism', 'strategy', 'source', 'schema',
  'table', 'column', 'cache', 'level', 'log', 'logging', 'debug', 'rotation', 'reset', 'strength', 'complexity',
  'validation', 'validator', 'check', 'length', 'regex', 'pattern', 'rules', 'history', 'hint', 'label', 'key_id',
  'keyid', 'fingerprint', 'sha', 'sha256', 'checksum', 'mount', 'volume', 'namespace', 'vault', 'engine',
  'refresh', 'encoding', 'charset', 'characters', 'chars', 'env', 'var', 'variable', 'config', 'cfg', 'conf',
  'template', 'ttl_seconds', 'seconds', 'minutes', 'hours', 'days', 'lifespan', 'window', 'grace', 'command',
  'cmd', 'helper', 'program', 'script', 'socket', 'sock', 'agent', 'tty', 'home', 'version', 'versions', 'release',
  'digest', 'hash_algorithm', 'kdf', 'iterations', 'rounds', 'cost', 'salt_rounds', 'protocol', 'scheme', 'realm',
  'algo', 'cipher', 'hasher', 'hashing', 'driver', 'encryption', 'format', 'style', 'flow', 'grant',
]);

/** Tokens anywhere in the name that make it public or about something else. */
const EXCLUDING_TOKENS = new Set([
  'public', 'pub', 'pubkey', 'publickey', 'gpg', 'pgp', 'gnupg', 'gpgkey', 'gpgkeys', 'keyserver', 'keyring',
  'keyid', 'fingerprint', 'authorized', 'trusted', 'known', 'no', 'skip', 'without', 'csrf', 'xsrf',
]);

/** Before `key`: keys that are not secrets (`CACHE_KEY`, `ROUTING_KEY`, `PRIMARY_KEY`). */
const NON_SECRET_KEY_SUBJECTS = new Set([
  'cache', 'sort', 'primary', 'foreign', 'partition', 'routing', 'hot', 'idempotency', 'dedup', 'lookup', 'map',
  'shortcut', 'host', 'hash', 'index', 'row', 'object', 'bucket', 'redis', 'group', 'message', 'metric', 'tag',
  'label', 'apt', 'repo', 'release', 'signing', 'archive', 'distribution', 'gpg', 'node', 'sentry',
]);

/** `NPM_TOKEN` -> `npm`, `token`; `dbPassword` -> `db`, `password`; `API-KEY` -> `api`, `key`. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Does this variable, key or flag name look like it holds a secret? Pure, and cheap enough to
 * call for every environment variable of every image.
 */
export function classifySecretName(name: string): SecretNameClass {
  const upper = name.trim().replace(/^-+/, '').toUpperCase();
  if (upper === '') return { secretLike: false, reason: 'empty name' };
  if (NOT_SECRET_NAMES.has(upper)) return { secretLike: false, reason: `${upper} does not hold a secret` };
  for (const candidate of [upper, ...FRAMEWORK_PREFIXES.filter((p) => upper.startsWith(p)).map((p) => upper.slice(p.length))]) {
    if (KNOWN_NAMES.has(candidate)) {
      const detector = KNOWN_NAMES.get(candidate);
      const kind: Kind = /PASS|PWD/.test(candidate) ? 'password' : 'token';
      const out: SecretNameClass = { secretLike: true, reason: `known secret name ${candidate}`, kind, token: candidate.toLowerCase() };
      if (detector) out.detector = detector;
      return out;
    }
  }
  // Terraform's TF_TOKEN_app_terraform_io, Poetry's POETRY_HTTP_BASIC_<REPO>_PASSWORD.
  if (/^TF_TOKEN_/.test(upper)) return { secretLike: true, reason: 'Terraform registry token', kind: 'token', token: 'token' };

  const tokens = nameTokens(name.trim().replace(/^-+/, ''));
  if (tokens.length === 0) return { secretLike: false, reason: 'no name tokens' };
  const excluding = tokens.find((t) => EXCLUDING_TOKENS.has(t));
  if (excluding) return { secretLike: false, reason: `token "${excluding}" marks it as not secret` };

  const found = findSecretToken(tokens);
  if (!found) return { secretLike: false, reason: 'no secret-like token' };

  const last = tokens[tokens.length - 1];
  if (found.index < tokens.length - 1 && QUALIFIERS.has(last)) {
    return { secretLike: false, reason: `ends in _${last.toUpperCase()}: describes the secret, does not hold it` };
  }
  return { secretLike: true, reason: `token "${found.token}"`, kind: found.kind, token: found.token };
}

function findSecretToken(tokens: string[]): { token: string; index: number; kind: Kind } | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const direct = SECRET_TOKENS.get(t);
    if (direct) {
      // `SALT_ROUNDS` is about the salt; a salt is a secret only as the last word (`AUTH_SALT`).
      if (t === 'salt' && i !== tokens.length - 1) continue;
      return { token: t, index: i, kind: direct };
    }
    if (t === 'pass' && i === tokens.length - 1 && tokens.length > 1) return { token: t, index: i, kind: 'password' };
    if (PASS_GLUED.test(t)) return { token: t, index: i, kind: 'password' };
    if (t === 'key' || t === 'keys') {
      // `key` is a secret only as the last word (`SSH_KEY`, `apiKey`): `keySystemAccess`,
      // `KEY_LAYOUT` and `KEY_STORE` are about something else.
      if (i !== tokens.length - 1 || i === 0) continue;
      const subject = tokens[i - 1];
      if (subject && NON_SECRET_KEY_SUBJECTS.has(subject)) continue;
      // `API_KEY` reads as one token.
      return { token: subject === 'api' ? 'api_key' : t, index: i, kind: 'token' };
    }
    if (t.length > 6) {
      const glued = GLUED_ENDINGS.find(([ending]) => t.endsWith(ending));
      if (glued) return { token: t, index: i, kind: glued[1] };
    }
  }
  return undefined;
}
