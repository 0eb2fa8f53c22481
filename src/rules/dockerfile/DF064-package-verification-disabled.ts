import type { Command } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { findFlag, runCommands, subcommand } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF064',
    name: 'package-verification-disabled',
    aliases: [],
    family: 'DF',
    shortDescription: 'A package manager is told to skip signature or TLS checks',
    fullDescription:
      'apt-get --allow-unauthenticated, apk --allow-untrusted, rpm --nosignature, yum/dnf --nogpgcheck, pip --trusted-host, `npm config set strict-ssl false` and `[trusted=yes]` repositories install packages that nobody verified: a mirror, proxy or attacker on the path can substitute them. Import the repository key or CA certificate instead.',
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.5,
    precision: 'very-high',
    messages: {
      flag: '`{{command}} {{flag}}` installs packages without verifying them; import the repository signing key (or CA certificate) instead',
      config: '`{{setting}}` turns off package verification for everything that follows; import the repository signing key (or CA certificate) instead',
      trustedRepo: '`{{setting}}` in a repository definition turns off its signature check; add the repository key with `signed-by=` instead',
    },
  },
  check(df, ctx) {
    for (const { command: c } of runCommands(df)) {
      const hit = verificationOff(c);
      if (hit) ctx.report({ messageId: hit.messageId, data: hit.data, range: hit.range, fingerprintKey: `${c.program}\u0000${hit.key}` });
    }
  },
});

interface Hit {
  messageId: 'flag' | 'config' | 'trustedRepo';
  data: Record<string, string>;
  range: Range;
  key: string;
}

function verificationOff(c: Command): Hit | undefined {
  const flag = (...flags: string[]): Hit | undefined => {
    const i = findFlag(c, ...flags);
    if (i === undefined) return undefined;
    const w = c.words[i];
    return { messageId: 'flag', data: { command: c.program, flag: w.value }, range: w.range, key: w.value };
  };
  const option = (re: RegExp): Hit | undefined => {
    for (let i = 0; i < c.words.length; i++) {
      const w = c.words[i];
      const value = w.value === '-o' || w.value === '--option' || w.value === '--setopt' ? c.words[i + 1] : /^(-o|--option=|--setopt=)/.test(w.value) ? w : undefined;
      if (!value) continue;
      const text = value.value.replace(/^(-o|--option=|--setopt=)/, '');
      if (re.test(text)) return { messageId: 'config', data: { setting: `${c.program} ${w.value === value.value ? '' : `${w.value} `}${value.value}` }, range: value.range, key: text };
    }
    return undefined;
  };
  switch (c.program) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return (
        flag('--allow-unauthenticated', '--force-yes', '--allow-insecure-repositories') ??
        option(/^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::force-yes)=(1|true|yes)$/i) ??
        option(/^Acquire::https?(::[^:=]+)?::(Verify-Peer|Verify-Host)=(false|0|no)$/i)
      );
    case 'apk':
      return flag('--allow-untrusted');
    case 'rpm':
      return flag('--nosignature', '--nodigest', '--nofiledigest', '--noverify');
    case 'yum':
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
    case 'yum-config-manager':
    case 'dnf-config-manager':
      return flag('--nogpgcheck', '--no-gpgchecks') ?? option(/(^|\.)(gpgcheck|repo_gpgcheck|sslverify|localpkg_gpgcheck)=(0|false|no)$/i);
    case 'zypper':
      return flag('--no-gpg-checks', '--no-check-signatures') ?? flag('--allow-unsigned-rpm');
    case 'pip':
    case 'pip3':
    case 'uv':
      return flag('--trusted-host', '--allow-insecure-host') ?? configSet(c, /^(global\.)?trusted-host$/i, () => true);
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return configSet(c, /^strict-ssl$/i, (v) => /^(false|0)$/i.test(v)) ?? flagEquals(c, /^--strict-ssl=false$/);
    case 'gem':
      return flagEquals(c, /^--trust-policy=(NoSecurity|LowSecurity)$/i) ?? trustPolicy(c);
    case 'echo':
    case 'printf':
    case 'tee':
      return repoTrusted(c);
    default:
      return undefined;
  }
}

/** `npm config set strict-ssl false`, `pip config set global.trusted-host x`. */
function configSet(c: Command, key: RegExp, bad: (value: string) => boolean): Hit | undefined {
  if (subcommand(c) !== 'config') return undefined;
  const words = c.words.filter((w) => !w.value.startsWith('-'));
  const set = words.findIndex((w) => w.value === 'set');
  if (set < 0) return undefined;
  const k = words[set + 1];
  if (!k) return undefined;
  const [name, inline] = k.value.includes('=') ? [k.value.slice(0, k.value.indexOf('=')), k.value.slice(k.value.indexOf('=') + 1)] : [k.value, words[set + 2]?.value ?? ''];
  if (!key.test(name) || !bad(inline)) return undefined;
  return { messageId: 'config', data: { setting: `${c.program} config set ${name} ${inline}` }, range: k.range, key: name };
}

function flagEquals(c: Command, re: RegExp): Hit | undefined {
  const w = c.words.find((x) => re.test(x.value));
  return w ? { messageId: 'flag', data: { command: c.program, flag: w.value }, range: w.range, key: w.value } : undefined;
}

/** `echo "deb [trusted=yes] http://…" > /etc/apt/sources.list.d/x.list`, `gpgcheck=0` into a .repo file. */
function repoTrusted(c: Command): Hit | undefined {
  for (const w of c.words) {
    const m = /\[[^\]]*\b(trusted=yes|allow-insecure=yes|allow-weak=yes)\b[^\]]*\]|(^|\s|\\n)(gpgcheck|repo_gpgcheck|sslverify)\s*=\s*(0|false|no)\b/i.exec(w.value);
    if (!m) continue;
    // A repository of packages built in this same build (`deb [trusted=yes] file:/tmp/debs ./`) has nothing to verify against.
    if (/\b(file|copy):\//.test(w.value)) continue;
    const writesRepo = c.redirects.some((r) => /sources\.list|\.list$|\.sources$|yum\.repos\.d|\.repo$|zypp/.test(r.target ?? '')) || c.words.some((x) => /sources\.list|\.list$|yum\.repos\.d|\.repo$/.test(x.value));
    if (!writesRepo && !/trusted=yes/i.test(m[0])) continue;
    return { messageId: 'trustedRepo', data: { setting: (m[1] ?? `${m[3]}=${m[4]}`).trim() }, range: w.range, key: m[0] };
  }
  return undefined;
}

/** `gem install -P NoSecurity x`. */
function trustPolicy(c: Command): Hit | undefined {
  const i = c.words.findIndex((w) => w.value === '-P' || w.value === '--trust-policy');
  const policy = i >= 0 ? c.words[i + 1] : undefined;
  if (!policy || !/^(NoSecurity|LowSecurity)$/i.test(policy.value)) return undefined;
  return { messageId: 'flag', data: { command: c.program, flag: `${c.words[i].value} ${policy.value}` }, range: policy.range, key: policy.value };
}
