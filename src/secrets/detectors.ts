/**
 * Known secret formats, as trivy's builtin rules: each detector has cheap lower-case keywords
 * (the text must contain one before its regex runs), a regex whose named group `secret` is the
 * secret, and a validation that rejects placeholders. Patterns are anchored on literal prefixes
 * and bounded, so none can backtrack badly on large inputs.
 */
import type { SecretSeverity } from './types.js';
import { isPlaceholder, looksRandom, shannonEntropy } from './values.js';

export interface ValueDetector {
  id: string;
  title: string;
  severity: SecretSeverity;
  /** Lower-case substrings; at least one must occur in the lower-cased text. */
  keywords: readonly string[];
  /** Global regex; the named group `secret` (or the whole match) is the secret. */
  regex: RegExp;
  /** Rejects a candidate (a placeholder, a wrong shape). `text` is the whole scanned text. */
  validate?: (secret: string, groups: Record<string, string | undefined>, text: string) => boolean;
  /** Overrides the title or severity per match (e.g. Stripe test keys are `medium`). */
  refine?: (secret: string, groups: Record<string, string | undefined>) => { title?: string; severity?: SecretSeverity };
  /**
   * Characters of the secret's own public prefix (`ghp_`), which placeholder checks skip.
   * Placeholder checks run on the rest, the part that must look random.
   */
  prefix?: RegExp;
  /** Higher wins when two matches overlap (a GitHub token inside a URL password). */
  priority: number;
  /**
   * How far before a keyword a match may start, and how far after it may end (characters).
   * The regex runs only on these windows around keyword hits, which is what makes a scan of
   * megabytes cheap. Defaults: 64 and 1100. `Infinity` scans the whole text.
   */
  back?: number;
  forward?: number;
  /**
   * A literal (case-sensitive) that every match holds, between `from` and `to` characters after
   * the match's start. The regex is then started no earlier than the next place the literal
   * can sit, which skips text that cannot match and changes no result.
   */
  anchor?: { literal: string; from: number; to: number };
}

const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

/** The random part of a prefixed token must not be a placeholder and must look random. */
function randomBody(prefix: RegExp, minEntropy = 3.0) {
  return (secret: string) => {
    const body = secret.replace(prefix, '');
    return !isPlaceholder(body) && shannonEntropy(body) >= minEntropy;
  };
}

function prefixed(
  id: string,
  title: string,
  severity: SecretSeverity,
  keywords: string[],
  pattern: string,
  prefix: RegExp,
  flags = 'g',
): ValueDetector {
  return {
    id,
    title,
    severity,
    keywords,
    regex: new RegExp(`${B}(?<secret>${pattern})${E}`, flags),
    validate: randomBody(prefix),
    prefix,
    priority: 80,
  };
}

function decodeBase64(value: string): string | undefined {
  try {
    const text = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return /^[\x20-\x7e]*$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** `user:password` with a password that is not a placeholder or a reference. */
function isUserPassword(decoded: string | undefined): boolean {
  if (!decoded) return false;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return false;
  const password = decoded.slice(colon + 1);
  return !isPlaceholder(password) && !/^\$/.test(password);
}

const PRIVATE_KEY_KINDS: Record<string, string> = {
  'RSA PRIVATE KEY': 'RSA private key',
  'DSA PRIVATE KEY': 'DSA private key',
  'EC PRIVATE KEY': 'EC private key',
  'OPENSSH PRIVATE KEY': 'OpenSSH private key',
  'PRIVATE KEY': 'PKCS#8 private key',
  'ENCRYPTED PRIVATE KEY': 'encrypted PKCS#8 private key',
  'DH PRIVATE KEY': 'DH private key',
  'PGP PRIVATE KEY BLOCK': 'PGP private key block',
  'SSH2 ENCRYPTED PRIVATE KEY': 'SSH2 encrypted private key',
};

export const VALUE_DETECTORS: readonly ValueDetector[] = [
  {
    id: 'private-key',
    title: 'private key',
    severity: 'critical',
    keywords: ['private key'],
    // The body is matched lazily up to the END line of the same kind, bounded to 16 KiB.
    regex:
      /-----BEGIN (?<kind>(?:RSA |DSA |EC |OPENSSH |ENCRYPTED |DH |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----(?<body>[\s\S]{0,16384}?)-----END \k<kind>-----/g,
    validate: (_secret, groups) => {
      const body = (groups.body ?? '').replace(/\\[nr]|\s|["'+,]/g, '');
      const withoutHeaders = body.replace(/^(?:[A-Za-z-]+:[^\n]*)+/g, '');
      const base64 = withoutHeaders.replace(/[^A-Za-z0-9+/=]/g, '');
      return base64.length >= 32 && base64.length >= withoutHeaders.length * 0.9 && !isPlaceholder(base64);
    },
    refine: (_secret, groups) => {
      const kind = groups.kind ?? 'PRIVATE KEY';
      const encrypted = kind.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(groups.body ?? '');
      return { title: PRIVATE_KEY_KINDS[kind] ?? 'private key', severity: encrypted ? 'medium' : 'critical' };
    },
    priority: 90,
    back: 40,
    forward: 16500,
    anchor: { literal: '-----BEGIN ', from: 0, to: 0 },
  },
  {
    id: 'gcp-service-account',
    title: 'GCP service account key',
    severity: 'critical',
    keywords: ['service_account'],
    regex: /"private_key"\s*:\s*"(?<secret>-----BEGIN PRIVATE KEY-----[^"]{32,8192}?-----END PRIVATE KEY-----(?:\\n)?)"/g,
    validate: (_secret, _groups, text) => /"type"\s*:\s*"service_account"/.test(text),
    priority: 95,
    // The keyword (`service_account`) and the key may be far apart in the file.
    back: Infinity,
    forward: Infinity,
    anchor: { literal: '"private_key"', from: 0, to: 0 },
  },
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    severity: 'high',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    regex: /(?<![A-Za-z0-9/+])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9/+])/g,
    validate: (secret) => !isPlaceholder(secret.slice(4)) && shannonEntropy(secret.slice(4)) >= 2.5,
    prefix: /^[A-Z]{4}/,
    priority: 80,
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    severity: 'critical',
    keywords: ['secret_access', 'secretaccess', 'secret-access', 'aws_secret', 'aws-secret', 'awssecret', 'secret.access'],
    regex:
      /(?<![A-Za-z0-9])(?<name>(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key))["']?\s*(?::|=>|=|:=)\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    validate: (secret) => !isPlaceholder(secret) && shannonEntropy(secret) >= 3.5,
    priority: 85,
  },
  prefixed('github-pat', 'GitHub personal access token', 'critical', ['ghp_'], 'ghp_[A-Za-z0-9]{36,251}', /^ghp_/),
  prefixed('github-oauth', 'GitHub OAuth access token', 'critical', ['gho_'], 'gho_[A-Za-z0-9]{36,251}', /^gho_/),
  prefixed('github-user-token', 'GitHub user-to-server token', 'critical', ['ghu_'], 'ghu_[A-Za-z0-9]{36,251}', /^ghu_/),
  prefixed('github-app-token', 'GitHub app installation token', 'high', ['ghs_'], 'ghs_[A-Za-z0-9]{36,251}', /^ghs_/),
  prefixed('github-refresh-token', 'GitHub refresh token', 'critical', ['ghr_'], 'ghr_[A-Za-z0-9]{36,251}', /^ghr_/),
  prefixed('github-fine-grained-pat', 'GitHub fine-grained personal access token', 'critical', ['github_pat_'], 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59,}', /^github_pat_/),
  prefixed(
    'gitlab-token',
    'GitLab token',
    'critical',
    ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glimt-', 'glsoat-', 'glft-', 'gloas-'],
    'gl(?:pat|dt|rt|ptt|cbt|imt|soat|ft|oas)-[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9_-]{2,})*',
    /^gl[a-z]+-/,
  ),
  {
    id: 'slack-token',
    title: 'Slack token',
    severity: 'high',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xox[baprse](?:\.xox[baprse])?-[0-9A-Za-z-]{10,250}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)(?![A-Za-z0-9_-])/g,
    // Real Slack tokens carry long numeric team and user ids.
    validate: (secret) => (secret.match(/\d/g)?.length ?? 0) >= 8 && !isPlaceholder(secret.slice(5)),
    prefix: /^x[a-z]+-/,
    priority: 80,
  },
  {
    id: 'slack-webhook',
    title: 'Slack webhook URL',
    severity: 'high',
    keywords: ['hooks.slack.com'],
    regex: /(?<secret>https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,})/g,
    validate: (secret) => !isPlaceholder(secret.replace(/^.*\.com\//, '')),
    priority: 85,
  },
  prefixed('npm-token', 'npm access token', 'critical', ['npm_'], 'npm_[A-Za-z0-9]{36}', /^npm_/),
  prefixed('pypi-token', 'PyPI upload token', 'critical', ['pypi-ag'], 'pypi-AgE[A-Za-z0-9_-]{50,}', /^pypi-AgE[A-Za-z0-9]{16,}/),
  {
    id: 'stripe-key',
    title: 'Stripe secret key',
    severity: 'critical',
    keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    regex: new RegExp(`${B}(?<secret>(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}|whsec_[A-Za-z0-9]{32,})${E}`, 'g'),
    validate: (secret) => {
      const body = secret.replace(/^(?:sk|rk)_(?:live|test)_|^whsec_/, '');
      return !isPlaceholder(body) && shannonEntropy(body) >= 3.0;
    },
    refine: (secret) =>
      secret.startsWith('whsec_')
        ? { title: 'Stripe webhook signing secret', severity: 'high' }
        : secret.includes('_test_')
          ? { title: 'Stripe test-mode secret key', severity: 'medium' }
          : {},
    prefix: /^(?:sk|rk)_(?:live|test)_|^whsec_/,
    priority: 80,
  },
  prefixed('google-api-key', 'Google API key', 'high', ['aiza'], 'AIza[0-9A-Za-z_-]{35}', /^AIza/),
  {
    id: 'azure-storage-key',
    title: 'Azure storage account key',
    severity: 'critical',
    keywords: ['accountkey'],
    regex: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    validate: (secret) => !isPlaceholder(secret) && shannonEntropy(secret) >= 4.0,
    priority: 85,
    anchor: { literal: 'AccountKey=', from: 0, to: 0 },
  },
  {
    id: 'azure-client-secret',
    title: 'Azure AD client secret',
    severity: 'high',
    keywords: ['q~'],
    regex: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    validate: (secret) => looksRandom(secret, 30, 3.5),
    priority: 75,
  },
  {
    id: 'openai-api-key',
    title: 'OpenAI API key',
    severity: 'critical',
    keywords: ['sk-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,400}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g,
    validate: randomBody(/^sk-(?:proj-|svcacct-|admin-|None-)?/, 3.5),
    prefix: /^sk-(?:proj-|svcacct-|admin-|None-)?/,
    priority: 80,
  },
  prefixed('anthropic-api-key', 'Anthropic API key', 'critical', ['sk-ant-'], 'sk-ant-(?:api|admin|sid|oat|ort)\\d{2}-[A-Za-z0-9_-]{80,200}', /^sk-ant-[a-z]+\d{2}-/),
  prefixed('dockerhub-token', 'Docker Hub access token', 'high', ['dckr_'], 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}', /^dckr_[a-z]+_/),
  prefixed('huggingface-token', 'Hugging Face token', 'high', ['hf_'], 'hf_[A-Za-z]{34}', /^hf_/),
  prefixed('sendgrid-api-key', 'SendGrid API key', 'high', ['sg.'], 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', /^SG\./),
  prefixed('digitalocean-token', 'DigitalOcean token', 'critical', ['dop_v1_', 'doo_v1_', 'dor_v1_'], 'do[por]_v1_[a-f0-9]{64}', /^do[por]_v1_/),
  prefixed('vault-token', 'HashiCorp Vault token', 'critical', ['hvs.', 'hvb.'], 'hv[sb]\\.[A-Za-z0-9_-]{90,}', /^hv[sb]\./),
  prefixed('shopify-token', 'Shopify access token', 'high', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', /^shp[a-z]{2}_/),
  prefixed('databricks-token', 'Databricks access token', 'high', ['dapi'], 'dapi[a-f0-9]{32}(?:-\\d)?', /^dapi/),
  prefixed('pulumi-token', 'Pulumi access token', 'high', ['pul-'], 'pul-[a-f0-9]{40}', /^pul-/),
  prefixed('newrelic-key', 'New Relic key', 'high', ['nrak-', 'nrii-', 'nrjs-'], 'NR(?:AK|II|JS)-[A-Za-z0-9]{27}', /^NR[A-Z]{2}-/),
  prefixed('grafana-token', 'Grafana token', 'high', ['glsa_', 'glc_'], 'gl(?:sa|c)_[A-Za-z0-9_+/=-]{32,400}', /^gl(?:sa|c)_/),
  prefixed('postman-api-key', 'Postman API key', 'high', ['pmak-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', /^PMAK-/),
  prefixed('doppler-token', 'Doppler token', 'high', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.'], 'dp\\.(?:pt|st|sa|ct)\\.[A-Za-z0-9]{40,44}', /^dp\.[a-z]{2}\./),
  prefixed('sentry-token', 'Sentry auth token', 'high', ['sntrys_', 'sntryu_'], 'sntry[su]_[A-Za-z0-9_=+/-]{40,}', /^sntry[su]_/),
  {
    id: 'jwt',
    title: 'JSON Web Token',
    severity: 'medium',
    keywords: ['eyj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024})(?![A-Za-z0-9_-])/g,
    validate: (secret) => {
      const header = decodeBase64(secret.slice(0, secret.indexOf('.')));
      return header !== undefined && /"alg"\s*:/.test(header) && !/"alg"\s*:\s*"none"/i.test(header);
    },
    priority: 70,
    back: 4,
    forward: 11400,
    anchor: { literal: 'eyJ', from: 0, to: 0 },
  },
  {
    id: 'url-password',
    title: 'password in a URL',
    severity: 'high',
    keywords: ['://'],
    regex:
      /(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/(?<user>[^\s:@/?#"'`<>\\]{0,128}):(?<secret>[^\s@/?#"'`<>\\]{1,256})@(?<host>[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])/g,
    validate: (secret, groups) => {
      if (/^\d{1,5}$/.test(secret)) return false; // `host:8080@` is a port, not a password
      if (secret === groups.user) return false;
      // `https://${TOKEN}:x-oauth-basic@github.com`: the credential is the (referenced) user part.
      if (/\$/.test(groups.user ?? '') || /^x-oauth-basic$/i.test(secret)) return false;
      // `cvs://:pserver:anoncvs@host`: a colon in the password part is some other syntax.
      if (secret.includes(':')) return false;
      // Documentation hosts (RFC 2606): `https://user:pass@example.com`.
      if (/(^|\.)example\.(com|org|net)$|\.(example|invalid|test)$/i.test(groups.host ?? '')) return false;
      if (/^\$|\$\{|\$\(|%24/.test(secret)) return false;
      return !isPlaceholder(secret) && !isKnownDefaultPassword(secret);
    },
    priority: 50,
    // The scheme is 2 to 31 characters.
    anchor: { literal: '://', from: 2, to: 31 },
  },
  {
    id: 'npmrc-auth',
    title: 'npm registry credential (.npmrc)',
    severity: 'critical',
    keywords: ['_authtoken', '_auth', '_password'],
    // `self._password = x` in Python is not an npmrc line: the key starts a line or follows `:`.
    regex: /(?<![^\s:"'])(?<key>_authToken|_auth|_password)\s*=\s*["']?(?<secret>[^\s"'\\]{6,2048})/g,
    validate: (secret, groups) =>
      (groups.key === '_authToken' ? /^[A-Za-z0-9._~+/=-]+$/ : /^[A-Za-z0-9+/]+={0,2}$/).test(secret) &&
      !isPlaceholder(secret) &&
      shannonEntropy(secret) >= 2.5,
    priority: 60,
    forward: 2100,
  },
  {
    id: 'docker-config-auth',
    title: 'registry credential (docker config.json auth)',
    severity: 'high',
    keywords: ['"auth"'],
    regex: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{8,4096}={0,2})"/g,
    validate: (secret) => isUserPassword(decodeBase64(secret)),
    priority: 60,
    forward: 4200,
    anchor: { literal: '"auth"', from: 0, to: 0 },
  },
  {
    id: 'authorization-header',
    title: 'credential in an HTTP authorization header',
    severity: 'high',
    keywords: ['authorization', 'x-api-key', 'private-token', 'x-auth-token', 'api-key:'],
    regex:
      /(?<![A-Za-z0-9-])(?<header>(?:proxy-)?authorization|x-api-key|private-token|x-auth-token|api-key)\s*:\s*(?<scheme>bearer\s+|token\s+|basic\s+)?(?<secret>[A-Za-z0-9._~+/-]{12,4096}=*)/gi,
    validate: (secret, groups) => {
      if (/^basic/i.test(groups.scheme ?? '')) return isUserPassword(decodeBase64(secret));
      return looksRandom(secret, 16, 3.2);
    },
    priority: 40,
    forward: 4200,
  },
];

/** Passwords in URLs that are defaults everybody knows; see `isWellKnownDefault` for names. */
function isKnownDefaultPassword(secret: string): boolean {
  return /^(guest|postgres|root|admin|password|pass|secret|test|user|mysql|redis|rabbitmq|minio|minioadmin|changeme|example|dev|demo|anonymous|anon|anoncvs|ftp|nobody)$/i.test(secret);
}

export function detectorById(id: string): ValueDetector | undefined {
  return VALUE_DETECTORS.find((d) => d.id === id);
}
