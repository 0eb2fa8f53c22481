import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM009-env-disables-tls-verification.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);

describe('IM009 env-disables-tls-verification', () => {
  t.catches('NODE_TLS_REJECT_UNAUTHORIZED=0', { config: { Env: ['PATH=/usr/bin', 'NODE_TLS_REJECT_UNAUTHORIZED=0'] } }, [
    { messageId: 'off', configKey: 'config.Env[1]', message: '`NODE_TLS_REJECT_UNAUTHORIZED=0`: Node.js accepts any TLS certificate in every container of the image' },
  ]);
  t.catches('GIT_SSL_NO_VERIFY and PIP_TRUSTED_HOST', { config: { Env: ['GIT_SSL_NO_VERIFY=1', 'PIP_TRUSTED_HOST=pypi.acme.io'] } }, [
    { messageId: 'off', configKey: 'config.Env[0]' },
    { messageId: 'off', configKey: 'config.Env[1]', message: 'pip skips TLS checks' },
  ]);
  t.catches('an empty REQUESTS_CA_BUNDLE', { config: { Env: ['REQUESTS_CA_BUNDLE='] } }, [{ messageId: 'off' }]);
  t.leavesAlone('verification on', { config: { Env: ['NODE_TLS_REJECT_UNAUTHORIZED=1', 'GIT_SSL_NO_VERIFY=false', 'REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt'] } });
  t.leavesAlone('values with quotes and dollars', { config: { Env: ['GREETING=say "hi" for $5', 'PATH=/usr/bin'] } });
});
