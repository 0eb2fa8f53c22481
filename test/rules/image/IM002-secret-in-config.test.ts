import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/IM002-secret-in-config.js';
import { GITHUB_PAT, RANDOM_PASSWORD, SLACK_BOT } from '../tokens.js';
import { imageRuleTester, runImageRule } from './harness.js';

const t = imageRuleTester(rule);
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('IM002 secret-in-config', () => {
  t.catches('a password in ENV, by name', { config: { Env: [PATH, 'APP_HOME=/app', 'DB_PASSWORD=supersecret123'] } }, [
    { messageId: 'env', configKey: 'config.Env[2]', message: 'Environment variable DB_PASSWORD holds a password (sup…(14 chars))' },
  ]);
  t.catches('a GitHub token by value, whatever the name', { config: { Env: [PATH, `GIT_REMOTE_AUTH=${GITHUB_PAT}`] } }, [
    { messageId: 'env', configKey: 'config.Env[1]', message: 'a GitHub personal access token (ghp_…(40 chars))' },
  ]);
  t.catches('a token in a camelCase name', { config: { Env: [`slackBotToken=${SLACK_BOT}`] } }, [{ messageId: 'env', configKey: 'config.Env[0]' }]);
  t.catches('an AWS documentation example key: its own message', { config: { Env: ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'] } }, [
    { messageId: 'example', message: 'looks like a documentation example key' },
  ]);
  t.catches('a secret in a label', { config: { Labels: { 'com.acme.deploy-token': RANDOM_PASSWORD + 'Zq81' } } }, [
    { messageId: 'label', configKey: 'config.Labels["com.acme.deploy-token"]' },
  ]);

  t.leavesAlone('a path to a secret file', { config: { Env: ['POSTGRES_PASSWORD_FILE=/run/secrets/db'] } });
  t.leavesAlone('a well-known default (POSTGRES_PASSWORD=postgres)', { config: { Env: ['POSTGRES_PASSWORD=postgres'] } });
  t.leavesAlone('placeholders and references', { config: { Env: ['API_KEY=changeme', 'DB_PASSWORD=${DB_PASSWORD}', 'TOKEN=<token>', 'SECRET_KEY_BASE=dummy'] } });
  t.leavesAlone('names about secrets, not secrets', { config: { Env: ['TOKEN_TTL=3600', 'KEYCLOAK_VERSION=24.0.1', 'GPG_KEY=A4A9406876FCBD3C456770C88C718D3B5072E1F5', 'PASSWORD_MIN_LENGTH=12'] } });
  t.leavesAlone('example keys with reportExampleKeys off', { config: { Env: ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'] } }, { reportExampleKeys: false });
  t.leavesAlone('OCI labels', { config: { Labels: { 'org.opencontainers.image.source': 'https://github.com/o/r', 'org.opencontainers.image.revision': 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' } } });

  it('never shows the value, and keeps its identity when the variable moves', async () => {
    const [a] = await runImageRule(rule, { config: { Env: [PATH, `DB_PASSWORD=${RANDOM_PASSWORD}`] } });
    const [b] = await runImageRule(rule, { config: { Env: ['A=1', 'B=2', `DB_PASSWORD=${RANDOM_PASSWORD}`], User: 'app' } });
    expect(JSON.stringify(a)).not.toContain(RANDOM_PASSWORD);
    expect(a.facts).toMatchObject({ name: 'DB_PASSWORD', detector: 'secret-assignment', masked: 's3c…(15 chars)' });
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});
