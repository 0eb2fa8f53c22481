import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/compose/CO011-secret-in-environment.js';
import { composeRuleTester, runComposeRule, yaml } from './harness.js';

// Assembled so that the repository holds no scannable token.
const GITHUB_TOKEN = ['ghp', '_', 'R8fK2mQ9xLp4Wz7Tb3Vn6Yc1Hs5Jd0Ae8Gu2'].join('');
const AWS_KEY_ID = ['AKIA', 'Z7QW3ERT5YU8IOP2'].join('');

const env = (...entries: string[]) => yaml('services:', '  app:', '    image: x:1', '    environment:', ...entries.map((e) => `      ${e}`));

describe('CO011 secret-in-environment', () => {
  const t = composeRuleTester(rule);
  t.catches('a literal password, map form', env('DB_PASSWORD: Tr0ub4dor&3x'), [
    { messageId: 'byName', line: 5, column: 20, endColumn: 32, message: 'DB_PASSWORD' },
  ]);
  t.catches('a literal password, list form, at the value', env('- "DB_PASSWORD=Tr0ub4dor&3x"'), [{ messageId: 'byName', line: 5, column: 22 }]);
  t.catches('a known token format whatever the name', env(`- GH=${GITHUB_TOKEN}`), [{ messageId: 'byValue', line: 5, column: 12, message: 'ghp_…(40 chars)' }]);
  t.catches('a password in a URL', env('DATABASE_URL: postgres://app:s3cr3tPassw0rd@db:5432/app'), [{ messageId: 'byValue', line: 5 }]);
  t.leavesAlone('a URL whose password is a variable', env('DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app'));
  t.catches('a secret default', env('API_TOKEN: ${API_TOKEN:-9f8e7d6c5b4a39281706f5e4d3c2b1a0}'), [{ messageId: 'inDefault', line: 5, message: 'API_TOKEN' }]);
  t.catches('a secret default even when .env sets the variable', env('DB_PASSWORD: ${DB_PASSWORD-Tr0ub4dor&3x}'), [{ messageId: 'inDefault', line: 5 }], {
    files: { '.env': 'DB_PASSWORD=other\n' },
  });
  t.catches('an AWS key in an anchor, once per service using it', yaml('x-env: &env', `  AWS_ACCESS_KEY_ID: ${AWS_KEY_ID}`, 'services:', '  a:', '    environment: *env', '  b:', '    environment: *env'), [
    { line: 2, message: '"a"' },
    { line: 2, message: '"b"' },
  ]);
  t.catches('in an extended service', yaml('services:', '  app:', '    extends: {file: base.yml, service: base}'), [{ line: 5, file: 'base.yml' }], {
    files: { 'base.yml': yaml('services:', '  base:', '    image: x:1', '    environment:', '      - SECRET_KEY=h7Gk2Lm9Qp4Rs8Tv1Wx6Yz3') },
  });
  t.catches('a build argument', yaml('services:', '  app:', '    build:', '      context: .', '      args:', '        NPM_TOKEN: npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'), [{ messageId: 'buildArg', line: 6 }]);
  t.leavesAlone('references to the environment, map form', env('DB_PASSWORD: ${DB_PASSWORD}', 'API_TOKEN: $API_TOKEN', 'SECRET_KEY: ${SECRET_KEY:?set it}', 'PASSWORD:'));
  t.leavesAlone('references to the environment, list form', env('- DB_PASSWORD=${DB_PASSWORD}', '- SECRET_KEY=${SECRET_KEY:?set it}', '- TOKEN'));
  t.leavesAlone('values from .env (not in this file)', env('DB_PASSWORD: ${DB_PASSWORD}'), { files: { '.env': 'DB_PASSWORD=Tr0ub4dor&3x\n' } });
  t.leavesAlone('paths to Docker secrets', env('POSTGRES_PASSWORD_FILE: /run/secrets/db_password', 'MYSQL_ROOT_PASSWORD_FILE: /run/secrets/root'));
  t.leavesAlone('placeholders and well-known defaults', env('POSTGRES_PASSWORD: postgres', 'MYSQL_ROOT_PASSWORD: example', 'ADMIN_PASSWORD: changeme', 'API_KEY: <your-api-key>'));
  t.leavesAlone('settings about secrets', env('TOKEN_TTL: 3600', 'PASSWORD_MIN_LENGTH: "12"', 'AUTH_ENABLED: "true"', 'SECRET_NAME: app-secret', 'JWT_SECRET_PATH: /etc/jwt'));
  t.leavesAlone('names that only look secret', env('KEYCLOAK_VERSION: "24.0"', 'PRIMARY_KEY_COLUMN: id', 'TOKENIZERS_PARALLELISM: "false"'));
  t.leavesAlone('suppressed above the entry', env('# plimsoll ignore=CO011 -- throwaway password of the test database', 'DB_PASSWORD: Tr0ub4dor&3x'));

  it('never shows the secret whole', () => {
    const findings = runComposeRule(rule, env(`GH_TOKEN: ${GITHUB_TOKEN}`, 'DB_PASSWORD: Tr0ub4dor&3x'));
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(JSON.stringify(f)).not.toContain(GITHUB_TOKEN);
      expect(JSON.stringify(f)).not.toContain('Tr0ub4dor&3x');
    }
  });
});
