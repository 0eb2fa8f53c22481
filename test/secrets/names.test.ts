import { describe, expect, it } from 'vitest';
import { classifySecretName, mask, nameTokens } from '../../src/secrets/index.js';

describe('classifySecretName', () => {
  const secretLike: [string, string][] = [
    ['NPM_TOKEN', 'known'],
    ['GITHUB_TOKEN', 'known'],
    ['AWS_SECRET_ACCESS_KEY', 'known'],
    ['AWS_ACCESS_KEY_ID', 'known'],
    ['PGPASSWORD', 'known'],
    ['MYSQL_ROOT_PASSWORD', 'password'],
    ['DB_PASSWORD', 'password'],
    ['dbPassword', 'password'],
    ['db-passwd', 'passwd'],
    ['RABBITMQ_DEFAULT_PASS', 'pass'],
    ['LDAP_ROOTPASS', 'rootpass'],
    ['API_KEY', 'api_key'],
    ['apiKey', 'api_key'],
    ['OPENAI_API_KEY', 'api_key'],
    ['STRIPE_SECRET_KEY', 'secret'],
    ['SECRET_KEY_BASE', 'secret'],
    ['JWT_SECRET', 'secret'],
    ['clientSecret', 'secret'],
    ['AUTH_TOKEN', 'token'],
    ['SENTRY_AUTH_TOKEN', 'token'],
    ['VITE_API_KEY', 'api_key'],
    ['REACT_APP_GITHUB_TOKEN', 'known'],
    ['SSH_PRIVATE_KEY', 'key'],
    ['ENCRYPTION_KEY', 'key'],
    ['GOOGLE_CREDENTIALS', 'credentials'],
    ['JENKINS_PSW', 'psw'],
    ['GITHUB_PAT', 'known'],
    ['TF_TOKEN_app_terraform_io', 'token'],
    ['AUTH_SALT', 'salt'],
    ['--password', 'password'],
    ['--api-key', 'api_key'],
  ];
  for (const [name, token] of secretLike) {
    it(`${name} is secret-like`, () => {
      const c = classifySecretName(name);
      expect(c.secretLike, c.reason).toBe(true);
      if (token === 'known') expect(c.reason).toContain('known');
      else expect(c.token).toBe(token);
    });
  }

  const notSecret: string[] = [
    'KEYCLOAK_VERSION',
    'GOPRIVATE',
    'GONOSUMDB',
    'GPG_KEY',
    'GPG_KEYS',
    'PHP_GPG_KEYS',
    'TOKENIZERS_PARALLELISM',
    'TOKEN_TTL',
    'TOKEN_LENGTH',
    'TOKEN_TIMEOUT',
    'TOKEN_EXPIRY',
    'POSTGRES_PASSWORD_FILE',
    'GITHUB_TOKEN_FILE',
    'SECRETS_PATH',
    'SECRETS_DIR',
    'API_KEY_HEADER',
    'AUTH_URL',
    'SECRET_NAME',
    'JWT_PUBLIC_KEY',
    'SSH_PUBLIC_KEY',
    'PUBLIC_KEY',
    'NEXT_PUBLIC_API_KEY',
    'USERNAME',
    'username',
    'DB_USER',
    'ADMIN_USERNAME',
    'PASSWORD_MIN_LENGTH',
    'PASSWORD_HASH_ALGO',
    'TOKEN_CIPHER',
    'PWD',
    'OLDPWD',
    'ROUTING_KEY',
    'CACHE_KEY',
    'PRIMARY_KEY',
    'KEYSERVER',
    'GPG_KEYSERVER',
    'AUTHORIZED_KEYS',
    'SSH_AUTH_SOCK',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'DOCKER_AUTH_VERSION',
    'OAUTH2_PROXY_VERSION',
    'KEEPASSXC_VERSION',
    'BYPASS_CACHE',
    'PASS_THROUGH',
    'COMPASS_HOME',
    'CSRF_TOKEN',
    'AWS_ACCESS_KEY_ID_FILE',
    'KEY_ID',
    'SIGNING_KEY_ID',
    'PATH',
    'HOME',
    '',
  ];
  for (const name of notSecret) {
    it(`${name || '(empty)'} is not secret-like`, () => {
      const c = classifySecretName(name);
      expect(c.secretLike, c.reason).toBe(false);
      expect(c.reason.length).toBeGreaterThan(0);
    });
  }
});

describe('nameTokens', () => {
  it('splits snake, kebab, dots and camel case', () => {
    expect(nameTokens('NPM_TOKEN')).toEqual(['npm', 'token']);
    expect(nameTokens('dbPassword')).toEqual(['db', 'password']);
    expect(nameTokens('AWSSecretKey')).toEqual(['aws', 'secret', 'key']);
    expect(nameTokens('spring.datasource.password')).toEqual(['spring', 'datasource', 'password']);
  });
});

describe('mask', () => {
  it('shows at most four characters and the length', () => {
    expect(mask('AKIA' + 'IOSFODNN7EXAMPLE')).toBe('AKIA…(20 chars)');
    expect(mask('supersecret123')).toBe('sup…(14 chars)');
    expect(mask('hunter2')).toBe('h…(7 chars)');
    expect(mask('abc')).toBe('…(3 chars)');
    expect(mask('')).toBe('…(0 chars)');
  });
  it('never shows the whole value, however short', () => {
    for (const v of ['a', 'ab', 'abcd', 'abcde', 'abcdefgh']) expect(mask(v).startsWith(v)).toBe(false);
  });
  it('shows no control characters', () => {
    expect(mask('\n\t\u0001abcdefghijklm')).toBe('???a…(16 chars)');
  });
});
