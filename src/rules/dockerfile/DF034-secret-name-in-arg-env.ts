import { classifySecretName, detectSecretAssignment, isNonSecretValue, isReference } from '../../secrets/index.js';
import { defineDockerfileRule } from './types.js';
import { finalImageStages, instructionsWithTriggers, stageOf } from './support.js';

/** Defaults that say "no real value here" (`SECRET_KEY_BASE=dummy` for Rails asset precompilation). */
const DUMMY = /^(dummy|placeholder|precompile|assets?|build|none|null|nil|unused|disabled|skip|x+|0|1|true|false|-)$/i;

export default defineDockerfileRule({
  meta: {
    id: 'DF034',
    name: 'secret-name-in-arg-env',
    aliases: ['DL3064'],
    family: 'DF',
    shortDescription: 'ARG or ENV whose name looks like a secret',
    fullDescription:
      'Build arguments are recorded in the image history (`docker history`) and in build provenance, and ENV values are stored in the image config that anyone who pulls the image can read. A variable named like a secret (NPM_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY) set this way leaks it. Names are matched by token, not substring, so KEYCLOAK_VERSION, GOPRIVATE, GPG_KEY, TOKEN_TTL and *_FILE are not secrets.',
    defaultLevel: 'warning',
    tags: ['security', 'secrets'],
    securitySeverity: 7.0,
    precision: 'high',
    messages: {
      arg: 'ARG "{{name}}" looks like a secret ({{reason}}): build arguments are recorded in the image history; pass it as a build secret instead (`RUN --mount=type=secret,id={{id}},env={{name}} ...` with `--secret id={{id}},env={{name}}`)',
      env: 'ENV "{{name}}" looks like a secret ({{reason}}): ENV values are stored in the image config for anyone who pulls the image; set it at run time, or use a secret mount during the build',
    },
  },
  check(df, ctx) {
    const shipping = finalImageStages(df);
    for (const instr of instructionsWithTriggers(df)) {
      if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') continue;
      // ENV in a build stage never reaches the image config; ONBUILD ENV reaches every child image.
      const stage = stageOf(df, instr);
      if (instr.keyword === 'ENV' && !instr.onbuild && stage && !shipping.has(stage.index)) continue;
      for (const p of instr.properties ?? []) {
        const cls = classifySecretName(p.name);
        if (!cls.secretLike) continue;
        const value = p.value?.trim();
        if (value !== undefined && value !== '') {
          // A value that is itself a secret is DF050's finding (an error); one report is enough.
          if (detectSecretAssignment(p.name, value)) continue;
          if (DUMMY.test(value)) continue;
          if (instr.keyword === 'ENV' && !isReference(value) && isNonSecretValue(value)) continue;
        } else if (instr.keyword === 'ENV') {
          // `ENV NPM_TOKEN=` clears it.
          continue;
        }
        const reason = cls.reason.replace(/^known secret name .*/, 'a known secret name');
        ctx.report({
          messageId: instr.keyword === 'ARG' ? 'arg' : 'env',
          data: { name: p.name, reason, id: p.name.toLowerCase() },
          range: p.nameRange,
          fingerprintKey: `${instr.keyword}\u0000${p.name}`,
        });
      }
    }
  },
});
