import { describe, expect, it } from 'vitest';
import { detectSecretsInText, detectSecretAssignment, mask, type SecretMatch } from '../../src/secrets/index.js';
import { awsExample, fake } from './fake.js';

function ids(text: string, opts = {}): string[] {
  return detectSecretsInText(text, opts).map((m) => m.detector);
}

function only(text: string, opts = {}): SecretMatch {
  const matches = detectSecretsInText(text, opts);
  expect(matches, JSON.stringify(matches)).toHaveLength(1);
  return matches[0];
}

describe('detectSecretsInText: known formats', () => {
  const cases: [string, () => string, string][] = [
    ['GitHub personal access token', fake.githubPat, 'github-pat'],
    ['GitHub app installation token', fake.githubApp, 'github-app-token'],
    ['GitHub fine-grained token', fake.githubFineGrained, 'github-fine-grained-pat'],
    ['GitLab personal access token', fake.gitlab, 'gitlab-token'],
    ['Slack bot token', fake.slackBot, 'slack-token'],
    ['Slack webhook', fake.slackWebhook, 'slack-webhook'],
    ['npm token', fake.npm, 'npm-token'],
    ['PyPI token', fake.pypi, 'pypi-token'],
    ['Stripe live key', fake.stripeLive, 'stripe-key'],
    ['Google API key', fake.googleApiKey, 'google-api-key'],
    ['AWS access key id', fake.awsAccessKeyId, 'aws-access-key-id'],
    ['OpenAI project key', fake.openai, 'openai-api-key'],
    ['Anthropic key', fake.anthropic, 'anthropic-api-key'],
    ['Docker Hub PAT', fake.dockerHub, 'dockerhub-token'],
    ['DigitalOcean token', fake.digitalOcean, 'digitalocean-token'],
    ['JWT', fake.jwt, 'jwt'],
  ];
  for (const [name, make, detector] of cases) {
    it(`finds a ${name} in the middle of a line, with its exact position`, () => {
      const token = make();
      const m = only(`first line\n  value = "${token}" # trailing`);
      expect(m.detector).toBe(detector);
      expect(m.line).toBe(2);
      expect(m.column).toBe(12);
      expect(m.endColumn).toBe(12 + token.length);
      expect(m.length).toBe(token.length);
      expect(m.masked).toBe(mask(token));
      expect(m.masked).not.toContain(token.slice(4));
    });
  }

  it('Stripe test keys are medium severity, live keys critical', () => {
    expect(only(fake.stripeTest()).severity).toBe('medium');
    expect(only(fake.stripeLive()).severity).toBe('critical');
  });

  it('an AWS secret key in context: credentials file, env line, JSON', () => {
    const key = fake.awsSecretKey();
    expect(only(`[default]\naws_secret_access_key = ${key}\n`).detector).toBe('aws-secret-access-key');
    expect(only(`AWS_SECRET_ACCESS_KEY="${key}"`).detector).toBe('aws-secret-access-key');
    expect(only(`{"SecretAccessKey": "${key}"}`).detector).toBe('aws-secret-access-key');
  });

  it('a 40-character base64 string with no AWS name around it is not an AWS key', () => {
    expect(ids(`checksum: ${fake.awsSecretKey()}`)).toEqual([]);
  });

  it('an AWS key id inside a longer base64 blob is not reported', () => {
    expect(ids(`${fake.base64(30)}${fake.awsAccessKeyId()}${fake.base64(30)}`)).toEqual([]);
  });

  it('a private key block, with its kind in the title', () => {
    const pem = fake.pem();
    const m = only(`COPY <<EOF /root/.ssh/id_rsa\n${pem}\nEOF`);
    expect(m.detector).toBe('private-key');
    expect(m.title).toBe('RSA private key');
    expect(m.severity).toBe('critical');
    expect(m.line).toBe(2);
    expect(m.endLine).toBe(13);
  });

  it('OpenSSH, PKCS#8 and PGP private keys', () => {
    expect(only(fake.pem('OPENSSH PRIVATE KEY')).title).toBe('OpenSSH private key');
    expect(only(fake.pem('PRIVATE KEY')).title).toBe('PKCS#8 private key');
    expect(only(fake.pem('PGP PRIVATE KEY BLOCK')).title).toBe('PGP private key block');
  });

  it('an encrypted private key is reported at medium severity', () => {
    expect(only(fake.pem('ENCRYPTED PRIVATE KEY')).severity).toBe('medium');
  });

  it('a PEM key with escaped newlines (in a JSON string)', () => {
    const pem = fake.pem('PRIVATE KEY').replace(/\n/g, '\\n');
    expect(only(`{"key": "${pem}"}`).detector).toBe('private-key');
  });

  it('a GCP service account file is one finding, not a private key plus an account', () => {
    const pem = fake.pem('PRIVATE KEY').replace(/\n/g, '\\n');
    const json = `{\n  "type": "service_account",\n  "project_id": "p",\n  "private_key_id": "${fake.hex(40)}",\n  "private_key": "${pem}\\n",\n  "client_email": "a@p.iam.gserviceaccount.com"\n}`;
    expect(ids(json)).toEqual(['gcp-service-account']);
  });

  it('a password in a URL', () => {
    const m = only('git clone https://deploy:Zq8vLw2xR4@git.acme-corp.io/org/repo.git');
    expect(m.detector).toBe('url-password');
    expect(m.column).toBe('git clone https://deploy:'.length + 1);
    expect(m.length).toBe(10);
  });

  it('a GitHub token used as a URL password is reported once, as a GitHub token', () => {
    expect(ids(`https://x-access-token:${fake.githubApp()}@github.com/org/repo`)).toEqual(['github-app-token']);
  });

  it('npmrc auth tokens', () => {
    expect(ids(`//registry.example.com/:_authToken=${fake.alnum(32)}`)).toEqual(['npmrc-auth']);
    expect(ids(`//registry.npmjs.org/:_authToken=${fake.npm()}`)).toEqual(['npm-token']);
    expect(ids(`_auth=${Buffer.from('ci:Xk29sLq0p').toString('base64')}`)).toEqual(['npmrc-auth']);
  });

  it('a docker config.json auth entry that decodes to user:password', () => {
    const auth = Buffer.from('robot:Vq93kLm2Pz7w').toString('base64');
    expect(ids(`{"auths": {"registry.example.com": {"auth": "${auth}"}}}`)).toEqual(['docker-config-auth']);
  });

  it('an Authorization header with a random bearer token', () => {
    expect(ids(`curl -H "Authorization: Bearer ${fake.alnum(40)}" https://api.example.com`)).toEqual(['authorization-header']);
    expect(ids(`curl -H "Authorization: Basic ${Buffer.from('svc:Pw83kdLq').toString('base64')}" x`)).toEqual(['authorization-header']);
  });

  it('an Azure storage connection string', () => {
    expect(ids(`DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${fake.azureStorage()};EndpointSuffix=core.windows.net`)).toEqual([
      'azure-storage-key',
    ]);
  });

  it('several secrets in one text, in text order', () => {
    const text = `A=${fake.npm()}\nB=${fake.githubPat()}\n${fake.pem()}\n`;
    expect(ids(text)).toEqual(['npm-token', 'github-pat', 'private-key']);
  });

  it('maxMatches bounds a flood', () => {
    const text = Array.from({ length: 50 }, () => fake.npm()).join('\n');
    expect(detectSecretsInText(text, { maxMatches: 10 })).toHaveLength(10);
  });

  it('disable leaves a detector out', () => {
    expect(ids(fake.jwt(), { disable: ['jwt'] })).toEqual([]);
  });
});

describe('detectSecretsInText: placeholders and look-alikes are left alone', () => {
  const gh = ['gh', 'p_'].join('');
  const cases: [string, string][] = [
    ['a token of x', `${gh}${'x'.repeat(36)}`],
    ['a token of one repeated character', `${gh}${'a'.repeat(36)}`],
    ['a sequential token', `${gh}0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`],
    ['a token with "your" in it', `${gh}your_token_hereyour_token_hereyour_tok`],
    ['a URL with a ${VAR} password', 'https://user:${PASSWORD}@example.com'],
    ['a URL with a $VAR password', 'https://user:$PASSWORD@example.com'],
    ['a URL with a <password> placeholder', 'https://user:<password>@example.com'],
    ['a URL with a port and an @ in the path', 'http://host:8080/@scope/pkg'],
    ['a URL whose password equals the user', 'amqp://guest:guest@rabbitmq:5672/'],
    ['a well-known default password in a URL', 'postgres://app:postgres@db/app'],
    ['an ssh git remote', 'git@github.com:org/repo.git'],
    ['a token in the user part given by reference', 'https://${GITHUB_TOKEN}:x-oauth-basic@github.com/'],
    ['npmrc with an env reference', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}'],
    ['npmrc with a $VAR reference', '//registry.npmjs.org/:_authToken=$NPM_TOKEN'],
    ['a PEM header without a body (grep in a script)', 'grep -q "-----BEGIN RSA PRIVATE KEY-----" key.pem'],
    ['a PEM block with a placeholder body', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----'],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----'],
    ['an Authorization header with a variable', 'curl -H "Authorization: Bearer $TOKEN" https://x'],
    ['an Authorization header with a placeholder', 'Authorization: Bearer <your-token-here>'],
    ['a docker auth that does not decode to user:password', '{"auth": "bm90LWEtcGFpcg=="}'],
    ['a slack token placeholder', `${['xo', 'xb-'].join('')}your-bot-token-goes-here`],
    ['a JWT-like string whose header is not JSON', `eyJ${'a'.repeat(20)}.eyJ${'b'.repeat(20)}.${'c'.repeat(20)}`],
    ['a GPG fingerprint', 'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D'],
    ['a sha256 checksum', 'echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  file" | sha256sum -c'],
    ['an empty text', ''],
  ];
  for (const [name, text] of cases) {
    it(name, () => expect(detectSecretsInText(text, { assignments: true })).toEqual([]));
  }
});

describe('documentation example keys', () => {
  const envFile = `AWS_ACCESS_KEY_ID=${awsExample.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${awsExample.secretKey}\n`;

  it('are reported by default, marked as examples, at low severity', () => {
    const matches = detectSecretsInText(envFile);
    expect(matches.map((m) => [m.detector, m.example, m.severity, m.line])).toEqual([
      ['aws-access-key-id', true, 'low', 1],
      ['aws-secret-access-key', true, 'low', 2],
    ]);
    expect(matches[0].title).toContain('documentation example');
  });

  it('are dropped with examples: skip', () => {
    expect(detectSecretsInText(envFile, { examples: 'skip' })).toEqual([]);
  });

  it('a real-looking key next to them is still critical', () => {
    const m = detectSecretsInText(`${envFile}aws_secret_access_key=${fake.awsSecretKey()}\n`, { examples: 'skip' });
    expect(m.map((x) => [x.detector, x.severity])).toEqual([['aws-secret-access-key', 'critical']]);
  });
});

describe('assignments in text (opt-in)', () => {
  it('are not reported unless asked', () => {
    expect(detectSecretsInText('DB_PASSWORD=Kx8!vTq2mP')).toEqual([]);
  });

  it('env-file, YAML, JSON, history-line and export forms', () => {
    const opts = { assignments: true };
    expect(only('DB_PASSWORD=Kx8!vTq2mP', opts).column).toBe(13);
    expect(only('db:\n  password: "Kx8!vTq2mP"\n', opts).column).toBe(14);
    expect(only('{"clientSecret": "Zt5qP0wLm3Xc9Rb7"}', opts).detector).toBe('secret-assignment');
    expect(only('/bin/sh -c #(nop) ENV APP_HOME=/app DB_PASSWORD=supersecret123', opts).masked).toBe('sup…(14 chars)');
    expect(only("export API_KEY='Zt5qP0wLm3Xc9Rb7'", opts).name).toBe('API_KEY');
  });

  it('leave alone placeholders, references, paths and non-secret names', () => {
    const text = [
      'POSTGRES_PASSWORD=postgres',
      'DB_PASSWORD=${DB_PASSWORD}',
      'PASSWORD_FILE=/run/secrets/db',
      'SECRET_KEY_BASE=dummy',
      'TOKEN_TTL=3600',
      'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
      'API_KEY=changeme',
      'AUTH_ENABLED=true',
      'USERNAME=admin_user_01',
      'password = get_password()',
    ].join('\n');
    expect(detectSecretsInText(text, { assignments: true })).toEqual([]);
  });
});

describe('detectSecretAssignment', () => {
  const cases: [string, string, string | undefined][] = [
    ['DB_PASSWORD', 'supersecret123', 'secret-assignment'],
    ['API_KEY', 'Zt5qP0wLm3Xc9Rb7', 'secret-assignment'],
    ['JWT_SECRET', 'mysupersecretjwtsigningphrase', 'secret-assignment'],
    ['AWS_SECRET_ACCESS_KEY', fake.awsSecretKey(), 'aws-secret-access-key'],
    ['LABEL_ANYTHING', fake.githubPat(), 'github-pat'],
    ['DATABASE_URL', 'postgres://app:Rk39xLq8w@db:5432/app', 'url-password'],
    ['API_KEY', 'abc', undefined],
    ['API_KEY', 'notrandom', undefined],
    ['DB_PASSWORD', 'postgres', undefined],
    ['POSTGRES_PASSWORD', 'postgres', undefined],
    ['RABBITMQ_DEFAULT_PASS', 'guest', undefined],
    ['PASSWORD_FILE', '/run/secrets/db', undefined],
    ['DB_PASSWORD', '/run/secrets/db_password', undefined],
    ['SECRET_KEY_BASE', 'dummy', undefined],
    ['SECRET_KEY_BASE', '1', undefined],
    ['GITHUB_TOKEN', '${GITHUB_TOKEN}', undefined],
    ['NPM_TOKEN', '$(cat /run/secrets/npm)', undefined],
    ['TOKEN_TTL', '3600', undefined],
    ['AUTH_TOKEN_LENGTH', '64', undefined],
    ['DEBUG', 'true', undefined],
    ['APP_VERSION', '1.2.3', undefined],
    ['DATABASE_URL', 'postgres://db:5432/app', undefined],
    ['SLACK_WEBHOOK_URL', 'https://hooks.slack.com/services/XXX/YYY/ZZZ', undefined],
    ['SIGNING_KEY', 'keys/signing.pem', undefined],
    ['GPG_KEY', 'A035C8C19219BA821ECEA86B64E628F8D684696D', undefined],
    ['API_KEY', '', undefined],
  ];
  for (const [name, value, detector] of cases) {
    it(`${name}=${mask(value)} -> ${detector ?? 'nothing'}`, () => {
      expect(detectSecretAssignment(name, value)?.detector).toBe(detector);
    });
  }

  it('positions are relative to the value', () => {
    const token = fake.npm();
    const m = detectSecretAssignment('X', `Bearer ${token}`);
    expect(m?.column).toBe(8);
    expect(m?.length).toBe(token.length);
  });

  it('an AWS example key assigned to AWS_SECRET_ACCESS_KEY is an example', () => {
    const m = detectSecretAssignment('AWS_SECRET_ACCESS_KEY', awsExample.secretKey);
    expect(m?.example).toBe(true);
    expect(m?.severity).toBe('low');
    expect(detectSecretAssignment('AWS_SECRET_ACCESS_KEY', awsExample.secretKey, { examples: 'skip' })).toBeUndefined();
  });
});

describe('matches are plain data', () => {
  it('survive a structured clone unchanged (worker threads)', () => {
    const matches = detectSecretsInText(`${fake.pem()}\nT=${fake.githubPat()}\nP=Kx8!vTq2mP`, { assignments: true });
    expect(matches.length).toBeGreaterThan(0);
    expect(structuredClone(matches)).toEqual(matches);
  });

  it('no match carries the secret itself', () => {
    const token = fake.githubPat();
    const matches = detectSecretsInText(`T=${token}`);
    expect(JSON.stringify(matches)).not.toContain(token.slice(4, 20));
  });

  it('large text with no secrets and a keyword in it comes back empty', () => {
    const text = `private key management notes\n${fake.base64(2_000_000)}\nsk-`;
    expect(detectSecretsInText(text)).toEqual([]);
  });
});
