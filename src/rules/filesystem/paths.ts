/**
 * Which image paths the filesystem rules look into, and what they are: the built-in allow list
 * (paths whose contents are not scanned for keys, credentials and secrets: distribution files,
 * third-party packages, tests, examples, documentation; trivy's allow rules, as globs), the
 * credential files known by name, and the programs that drop root in an entrypoint.
 * Pure and synchronous: runs in the layer walk's worker threads.
 */
import picomatch from 'picomatch';

/**
 * Globs (absolute, matched case-insensitively) of paths whose contents are not scanned. Secrets
 * there are samples, test fixtures or package data, not the image's own: the noise that makes
 * people turn secret scanners off. docs/security.md lists them with the reasons.
 */
export const BUILTIN_ALLOW_PATHS: readonly string[] = [
  // Files of distribution packages: documentation, headers, libraries, language runtimes.
  '/usr/share/**',
  '/usr/include/**',
  '/usr/lib/**',
  '/usr/local/go/**',
  '/usr/local/lib/python*/**',
  '/usr/src/wordpress/**',
  '/opt/yarn-v*/**',
  '/var/log/anaconda/**',
  // Third-party packages installed by language package managers.
  '**/node_modules/**',
  '**/site-packages/**',
  '**/dist-packages/**',
  '**/vendor/**',
  // Tests and examples (packages ship test keys and sample tokens).
  '**/test/**',
  '**/tests/**',
  '**/testdata/**',
  '**/test-data/**',
  '**/testing/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/fixtures/**',
  '**/test_*',
  '**/*_test.*',
  '**/*-test.*',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*example*/**',
  '**/*example*',
  '**/sample/**',
  '**/samples/**',
  // Translations and documentation.
  '**/locale/**',
  '**/locales/**',
  '**/*.md',
];

export interface PathFilter {
  /** True when the path's contents are not scanned. */
  allowed(path: string): boolean;
}

/** The built-in list (unless `builtin` is false) plus the user's globs (case-sensitive). */
export function pathFilter(extra: readonly string[] = [], builtin = true): PathFilter {
  const parts: RegExp[] = [];
  if (builtin) parts.push(combine(BUILTIN_ALLOW_PATHS, true));
  if (extra.length > 0) parts.push(combine(extra, false));
  return { allowed: (path) => parts.some((re) => re.test(path)) };
}

/** One regex for many globs: much cheaper per path than a matcher per glob. */
function combine(globs: readonly string[], nocase: boolean): RegExp {
  const sources = globs.map((g) => picomatch.makeRe(g, { dot: true, nocase }).source);
  return new RegExp(sources.map((s) => `(?:${s})`).join('|'), nocase ? 'i' : '');
}

/** Credential files known by name; their contents are checked for real credentials. */
export type CredentialKind =
  | 'env'
  | 'npmrc'
  | 'yarnrc'
  | 'pypirc'
  | 'pip'
  | 'docker-config'
  | 'aws'
  | 'git-credentials'
  | 'git-config'
  | 'netrc'
  | 'kubeconfig'
  | 'pgpass'
  | 'mysql'
  | 'cargo'
  | 'gem'
  | 'composer'
  | 'terraform'
  | 'gcloud'
  | 'gh'
  | 'vault-token'
  | 's3cfg';

/** What the file is, in words, for messages. */
export const CREDENTIAL_FILE_NAMES: Record<CredentialKind, string> = {
  env: 'an .env file',
  npmrc: 'an .npmrc',
  yarnrc: 'a .yarnrc.yml',
  pypirc: 'a .pypirc',
  pip: 'a pip configuration',
  'docker-config': 'a Docker client config (registry credentials)',
  aws: 'AWS credentials',
  'git-credentials': 'a .git-credentials store',
  'git-config': 'a git config',
  netrc: 'a .netrc',
  kubeconfig: 'a kubeconfig',
  pgpass: 'a .pgpass',
  mysql: 'a MySQL option file',
  cargo: 'cargo registry credentials',
  gem: 'RubyGems credentials',
  composer: 'Composer auth.json',
  terraform: 'Terraform credentials',
  gcloud: 'Google Cloud credentials',
  gh: 'GitHub CLI credentials',
  'vault-token': 'a Vault token file',
  s3cfg: 'an s3cmd config',
};

const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?|tpl|schema|tmpl|local\.example)$/i;

/** The credential kind of a path, by its name, or undefined. */
export function credentialKindOf(path: string): CredentialKind | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const lower = base.toLowerCase();
  // `.env`, `.env.production`, `prod.env`; not `.env.example` and other templates.
  if (lower === '.env' || (lower.endsWith('.env') && lower.length > 4)) return 'env';
  if (lower.startsWith('.env.')) return ENV_TEMPLATE.test(lower) ? undefined : 'env';
  switch (lower) {
    case '.npmrc':
      return 'npmrc';
    case 'npmrc':
      return /^\/(usr\/local\/)?etc\//.test(path) ? 'npmrc' : undefined;
    case '.yarnrc.yml':
    case '.yarnrc':
      return 'yarnrc';
    case '.pypirc':
      return 'pypirc';
    case 'pip.conf':
    case 'pip.ini':
      return 'pip';
    case '.dockercfg':
      return 'docker-config';
    case '.git-credentials':
      return 'git-credentials';
    case '.gitconfig':
      return 'git-config';
    case '.netrc':
    case '_netrc':
      return 'netrc';
    case '.pgpass':
      return 'pgpass';
    case '.my.cnf':
    case 'debian.cnf':
      return lower === 'debian.cnf' && path !== '/etc/mysql/debian.cnf' ? undefined : 'mysql';
    case '.terraformrc':
    case 'terraform.rc':
    case 'credentials.tfrc.json':
      return 'terraform';
    case '.vault-token':
      return 'vault-token';
    case '.s3cfg':
      return 's3cfg';
    case 'kubeconfig':
      return 'kubeconfig';
  }
  if (path.endsWith('/.docker/config.json')) return 'docker-config';
  if (path.endsWith('/.aws/credentials') || path.endsWith('/.aws/config')) return 'aws';
  if (path.endsWith('/.git/config')) return 'git-config';
  if (path.endsWith('/.kube/config') || lower.endsWith('.kubeconfig') || /^\/etc\/kubernetes\/[^/]+\.conf$/.test(path)) return 'kubeconfig';
  if (/\/\.cargo\/credentials(\.toml)?$/.test(path)) return 'cargo';
  if (path.endsWith('/.gem/credentials')) return 'gem';
  if (/\/(\.composer|\.config\/composer)\/auth\.json$/.test(path)) return 'composer';
  if (/\/\.config\/gcloud\/(application_default_credentials\.json|legacy_credentials\/[^/]+\/adc\.json)$/.test(path)) return 'gcloud';
  if (path.endsWith('/.config/gh/hosts.yml')) return 'gh';
  return undefined;
}

/** Files whose account entries the empty-password check reads (final versions only). */
export const ACCOUNT_FILES = new Set(['/etc/shadow', '/etc/passwd']);

/** Programs an entrypoint uses to drop root (docker-library's pattern); see IM001. */
export const PRIVILEGE_DROPPERS = new Set(['gosu', 'su-exec', 'chpst', 's6-setuidgid']);

/**
 * Set-user-ID and set-group-ID programs that distributions ship that way (Debian, Ubuntu,
 * Alpine, Fedora/RHEL/UBI, SUSE, Wolfi): expected in a base image, and reported only when the
 * allowlist of distribution defaults is turned off (FS001 option `allowDistroDefaults`).
 */
export const DISTRO_SETUID: readonly string[] = [
  '/bin/su', '/usr/bin/su', '/bin/mount', '/usr/bin/mount', '/bin/umount', '/usr/bin/umount',
  '/bin/ping', '/usr/bin/ping', '/bin/ping6', '/usr/bin/ping6', '/bin/fusermount', '/usr/bin/fusermount', '/usr/bin/fusermount3',
  '/usr/bin/passwd', '/usr/bin/chsh', '/usr/bin/chfn', '/usr/bin/gpasswd', '/usr/bin/newgrp', '/usr/bin/chage', '/usr/bin/expiry',
  '/usr/bin/newuidmap', '/usr/bin/newgidmap', '/usr/bin/sudo', '/usr/bin/sudoedit', '/usr/bin/pkexec', '/usr/bin/crontab',
  '/usr/bin/at', '/usr/bin/wall', '/usr/bin/write', '/usr/bin/bsd-write', '/usr/bin/ssh-agent', '/usr/bin/dotlockfile',
  '/usr/bin/mail-lock', '/usr/bin/mail-unlock', '/usr/bin/mail-touchlock', '/usr/bin/staprun', '/usr/bin/locate', '/usr/bin/mlocate',
  '/usr/bin/plocate', '/usr/bin/screen', '/usr/bin/Xorg', '/usr/bin/ksu',
  '/sbin/unix_chkpwd', '/usr/sbin/unix_chkpwd', '/sbin/pam_extrausers_chkpwd', '/usr/sbin/pam_extrausers_chkpwd',
  '/usr/sbin/pam_timestamp_check', '/sbin/pam_timestamp_check', '/usr/sbin/userhelper', '/usr/sbin/mount.nfs', '/sbin/mount.nfs',
  '/usr/sbin/mount.cifs', '/sbin/mount.cifs', '/usr/sbin/postdrop', '/usr/sbin/postqueue', '/usr/sbin/exim4', '/usr/sbin/sendmail',
  '/usr/sbin/unix2_chkpwd', '/usr/sbin/grub2-set-bootflag',
  '/usr/lib/openssh/ssh-keysign', '/usr/libexec/openssh/ssh-keysign', '/usr/lib/ssh/ssh-keysign', '/usr/lib/dbus-1.0/dbus-daemon-launch-helper',
  '/usr/libexec/dbus-1/dbus-daemon-launch-helper', '/usr/lib/eject/dmcrypt-get-device', '/usr/lib/policykit-1/polkit-agent-helper-1',
  '/usr/lib/polkit-1/polkit-agent-helper-1', '/usr/libexec/polkit-agent-helper-1', '/usr/libexec/utempter/utempter',
  '/usr/lib/x86_64-linux-gnu/utempter/utempter', '/usr/lib/aarch64-linux-gnu/utempter/utempter', '/usr/lib/utempter/utempter',
  '/usr/libexec/camel-lock-helper-1.2', '/usr/lib/xorg/Xorg.wrap', '/usr/libexec/Xorg.wrap', '/usr/lib/chromium/chrome-sandbox',
  '/usr/lib/snapd/snap-confine', '/usr/lib/spice-gtk/spice-client-glib-usb-acl-helper', '/usr/sbin/pppd',
];
