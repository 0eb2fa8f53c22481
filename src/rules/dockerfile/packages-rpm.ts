/**
 * The rpm-family package managers read as they read their command lines: yum, dnf (and dnf5),
 * microdnf, tdnf and zypper. Which word is the subcommand, which flags take a value, which
 * words are packages and whether a package names a version. DF069–DF072 share these.
 */
import type { Command, Word } from '../../dockerfile/model.js';
import type { PackageSpec } from './packages.js';

export type RpmManager = 'yum' | 'dnf' | 'microdnf' | 'tdnf' | 'zypper';

const PROGRAMS: Record<string, RpmManager> = {
  yum: 'yum',
  dnf: 'dnf',
  dnf5: 'dnf',
  'dnf-3': 'dnf',
  microdnf: 'microdnf',
  tdnf: 'tdnf',
  zypper: 'zypper',
};

/** Options of yum, dnf, microdnf and tdnf whose value may be the next word (`--enablerepo epel`). */
export const YUM_FLAGS_WITH_VALUE: readonly string[] = [
  '-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '-R', '--randomwait', '-x', '--exclude',
  '--enablerepo', '--disablerepo', '--repo', '--repoid', '--repofrompath', '--setopt', '--releasever',
  '--installroot', '--downloaddir', '--destdir', '--rpmverbosity', '--forcearch', '--color',
  '--disableplugin', '--enableplugin', '--advisory', '--advisories', '--bz', '--bzs', '--cve', '--cves',
  '--sec-severity', '--secseverity', '--comment', '--cacheonly-dir', '--use-host-config',
];

/** zypper's global options (before the subcommand) whose value is the next word. */
const ZYPPER_GLOBAL_WITH_VALUE: readonly string[] = [
  '-c', '--config', '-R', '--root', '-D', '--reposd-dir', '-C', '--cache-dir', '--raw-cache-dir',
  '--solv-cache-dir', '--pkg-cache-dir', '-p', '--plus-repo', '--installroot', '--userdata', '--plus-content',
];
/** zypper subcommand options whose value is the next word. */
const ZYPPER_SUB_WITH_VALUE: readonly string[] = ['-t', '--type', '-r', '--repo', '--from', '--download', '--comment', '-g', '--category', '--severity', '--date', '--bugzilla', '--bz', '--cve', '--issues'];

/** Subcommands (and aliases) that install or upgrade packages. */
const YUM_INSTALL = new Set(['install', 'localinstall', 'groupinstall', 'reinstall', 'update', 'upgrade', 'downgrade', 'distro-sync', 'distrosync', 'swap', 'upgrade-minimal', 'update-minimal', 'in']);
const ZYPPER_INSTALL = new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si', 'install-new-recommends', 'inr']);
/** Subcommands that remove packages, which prompt too. */
const YUM_REMOVE = new Set(['remove', 'erase', 'autoremove', 'groupremove', 'rm']);
const ZYPPER_REMOVE = new Set(['remove', 'rm']);

export interface RpmCommand {
  manager: RpmManager;
  command: Command;
  /** The subcommand word (`install`), with `group install` / `module install` folded into `sub`. */
  subWord?: Word;
  /** `install`, `groupinstall`, `module install`, `group install`... */
  sub?: string;
  /** The words after the subcommand that are not flags or flag values. */
  operands: Word[];
}

/** Reads a yum/dnf/microdnf/tdnf/zypper command; undefined for any other program. */
export function rpmCommand(command: Command): RpmCommand | undefined {
  const manager = PROGRAMS[command.program];
  if (!manager) return undefined;
  const globalWithValue = manager === 'zypper' ? ZYPPER_GLOBAL_WITH_VALUE : YUM_FLAGS_WITH_VALUE;
  const subWithValue = manager === 'zypper' ? ZYPPER_SUB_WITH_VALUE : YUM_FLAGS_WITH_VALUE;
  const words = command.words;
  let subWord: Word | undefined;
  const operands: Word[] = [];
  let endOfFlags = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!endOfFlags && w.value === '--') {
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && w.value.startsWith('-') && w.value.length > 1) {
      if ((subWord ? subWithValue : globalWithValue).includes(w.value)) i++;
      continue;
    }
    if (!subWord) subWord = w;
    else operands.push(w);
  }
  let sub = subWord?.value;
  // `dnf module install nodejs:18`, `yum group install "Development Tools"`.
  if ((sub === 'module' || sub === 'group' || sub === 'groups') && operands.length > 0) {
    sub = `${sub === 'groups' ? 'group' : sub} ${operands[0].value}`;
    operands.shift();
  }
  return { manager, command, subWord, sub, operands };
}

/** True for subcommands that install or upgrade packages (and so download them). */
export function installs(rpm: RpmCommand): boolean {
  const sub = rpm.sub ?? '';
  if (rpm.manager === 'zypper') return ZYPPER_INSTALL.has(sub);
  return YUM_INSTALL.has(sub) || sub === 'module install' || sub === 'group install' || sub === 'group upgrade' || sub === 'module update';
}

/** True for subcommands that ask for confirmation: installs and removals. */
export function prompts(rpm: RpmCommand): boolean {
  if (installs(rpm)) return true;
  const sub = rpm.sub ?? '';
  return rpm.manager === 'zypper' ? ZYPPER_REMOVE.has(sub) : YUM_REMOVE.has(sub) || sub === 'group remove' || sub === 'module remove';
}

/** The flags that answer yes: `-y`/`--assumeyes`, for zypper `-n`/`--non-interactive` before the subcommand or `-y`/`--no-confirm` after it. */
export function assumesYes(rpm: RpmCommand): boolean {
  const words = rpm.command.words;
  const subIndex = rpm.subWord ? words.indexOf(rpm.subWord) : words.length;
  const isShort = (a: string, ch: string) => /^-[A-Za-z]+$/.test(a) && a.slice(1).includes(ch);
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (a === '--') break;
    if (rpm.manager === 'zypper') {
      if (i < subIndex && (a === '--non-interactive' || isShort(a, 'n'))) return true;
      if (i > subIndex && (a === '--no-confirm' || isShort(a, 'y'))) return true;
      continue;
    }
    if (a === '--assumeyes' || isShort(a, 'y')) return true;
    if (/^--setopt=assumeyes=(1|true|yes|True)$/.test(a)) return true;
  }
  return false;
}

/** The packages of an install: every operand, read as a package spec. Groups, modules and files are `local`. */
export function rpmInstallPackages(rpm: RpmCommand): PackageSpec[] {
  if (!installs(rpm)) return [];
  const sub = rpm.sub ?? '';
  // Upgrading everything names no package; groups and patches are collections.
  if (sub.startsWith('group') || sub === 'patch' || sub === 'dist-upgrade' || sub === 'dup' || sub === 'install-new-recommends' || sub === 'inr') return [];
  if (rpm.manager === 'zypper') {
    const type = typeFlag(rpm.command);
    if (type !== undefined && type !== 'package') return [];
  }
  return rpm.operands.map((word) => (sub.startsWith('module') ? modulePackage(word) : rpm.manager === 'zypper' ? zypperPackage(word) : yumPackage(word)));
}

function typeFlag(command: Command): string | undefined {
  const words = command.words;
  for (let i = 0; i < words.length; i++) {
    const a = words[i].value;
    if (a === '-t' || a === '--type') return words[i + 1]?.value;
    if (a.startsWith('--type=')) return a.slice(7);
  }
  return undefined;
}

const VERSION_PART = /^(\d+:)?\d[A-Za-z0-9._~^+:]*$/;

function nonPackage(word: Word): PackageSpec | undefined {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  // A local or remote rpm, a file path (`/usr/bin/python3` is a provide), a group or module (`@x`),
  // or a capability (`perl(Foo::Bar)`, `pkgconfig(x)`).
  if (v.endsWith('.rpm') || v.includes('/') || v.startsWith('@') || v.includes('(')) return { word, name: v, local: true };
  return undefined;
}

/**
 * yum/dnf: `name`, `name-version`, `name-version-release`, with `.arch` and `epoch:` allowed.
 * A version starts with a digit, so `nginx-1.20.1` and `nginx-1:1.20.1-1.el9` are pinned while
 * `python3-devel`, `java-11-openjdk` and `gcc-c++` are names. `name >= 1.2` (one quoted word) also pins.
 */
export function yumPackage(word: Word): PackageSpec {
  const other = nonPackage(word);
  if (other) return other;
  const v = word.value;
  const op = /\s*(>=|<=|=|<|>)\s*/.exec(v);
  if (op && op.index > 0) return { word, name: v.slice(0, op.index).trim(), version: v.slice(op.index).trim() };
  const parts = v.split('-');
  if (parts.length < 2) return { word, name: v };
  const last = parts[parts.length - 1];
  if (!VERSION_PART.test(last)) return { word, name: v };
  // name-version-release: the version is the part before the release when it looks like one too.
  const beforeLast = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  const split = beforeLast !== undefined && VERSION_PART.test(beforeLast) ? parts.length - 2 : parts.length - 1;
  return { word, name: parts.slice(0, split).join('-'), version: parts.slice(split).join('-') };
}

/** zypper: `name=1.2`, `name>=1.2`, `name<1.2` (and `name-1.2-3`, the edition form, which zypper also accepts). */
export function zypperPackage(word: Word): PackageSpec {
  const other = nonPackage(word);
  if (other) return other;
  const v = word.value;
  const op = /\s*(>=|<=|=|<|>)\s*/.exec(v);
  if (op && op.index > 0) return { word, name: v.slice(0, op.index).trim(), version: v.slice(op.index).trim() };
  return yumPackage(word);
}

/** `dnf module install nodejs:18/minimal`: the stream after `:` pins it. */
function modulePackage(word: Word): PackageSpec {
  const v = word.value;
  if (!word.literal) return { word, name: v, dynamic: true };
  const colon = v.indexOf(':');
  return colon > 0 ? { word, name: v.slice(0, colon), version: v.slice(colon + 1) } : { word, name: v };
}

/** Where each manager keeps downloaded packages and metadata. */
export const RPM_CACHE_DIRS: Record<RpmManager, readonly string[]> = {
  yum: ['/var/cache/yum', '/var/cache/dnf'],
  dnf: ['/var/cache/dnf', '/var/cache/libdnf5'],
  microdnf: ['/var/cache/yum', '/var/cache/dnf'],
  tdnf: ['/var/cache/tdnf'],
  zypper: ['/var/cache/zypp'],
};

/** `yum clean all` (or `clean metadata`: packages are not kept by default), `dnf clean all`, `microdnf clean all`, `tdnf clean all`, `zypper clean` / `zypper cc` (any rpm manager: yum is dnf on current RHEL). */
export function cleansRpmCache(command: Command): boolean {
  const rpm = rpmCommand(command);
  if (!rpm) return false;
  if (rpm.manager === 'zypper') return rpm.sub === 'clean' || rpm.sub === 'cc';
  return rpm.sub === 'clean' && rpm.operands.some((w) => w.value === 'all' || w.value === 'metadata');
}
