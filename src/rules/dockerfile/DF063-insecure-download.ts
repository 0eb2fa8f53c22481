import type { Command } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import { defineDockerfileRule } from './types.js';
import { findFlag, runCommands, subcommand } from './support.js';

/** Environment variables that turn TLS verification off for the command they prefix or are exported to. */
const INSECURE_ENV: Record<string, (v: string) => boolean> = {
  GIT_SSL_NO_VERIFY: (v) => v !== '' && !/^(0|false|no)$/i.test(v),
  NODE_TLS_REJECT_UNAUTHORIZED: (v) => v === '0',
  PYTHONHTTPSVERIFY: (v) => v === '0',
  CURL_CA_BUNDLE: (v) => v === '',
  REQUESTS_CA_BUNDLE: (v) => v === '',
};

export default defineDockerfileRule({
  meta: {
    id: 'DF063',
    name: 'insecure-download',
    aliases: [],
    family: 'DF',
    shortDescription: 'A download with TLS certificate checks turned off',
    fullDescription:
      '`curl -k`, `wget --no-check-certificate`, `git -c http.sslVerify=false` and the like accept any certificate, so anyone on the network path (a proxy, a compromised Wi-Fi, a hijacked DNS answer) can swap what the build downloads. Fix the trust store instead: install `ca-certificates` or add your CA with `update-ca-certificates`.',
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      flag: '`{{command}} {{flag}}` turns off TLS certificate checks, so the download can be swapped in transit; install the right CA certificates instead',
      gitConfig: '`{{setting}}` turns off TLS certificate checks for git, so the code can be swapped in transit; install the right CA certificates instead',
      env: '`{{name}}={{value}}` turns off TLS certificate checks for this command; install the right CA certificates instead',
    },
  },
  check(df, ctx) {
    for (const { command: c } of runCommands(df)) {
      const hit = insecureFlag(c);
      if (hit) {
        ctx.report({ messageId: 'flag', data: { command: c.program, flag: hit.flag }, range: hit.range, fingerprintKey: `${c.program}\u0000${hit.flag}` });
      }
      const git = gitSslOff(c);
      if (git) ctx.report({ messageId: 'gitConfig', data: { setting: git.setting }, range: git.range, fingerprintKey: 'git' });
      for (const a of c.assignments) {
        const bad = INSECURE_ENV[a.name];
        if (bad && bad(a.value)) ctx.report({ messageId: 'env', data: { name: a.name, value: a.value || '""' }, range: { start: c.range.start, end: c.nameRange.start }, fingerprintKey: a.name });
      }
      if (c.program === 'export' || c.program === 'env') {
        for (const w of c.words) {
          const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
          const bad = eq && INSECURE_ENV[eq[1]];
          if (eq && bad && bad(eq[2])) ctx.report({ messageId: 'env', data: { name: eq[1], value: eq[2] || '""' }, range: w.range, fingerprintKey: eq[1] });
        }
      }
    }
  },
});

function insecureFlag(c: Command): { flag: string; range: Range } | undefined {
  const at = (flags: string[]) => {
    const i = findFlag(c, ...flags);
    return i === undefined ? undefined : { flag: c.words[i].value, range: c.words[i].range };
  };
  switch (c.program) {
    case 'curl':
      return at(['-k', '--insecure', '--proxy-insecure']);
    case 'wget':
      return at(['--no-check-certificate']);
    case 'aria2c':
      return c.words.some((w) => w.value === '--check-certificate=false') ? at(['--check-certificate']) : undefined;
    case 'helm':
    case 'kubectl':
      return at(['--insecure-skip-tls-verify']);
    case 'svn':
      return at(['--trust-server-cert', '--trust-server-cert-failures']);
    case 'skopeo':
    case 'podman':
    case 'buildah': {
      const w = c.words.find((x) => /^--(src-|dest-)?tls-verify=false$/.test(x.value));
      return w ? { flag: w.value, range: w.range } : undefined;
    }
    default:
      return undefined;
  }
}

/** `git -c http.sslVerify=false …` and `git config [--global] http.sslVerify false`. */
function gitSslOff(c: Command): { setting: string; range: Range } | undefined {
  if (c.program !== 'git') return undefined;
  const off = (v: string | undefined) => v !== undefined && /^(false|0|no|off)$/i.test(v);
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i];
    if (w.value === '-c') {
      const kv = c.words[i + 1]?.value ?? '';
      const [key, value] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
      if (kv.includes('=') && /^http(\..*)?\.sslverify$/i.test(key) && off(value)) return { setting: `git -c ${kv}`, range: c.words[i + 1].range };
    }
  }
  if (subcommand(c, ['-C', '-c', '--file', '-f']) === 'config') {
    const key = c.words.find((w) => /^http(\..*)?\.sslverify$/i.test(w.value));
    if (key) {
      const value = c.words[c.words.indexOf(key) + 1]?.value;
      if (off(value)) return { setting: `git config ${key.value} ${value}`, range: key.range };
    }
  }
  return undefined;
}
