import { detectSecretAssignment, type SecretMatch } from '../../secrets/index.js';
import { secretOf } from './history.js';
import { defineImageRule } from './types.js';

export default defineImageRule({
  meta: {
    id: 'IM002',
    name: 'secret-in-config',
    aliases: [],
    family: 'IM',
    shortDescription: 'A secret in the image config: an environment variable or a label',
    fullDescription:
      "Environment variables (`config.Env`) and labels (`config.Labels`) are stored in the image config in plain text: everyone who can pull the image reads them with `docker inspect`, and every container started from it has the environment. A value counts when it has a known token format (AWS, GitHub, GitLab, npm, Slack, Stripe, private keys...) whatever the name, or when the name is secret-like by token (`DB_PASSWORD`, `NPM_TOKEN`, `apiKey`; not `PASSWORD_FILE`, `TOKEN_TTL` or `KEYCLOAK_VERSION`) and the value is a real literal, not a placeholder, a `$VAR` reference, a path or a well-known default. The value is never shown whole. Pass secrets at run time (orchestrator secrets, mounted files) instead.",
    defaultLevel: 'error',
    tags: ['security', 'secrets'],
    securitySeverity: 9.0,
    precision: 'high',
    messages: {
      env: 'Environment variable {{name}} holds {{secret}} in the image config: everyone who pulls the image can read it; rotate it and pass it at run time',
      label: 'Label {{name}} holds {{secret}} in the image config: everyone who pulls the image can read it; rotate it and remove the label',
      example: '{{what}} {{name}} holds {{secret}} that looks like a documentation example key, not a real one; if it is real, rotate it and pass it at run time',
    },
    options: {
      reportExampleKeys: {
        type: 'boolean',
        default: true,
        description: "report documentation example keys such as AWS's AKIAIOSFODNN7EXAMPLE (with their own message); false ignores them",
      },
    },
  },
  check(facts, ctx) {
    const examples = ctx.options.reportExampleKeys ? 'report' : 'skip';
    const report = (kind: 'env' | 'label', name: string, key: string, m: SecretMatch) => {
      ctx.report({
        messageId: m.example ? 'example' : kind,
        data: { name, secret: secretOf(m), what: kind === 'env' ? 'Environment variable' : 'Label' },
        configKey: key,
        fix: 'Remove the value from the Dockerfile (ENV/LABEL/ARG) and give it to the container at run time: a secret store, a mounted file, or `docker run -e` from the environment.',
        facts: { name, detector: m.detector, masked: m.masked, severity: m.severity, example: m.example === true },
        fingerprintKey: `${kind}\u0000${name}\u0000${m.detector}\u0000${m.masked}`,
      });
    };
    (facts.config.config?.Env ?? []).forEach((item, i) => {
      const eq = item.indexOf('=');
      if (eq <= 0) return;
      const name = item.slice(0, eq);
      const m = detectSecretAssignment(name, item.slice(eq + 1), { examples });
      if (m) report('env', name, `config.Env[${i}]`, m);
    });
    for (const [name, value] of Object.entries(facts.config.config?.Labels ?? {})) {
      if (typeof value !== 'string') continue;
      const m = detectSecretAssignment(name, value, { examples });
      if (m) report('label', name, `config.Labels[${JSON.stringify(name)}]`, m);
    }
  },
});
