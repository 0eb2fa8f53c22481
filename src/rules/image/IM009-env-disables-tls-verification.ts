import DF065 from '../dockerfile/DF065-tls-verification-disabled-env.js';
import { dockerfileRuleFindings, envInstructionFor } from './dockerfile-bridge.js';
import { defineImageRule } from './types.js';

export default defineImageRule({
  meta: {
    id: 'IM009',
    name: 'env-disables-tls-verification',
    aliases: [],
    family: 'IM',
    shortDescription: 'An environment variable of the image turns off TLS or checksum verification',
    fullDescription:
      "`config.Env` sets NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, NPM_CONFIG_STRICT_SSL=false, PIP_TRUSTED_HOST, GOINSECURE, GOSUMDB=off, GONOSUMCHECK, an empty CURL_CA_BUNDLE or REQUESTS_CA_BUNDLE, or a similar setting: every container started from the image accepts any TLS certificate (or skips checksum checks), so anyone on the network path can tamper with what it downloads and sends. The variables and values are judged exactly as by the Dockerfile rule DF065, including the ones set by the base image.",
    defaultLevel: 'warning',
    tags: ['security', 'supply-chain'],
    securitySeverity: 7.0,
    precision: 'very-high',
    messages: {
      off: 'Environment variable {{detail}}',
    },
  },
  check(facts, ctx) {
    (facts.config.config?.Env ?? []).forEach((item, i) => {
      const eq = item.indexOf('=');
      if (eq <= 0) return;
      const name = item.slice(0, eq);
      const value = item.slice(eq + 1);
      for (const f of dockerfileRuleFindings(DF065, `FROM scratch\n${envInstructionFor(name, value)}`)) {
        // DF065 words it for a Dockerfile ENV; in an image the variable is set in every container.
        const detail = f.message.replace(/^`ENV /, '`').replace(', in every later build step and in the running container', ' in every container of the image');
        ctx.report({
          messageId: 'off',
          data: { detail },
          configKey: `config.Env[${i}]`,
          fix: 'Remove the variable from the image (ENV in the Dockerfile or its base) and install the CA certificates the service needs.',
          facts: { name },
          fingerprintKey: name,
        });
      }
    });
  },
});
