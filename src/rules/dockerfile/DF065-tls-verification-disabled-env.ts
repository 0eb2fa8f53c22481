import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

const FALSE = /^(0|false|no|off)$/i;

/** Variable (upper-cased) -> does this value turn verification off? */
const SETTINGS: Record<string, { off: (v: string) => boolean; what: string }> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: (v) => v === '0', what: 'Node.js accepts any TLS certificate' },
  PYTHONHTTPSVERIFY: { off: (v) => v === '0', what: 'Python\'s urllib accepts any TLS certificate' },
  GIT_SSL_NO_VERIFY: { off: (v) => v !== '' && !FALSE.test(v), what: 'git accepts any TLS certificate' },
  NPM_CONFIG_STRICT_SSL: { off: (v) => FALSE.test(v), what: 'npm accepts any TLS certificate' },
  YARN_STRICT_SSL: { off: (v) => FALSE.test(v), what: 'yarn accepts any TLS certificate' },
  YARN_ENABLE_STRICT_SSL: { off: (v) => FALSE.test(v), what: 'yarn accepts any TLS certificate' },
  PIP_TRUSTED_HOST: { off: (v) => v.trim() !== '', what: 'pip skips TLS checks for these hosts' },
  UV_INSECURE_HOST: { off: (v) => v.trim() !== '', what: 'uv skips TLS checks for these hosts' },
  GOINSECURE: { off: (v) => v.trim() !== '', what: 'go fetches these modules without TLS checks' },
  GONOSUMCHECK: { off: (v) => v !== '' && !FALSE.test(v), what: 'go skips module checksum verification' },
  GOSUMDB: { off: (v) => v.trim() === 'off', what: 'go skips the checksum database' },
  // GONOSUMDB for private module paths is normal; only a wildcard or a public host is a bypass.
  GONOSUMDB: { off: (v) => v.split(',').some((p) => /^(\*|\*\.?[a-z.]*|github\.com|gitlab\.com|bitbucket\.org|golang\.org|go\.googlesource\.com)$/i.test(p.trim())), what: 'go skips checksum verification for public modules' },
  GOFLAGS: { off: (v) => /(^|\s)-insecure(\s|$|=)/.test(v), what: 'go fetches modules without TLS checks' },
  CURL_CA_BUNDLE: { off: (v) => v === '', what: 'Python requests accepts any TLS certificate' },
  REQUESTS_CA_BUNDLE: { off: (v) => v === '', what: 'Python requests accepts any TLS certificate' },
  HELM_INSECURE_SKIP_TLS_VERIFY: { off: (v) => /^(1|true)$/i.test(v), what: 'helm accepts any TLS certificate' },
  COMPOSER_DISABLE_NETWORK_TLS: { off: (v) => v === '1', what: 'Composer downloads without TLS' },
};

export default defineDockerfileRule({
  meta: {
    id: 'DF065',
    name: 'tls-verification-disabled-env',
    aliases: [],
    family: 'DF',
    shortDescription: 'ENV or ARG that turns off TLS or checksum verification',
    fullDescription:
      'NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, NPM_CONFIG_STRICT_SSL=false, PIP_TRUSTED_HOST, GOINSECURE, GOSUMDB=off, GONOSUMCHECK, GOFLAGS=-insecure or an empty CURL_CA_BUNDLE turn off certificate or checksum checks for every later build step, and an ENV keeps them off in the running container. Install the right CA certificates instead.',
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      off: '`{{keyword}} {{name}}={{value}}`: {{what}}, in every later build step{{runtime}}; install the right CA certificates instead',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'ENV' && instr.keyword !== 'ARG') continue;
      for (const p of instr.properties ?? []) {
        if (p.value === undefined) continue;
        const setting = SETTINGS[p.name.toUpperCase()];
        if (!setting || !setting.off(p.value)) continue;
        ctx.report({
          messageId: 'off',
          data: { keyword: instr.keyword, name: p.name, value: p.value === '' ? '""' : p.value, what: setting.what, runtime: instr.keyword === 'ENV' ? ' and in the running container' : '' },
          range: p.range,
          fingerprintKey: p.name,
        });
      }
    }
  },
});
