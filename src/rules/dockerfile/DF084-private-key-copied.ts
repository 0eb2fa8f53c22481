import type { Word } from '../../dockerfile/model.js';
import { basename } from '../../dockerfile/shell.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, instructionsWithTriggers, stageOf } from './support.js';
import { unquote } from './security-support.js';

type Kind = 'privateKey' | 'credentials' | 'sshDir' | 'dotenv';

/** File names that are private keys. */
const PRIVATE_KEY = [
  /^id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk|xmss)$/,
  /^[\w.-]+_(rsa|dsa|ecdsa|ed25519)$/,
  /^ssh_host_\w+_key$/,
  /\.ppk$/,
  /^(privkey|private|server|client|tls|ssl|signing)[\w.-]*\.(key|pem)$/i,
  /^[\w.-]+[-_.](private|priv)[-_]?key\.(pem|key)$/i,
  /^[\w.-]+[-_.]key\.pem$/i,
  /^key\.pem$/i,
];
/** Files that hold credentials. */
const CREDENTIALS: RegExp[] = [
  /(^|\/)\.netrc$/, /(^|\/)_netrc$/, /(^|\/)\.git-credentials$/, /(^|\/)\.pgpass$/, /(^|\/)\.pypirc$/, /(^|\/)\.npmrc$/,
  /(^|\/)\.dockercfg$/, /(^|\/)\.docker\/config\.json$/, /(^|\/)\.kube\/config$/, /(^|\/)\.aws\/credentials$/, /(^|\/)\.boto$/,
  /(^|\/)application_default_credentials\.json$/, /(^|\/)\.config\/gcloud\/credentials\.db$/, /(^|\/)\.vault-token$/,
  /(^|\/)\.terraformrc$/, /(^|\/)credentials\.tfrc\.json$/, /(^|\/)\.composer\/auth\.json$/, /(^|\/)\.gem\/credentials$/,
];
const DOTENV = /(^|\/)\.env(\.[\w-]+)?$/;
const DOTENV_TEMPLATE = /\.(example|sample|template|dist|defaults?|tpl|schema)$/i;
const PUBLIC = /\.pub$|(^|\/)(authorized_keys|known_hosts|config)$/;

export default defineDockerfileRule({
  meta: {
    id: 'DF084',
    name: 'private-key-copied',
    aliases: [],
    family: 'DF',
    shortDescription: 'A private key or credentials file is copied into the image',
    fullDescription:
      'COPY/ADD of an SSH or TLS private key (`id_rsa`, `id_ed25519`, `server.key`, `privkey.pem`), a `.ssh` folder or a credentials file (`.netrc`, `.git-credentials`, `.npmrc`, `.pypirc`, `.aws/credentials`, `.docker/config.json`, `.kube/config`) puts it in a layer: a later `rm` does not remove it, and anyone who pulls the image can extract it. Use a build secret (`RUN --mount=type=secret` or `--mount=type=ssh`) for build-time access and a runtime secret for keys the application needs.',
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      privateKey: '`{{keyword}} {{file}}` puts a private key into the image, where anyone who pulls it can extract it (deleting it later does not help); use `RUN --mount=type=ssh` or a secret mount at build time, and a runtime secret if the application needs the key',
      credentials: '`{{keyword}} {{file}}` puts a credentials file into the image, where anyone who pulls it can read it (deleting it later does not help); use `RUN --mount=type=secret,id=…,target={{target}}` instead',
      sshDir: '`{{keyword}} {{file}}` copies an .ssh folder (private keys) into the image; use `RUN --mount=type=ssh` for git over SSH during the build',
      dotenv: '`{{keyword}} {{file}}` copies an .env file, which usually holds secrets, into the image; pass the variables at run time (`docker run --env-file`) instead',
    },
    options: {
      reportDotEnv: {
        type: 'boolean',
        default: false,
        description: 'Also report .env files (.env, .env.production...). Off by default: many projects keep only non-secret defaults there.',
      },
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      // A heredoc's content is judged by DF050 (a real key there is a hardcoded secret).
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || !instr.copy || instr.heredocs.length > 0) continue;
      const stage = stageOf(df, instr);
      // A key copied into a build stage stays in that stage; DF083/DF050 cover leaking it onwards.
      if (!instr.onbuild && stage && !shipping.has(stage.index)) continue;
      const dest = instr.copy.dest ? unquote(instr.copy.dest.value) : '';
      const sources = instr.copy.sources;
      let reported = false;
      for (const w of sources) {
        const hit = judge(unquote(w.value), dest, sources.length, ctx.options.reportDotEnv);
        if (!hit) continue;
        report(w, hit);
        reported = true;
      }
      // `COPY deploy-key /root/.ssh/id_rsa`: the destination names the key.
      if (!reported && instr.copy.dest && /(^|\/)\.ssh\/id_[a-z0-9_]+$/.test(dest) && !PUBLIC.test(dest)) report(instr.copy.dest, 'privateKey');
      // `COPY ci-netrc /root/.netrc`, `COPY aws/credentials /root/.aws/credentials`.
      else if (!reported && instr.copy.dest && CREDENTIALS.some((re) => re.test(dest))) report(instr.copy.dest, 'credentials');

      function report(w: Word, kind: Kind): void {
        const file = unquote(w.value);
        ctx.report({
          messageId: kind,
          data: { keyword: instr.keyword, file, target: kind === 'credentials' ? targetFor(file, dest) : '' },
          range: w.range,
          fingerprintKey: `${kind}\u0000${file}`,
        });
      }
    }
  },
});

function judge(source: string, dest: string, count: number, dotenv: boolean): Kind | undefined {
  if (/^[a-z]+:\/\//i.test(source) || /[*?[]/.test(source)) return undefined;
  const path = source.replace(/\/+$/, '');
  const name = basename(path);
  if (PUBLIC.test(path)) return undefined;
  if (name === '.ssh' || /(^|\/)\.ssh\/id_/.test(path)) return name === '.ssh' ? 'sshDir' : 'privateKey';
  if (PRIVATE_KEY.some((re) => re.test(name))) return 'privateKey';
  if (CREDENTIALS.some((re) => re.test(path))) return 'credentials';
  // `COPY credentials /root/.aws/`: the name alone is too common; with an .aws destination it is certain.
  if (name === 'credentials' && /(^|\/)\.aws\/?$/.test(dest) && count === 1) return 'credentials';
  if (dotenv && DOTENV.test(path) && !DOTENV_TEMPLATE.test(name)) return 'dotenv';
  return undefined;
}

function targetFor(file: string, dest: string): string {
  const name = basename(file);
  if (dest.endsWith('/')) return `${dest}${name}`;
  return dest || `/root/${name}`;
}
