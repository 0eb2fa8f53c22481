import { CREDENTIAL_FILE_NAMES, type CredentialKind } from './paths.js';
import { hitDescriptor } from './support.js';
import { defineFilesystemRule } from './types.js';

const FIXES: Partial<Record<CredentialKind, string>> = {
  env: 'Add .env to .dockerignore and give the values to the container at run time (`--env-file`, a secret store).',
  npmrc: 'Use `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` so the token never reaches a layer, or `${NPM_TOKEN}` in the .npmrc with the variable passed as a build secret.',
  yarnrc: 'Pass the token as a build secret (`RUN --mount=type=secret`) and read it from the environment (`npmAuthToken: "${NPM_TOKEN}"`).',
  pypirc: 'Upload from CI, not from the image; pass the token as a build secret if a build step needs it.',
  pip: 'Pass index credentials as a build secret (`RUN --mount=type=secret`) or through PIP_INDEX_URL at build time only.',
  'docker-config': 'Never copy a Docker config with `auths` into an image; use `RUN --mount=type=secret,id=docker,target=/root/.docker/config.json` where a build step needs it.',
  aws: 'Use an IAM role (instance profile, IRSA, task role) at run time and `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials` while building.',
  'git-credentials': 'Use `RUN --mount=type=secret` or `--mount=type=ssh` to clone private repositories while building.',
  'git-config': 'Remove credentials from remote URLs and `http.extraheader`; use `RUN --mount=type=secret` or `--mount=type=ssh` to fetch while building.',
  netrc: 'Use `RUN --mount=type=secret,id=netrc,target=/root/.netrc` where a build step needs it.',
  kubeconfig: 'Mount the kubeconfig at run time (a Kubernetes service account or a secret) instead of shipping it.',
};

export default defineFilesystemRule({
  meta: {
    id: 'FS004',
    name: 'credential-file',
    aliases: [],
    family: 'FS',
    shortDescription: 'A credential file with real credentials in it (.env, .npmrc, .pypirc, .docker/config.json, .aws/credentials, .git-credentials, .netrc, kubeconfig...)',
    fullDescription:
      "Files that tools read credentials from, known by name: `.env`, `.npmrc` (auth tokens), `.yarnrc.yml`, `.pypirc`, `pip.conf`, `.docker/config.json` (`auths`), `.aws/credentials`, `.git-credentials`, `.git/config` and `.gitconfig` (passwords in URLs, `extraheader`), `.netrc`, kubeconfigs (tokens, passwords, `client-key-data`), `.pgpass`, `.my.cnf`, cargo, RubyGems, Composer, Terraform, gcloud, GitHub CLI and Vault token files. Only files with a real credential inside count: each value is judged by the shared secret detector with its key's name, so `${NPM_TOKEN}`, placeholders and empty values are left alone, and `.env.example` and other templates are not read. A file deleted in a later layer is still reported, with both layers: the layer that added it still ships it. Documentation example keys (AWS's `...EXAMPLE`) are reported with their own message.",
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      credential: '{{file}} at {{path}} holds {{secret}} on line {{line}}{{shipped}}',
      example: '{{file}} at {{path}} holds {{secret}} on line {{line}}{{shipped}}; it looks like a documentation example key, not a real one',
    },
    options: {
      reportExampleKeys: {
        type: 'boolean',
        default: true,
        description: "report documentation example keys such as AWS's AKIAIOSFODNN7EXAMPLE (with their own message); false ignores them",
      },
    },
  },
  readsContent: true,
  check(facts, ctx) {
    for (const f of facts.content) {
      for (const h of f.hits) {
        if (h.code !== 'credential') continue;
        if (h.data.example && !ctx.options.reportExampleKeys) continue;
        const kind = (h.data.kind ?? 'env') as CredentialKind;
        const file = CREDENTIAL_FILE_NAMES[kind] ?? 'a credential file';
        ctx.report(
          hitDescriptor(
            f,
            h,
            h.data.example ? 'example' : 'credential',
            { file: file[0].toUpperCase() + file.slice(1) },
            FIXES[kind] ?? 'Keep credentials out of the image: pass them as build secrets (`RUN --mount=type=secret`) and at run time; rotate this one.',
          ),
        );
      }
    }
  },
});
