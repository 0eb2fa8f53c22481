/**
 * Package-manager command lines read as their tools read them: which words are flags, which
 * flags take a value, which words are packages and whether a package is pinned. Rules that
 * check apt-get, apk, pip, npm/yarn/pnpm and gem share these, so `-t bookworm` is never taken
 * for a package and `pkg==1.0` reads the same everywhere.
 */
import type { Command, Word } from '../../dockerfile/model.js';

/** One package word of an install command. */
export interface PackageSpec {
  word: Word;
  /** The package name, without version, release, architecture or extras. */
  name: string;
  /** The version or version constraint, when the word pins one (`curl=8.5.0-2`, `flask>=3`). */
  version?: string;
  /** A release or repository selector that is not a version (`curl/bookworm-backports`, `pkg@edge`). */
  release?: string;
  /** Not a registry package: a local file or directory, an archive, a URL or a VCS reference. */
  local?: boolean;
  /** The word holds an expansion (`$PKGS`, `$(cat list)`) with no known value: nothing can be said. */
  dynamic?: boolean;
}

export interface ScanOptions {
  /** Flags whose next word is their value (`-t bookworm`); `--flag=value` needs no listing. */
  flagsWithValue?: readonly string[];
  /** Stop at a bare `--` (gem passes what follows to the build); otherwise `--` ends the flags. */
  stopAtDoubleDash?: boolean;
}

/** The words of `words` that are not flags or flag values. */
export function operands(words: readonly Word[], options: ScanOptions = {}): Word[] {
  const withValue = options.flagsWithValue ?? [];
  const out: Word[] = [];
  let endOfFlags = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!endOfFlags && w.value === '--') {
      if (options.stopAtDoubleDash) break;
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && w.value.startsWith('-') && w.value.length > 1) {
      if (withValue.includes(w.value)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** True when a word is a flag of the list; `-y` also matches a bundle such as `-qy`, `--yes` matches `--yes=true`. */
export function wordsHaveFlag(words: readonly Word[], ...flags: string[]): boolean {
  const shorts = flags.filter((f) => /^-[A-Za-z0-9]$/.test(f)).map((f) => f[1]);
  const longs = flags.filter((f) => f.length > 2);
  for (const w of words) {
    const a = w.value;
    if (a === '--') break;
    if (longs.some((f) => a === f || a.startsWith(`${f}=`))) return true;
    if (/^-[A-Za-z0-9]+$/.test(a) && shorts.some((s) => a.slice(1).includes(s))) return true;
  }
  return false;
}

/** The value of the first of the flags (`-v 1.2`, `--version=1.2`), or undefined. */
export function wordsFlagValue(words: readonly Word[], ...flags: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (a === '--') break;
    for (const f of flags) {
      if (a === f) return words[i + 1]?.value;
      if (f.startsWith('--') && a.startsWith(`${f}=`)) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// apt-get / apt

export const APT_PROGRAMS: ReadonlySet<string> = new Set(['apt-get', 'apt']);

/** apt-get and apt options whose value is the next word. */
export const APT_FLAGS_WITH_VALUE: readonly string[] = [
  '-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release',
  '-a', '--host-architecture', '-P', '--build-profiles', '--solver',
];

/** True for `apt-get` and `apt` commands (however they are wrapped: `sudo apt-get`). */
export function isApt(command: Command): boolean {
  return APT_PROGRAMS.has(command.program);
}

/** The subcommand of apt-get/apt (`install`, `update`...), or undefined. */
export function aptSubcommand(command: Command): string | undefined {
  if (!isApt(command)) return undefined;
  return operands(command.words, { flagsWithValue: APT_FLAGS_WITH_VALUE })[0]?.value;
}

/** True for `apt-get -s` and its synonyms: apt only shows what it would do. */
export function aptSimulates(command: Command): boolean {
  return isApt(command) && wordsHaveFlag(command.words, '-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act');
}

/**
 * The package words of `apt-get install` / `apt install` (empty for any other command, and
 * for a simulation, `apt-get install -s`, which installs nothing).
 */
export function aptInstallPackages(command: Command): PackageSpec[] {
  if (aptSubcommand(command) !== 'install' || aptSimulates(command)) return [];
  return operands(command.words, { flagsWithValue: APT_FLAGS_WITH_VALUE }).slice(1).map(aptPackage);
}

function aptPackage(word: Word): PackageSpec {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  // A local .deb or a path: `./x.deb`, `/tmp/x.deb`, `x_1.0_amd64.deb`.
  if (v.endsWith('.deb') || v.startsWith('.') || v.startsWith('/')) return { word, name: v, local: true };
  // Not a Debian package name (template syntax, a stray operator): nothing can be said.
  if (!/^[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?([=/].*)?[+-]?$/.test(v)) return { word, name: v, dynamic: true };
  const eq = v.indexOf('=');
  if (eq > 0) return { word, name: stripArch(v.slice(0, eq)), version: v.slice(eq + 1) };
  const slash = v.indexOf('/');
  if (slash > 0) return { word, name: stripArch(v.slice(0, slash)), release: v.slice(slash + 1) };
  return { word, name: stripArch(v) };
}

function stripArch(name: string): string {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

// ---------------------------------------------------------------------------------------------
// apk

/** apk options whose value is the next word (global and `add` options). */
export const APK_FLAGS_WITH_VALUE: readonly string[] = [
  '-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--keys-dir',
  '--repositories-file', '--cache-dir', '--cache-max-age', '--cache-packages', '--progress-fd', '--wait',
  '--timeout', '--from', '--cache-predownload',
];

/** The applet of `apk` (`add`, `del`, `update`, `cache`...), or undefined. */
export function apkSubcommand(command: Command): string | undefined {
  if (command.program !== 'apk') return undefined;
  return operands(command.words, { flagsWithValue: APK_FLAGS_WITH_VALUE })[0]?.value;
}

/** The package words of `apk add` (empty for any other command). */
export function apkAddPackages(command: Command): PackageSpec[] {
  if (apkSubcommand(command) !== 'add') return [];
  return operands(command.words, { flagsWithValue: APK_FLAGS_WITH_VALUE }).slice(1).map(apkPackage);
}

function apkPackage(word: Word): PackageSpec {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  if (v.endsWith('.apk') || v.includes('/')) return { word, name: v, local: true };
  if (!/^([a-z]+:)?[A-Za-z0-9][A-Za-z0-9+._-]*([@=~<>].*)?$/.test(v)) return { word, name: v, dynamic: true };
  // `name@tag` picks a tagged repository (`@edge`); `=`, `~`, `<`, `>` constrain the version.
  let rest = v;
  let release: string | undefined;
  const at = rest.indexOf('@');
  if (at > 0) {
    release = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const op = /[=~<>]/.exec(rest);
  if (op && op.index > 0) return { word, name: rest.slice(0, op.index), version: rest.slice(op.index), release };
  if (release !== undefined && /[=~<>]/.test(release)) {
    const m = /[=~<>]/.exec(release)!;
    return { word, name: rest, version: release.slice(m.index), release: release.slice(0, m.index) };
  }
  return { word, name: rest, release };
}

// ---------------------------------------------------------------------------------------------
// pip

const PIP_PROGRAM = /^pip(\d+(\.\d+)?)?$/;
const PYTHON_PROGRAM = /^python(\d+(\.\d+)?)?$/;

/** pip options whose value is the next word (general and `install` options). */
export const PIP_FLAGS_WITH_VALUE: readonly string[] = [
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '-b', '--build', '--upgrade-strategy',
  '--platform', '--python-version', '--implementation', '--abi', '--no-binary', '--only-binary',
  '--progress-bar', '--trusted-host', '--cache-dir', '--log', '--log-file', '--proxy', '--retries',
  '--timeout', '--exists-action', '--cert', '--client-cert', '--global-option', '--install-option',
  '-C', '--config-settings', '--report', '--python', '--root-user-action', '--use-feature',
  '--use-deprecated', '--keyring-provider', '--group', '--resume-retries',
];

/**
 * The words pip itself receives: the arguments of `pip`/`pip3`/`pip3.12`, of
 * `python -m pip` / `python3 -m pip`, or of `uv pip`. Undefined for any other command.
 */
export function pipArgs(command: Command): Word[] | undefined {
  if (PIP_PROGRAM.test(command.program)) return command.words;
  if (command.program === 'uv') {
    return command.words[0]?.value === 'pip' ? command.words.slice(1) : undefined;
  }
  if (PYTHON_PROGRAM.test(command.program)) {
    // python's own flags (-u, -I, -X opt) may come before `-m pip`.
    for (let i = 0; i < command.words.length; i++) {
      const a = command.words[i].value;
      if (a === '-m') return command.words[i + 1]?.value === 'pip' ? command.words.slice(i + 2) : undefined;
      if (a === '-mpip') return command.words.slice(i + 1);
      if (!a.startsWith('-')) return undefined;
      if (a === '-X' || a === '-W') i++;
    }
  }
  return undefined;
}

/** The subcommand pip runs (`install`, `download`...), or undefined. */
export function pipSubcommand(command: Command): string | undefined {
  const args = pipArgs(command);
  return args ? operands(args, { flagsWithValue: PIP_FLAGS_WITH_VALUE })[0]?.value : undefined;
}

/** The requirement words of `pip install` (empty for any other command). */
export function pipInstallPackages(command: Command): PackageSpec[] {
  const args = pipArgs(command);
  if (!args) return [];
  const ops = operands(args, { flagsWithValue: PIP_FLAGS_WITH_VALUE });
  if (ops[0]?.value !== 'install') return [];
  return ops.slice(1).map(pipPackage);
}

const PIP_SPECIFIER = /(===|==|>=|<=|~=|!=|>|<)/;
const PIP_ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip|egg)$/i;
const VCS_PREFIX = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/i;

function pipPackage(word: Word): PackageSpec {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  // A direct reference `name @ url`, a path, an archive, a URL or a VCS link pins its own source.
  if (
    v === '.' || v.startsWith('.') || v.startsWith('/') || v.startsWith('~') || v.includes('/') ||
    v.includes('@') || PIP_ARCHIVE.test(v) || VCS_PREFIX.test(v) || /^[a-z]+:/i.test(v)
  ) {
    return { word, name: v, local: true };
  }
  // Environment markers (`pkg; python_version < "3.9"`) do not pin.
  const requirement = v.split(';')[0].trim();
  const m = PIP_SPECIFIER.exec(requirement);
  const name = (m ? requirement.slice(0, m.index) : requirement).replace(/\[.*\]$/, '').trim();
  return m ? { word, name, version: requirement.slice(m.index).trim() } : { word, name };
}

// ---------------------------------------------------------------------------------------------
// npm / yarn / pnpm / bun

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);

/** Options of npm, yarn, pnpm and bun whose value is the next word. */
export const NODE_FLAGS_WITH_VALUE: readonly string[] = [
  '--prefix', '--registry', '--tag', '--cache', '-w', '--workspace', '--userconfig', '--globalconfig',
  '--omit', '--include', '--loglevel', '--install-strategy', '--before', '--only', '--also', '--scope',
  '--otp', '--proxy', '--https-proxy', '--cafile', '--fetch-retries', '--fetch-timeout',
  '--fetch-retry-mintimeout', '--fetch-retry-maxtimeout', '--cwd', '--modules-folder', '--cache-folder',
  '--global-folder', '--mutex', '--network-timeout', '--filter', '-F', '--dir', '-C', '--store-dir',
  '--reporter', '--save-prefix', '--network-concurrency', '--backend', '--cache-dir',
];

/**
 * The package words of `npm install|i|add PKG`, `yarn add PKG` / `yarn global add PKG`,
 * `pnpm add PKG` and `bun add PKG` (empty for any other command, and for `npm install` with
 * no packages, which installs the project's locked dependencies).
 */
export function nodeInstallPackages(command: Command): PackageSpec[] {
  const ops = operands(command.words, { flagsWithValue: NODE_FLAGS_WITH_VALUE });
  let rest: Word[];
  switch (command.program) {
    case 'npm':
      if (!NPM_INSTALL.has(ops[0]?.value ?? '')) return [];
      rest = ops.slice(1);
      break;
    case 'yarn':
      if (ops[0]?.value === 'add') rest = ops.slice(1);
      else if (ops[0]?.value === 'global' && ops[1]?.value === 'add') rest = ops.slice(2);
      else return [];
      break;
    case 'pnpm':
    case 'bun':
      if (ops[0]?.value !== 'add' && ops[0]?.value !== 'a') return [];
      rest = ops.slice(1);
      break;
    default:
      return [];
  }
  return rest.map(nodePackage);
}

const NODE_GIT = /^(git(\+[a-z]+)?:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/i;
const NODE_TARBALL = /\.(tgz|tar\.gz|tar)$/i;
/** Specs that name a moving target rather than a version. */
const NODE_UNPINNED_SPECS = new Set(['', 'latest', '*', 'x', 'X']);

function nodePackage(word: Word): PackageSpec {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  if (/^(\.{1,2}(\/|$)|\/|~\/|file:)/.test(v) || NODE_TARBALL.test(v) || /^https?:\/\//i.test(v)) {
    return { word, name: v, local: true };
  }
  // git URLs and GitHub shorthands (`user/repo`) are pinned by a `#commit-ish`.
  if (NODE_GIT.test(v) || (!v.startsWith('@') && v.includes('/'))) {
    const hash = v.indexOf('#');
    return hash > 0 ? { word, name: v.slice(0, hash), version: v.slice(hash + 1) } : { word, name: v };
  }
  const at = v.indexOf('@', v.startsWith('@') ? 1 : 0);
  if (at < 0) return { word, name: v };
  const name = v.slice(0, at);
  let spec = v.slice(at + 1);
  // `alias@npm:real@1.2.3`
  if (spec.startsWith('npm:')) {
    const inner = nodePackage({ ...word, value: spec.slice(4) });
    return { ...inner, word, name };
  }
  spec = spec.trim();
  return NODE_UNPINNED_SPECS.has(spec) ? { word, name, release: spec || undefined } : { word, name, version: spec };
}

// ---------------------------------------------------------------------------------------------
// gem

/** `gem install` options whose value is the next word. */
export const GEM_FLAGS_WITH_VALUE: readonly string[] = [
  '-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-p', '--http-proxy',
  '--platform', '-g', '--file', '--build-root', '-P', '--trust-policy', '--target-rbconfig', '--config-file',
];

/** The gem words of `gem install` (empty for any other command). `-v` pins every gem listed. */
export function gemInstallPackages(command: Command): PackageSpec[] {
  if (command.program !== 'gem') return [];
  const ops = operands(command.words, { flagsWithValue: GEM_FLAGS_WITH_VALUE, stopAtDoubleDash: true });
  if (ops[0]?.value !== 'install' && ops[0]?.value !== 'i') return [];
  const pinnedByFlag = wordsFlagValue(command.words, '-v', '--version');
  return ops.slice(1).map((word) => {
    const v = word.value;
    if (!word.literal) return { word, name: v, dynamic: true };
    if (v.endsWith('.gem') || v.includes('/')) return { word, name: v, local: true };
    const colon = v.indexOf(':');
    if (colon > 0) return { word, name: v.slice(0, colon), version: v.slice(colon + 1) };
    return pinnedByFlag !== undefined ? { word, name: v, version: pinnedByFlag } : { word, name: v };
  });
}

// ---------------------------------------------------------------------------------------------
// Cleanup

/**
 * True when the command deletes one of the paths or a directory above it: `rm -rf
 * /var/lib/apt/lists/*` removes `/var/lib/apt/lists`, as does `rm -r /var/lib/apt`.
 * A trailing `/*` or `/` on either side is ignored.
 */
export function removesPath(command: Command, ...paths: string[]): boolean {
  if (command.program !== 'rm') return false;
  const norm = (p: string) => p.replace(/\/\*$/, '').replace(/\/+$/, '');
  return operands(command.words).some((w) => {
    const target = norm(w.value);
    if (!target.startsWith('/')) return false;
    return paths.some((p) => {
      const want = norm(p);
      return want === target || want.startsWith(`${target}/`);
    });
  });
}

