import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/filesystem/FS004-credential-file.js';
import { AWS_KEY_ID, AWS_SECRET, BEARER, GITHUB_PAT, NPM_TOKEN, RANDOM_PASSWORD, RSA_KEY } from '../tokens.js';
import { fsRuleTester, runFsRule } from './harness.js';

const t = fsRuleTester(rule);
const f = (path: string, content: string) => ({ entries: [{ path, content }] });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('FS004 credential-file', () => {
  t.catches('.env with a password', [f('app/.env', `APP_ENV=production\nDB_PASSWORD=${RANDOM_PASSWORD}\n`)], [
    { messageId: 'credential', layer: 0, path: '/app/.env', message: 'An .env file at /app/.env holds a password in DB_PASSWORD (s3c…(15 chars)) on line 2, added in layer 0' },
  ]);
  t.catches('.env with AWS documentation example keys: their own message', [f('app/.env', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n')], [
    { messageId: 'example', message: 'an AWS access key ID (AKIA…(20 chars)) on line 1' },
    { messageId: 'example', message: 'line 2' },
  ]);
  t.catches('.npmrc with an auth token', [f('root/.npmrc', `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`)], [{ messageId: 'credential', message: 'An .npmrc at /root/.npmrc holds an npm access token' }]);
  t.catches('.docker/config.json with auths', [f('root/.docker/config.json', JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`bot:${GITHUB_PAT}`) } } }))], [
    { messageId: 'credential', message: 'A Docker client config (registry credentials) at /root/.docker/config.json' },
  ]);
  t.catches('.aws/credentials', [f('root/.aws/credentials', `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`)], [
    { messageId: 'credential', message: 'line 2' },
    { messageId: 'credential', message: 'an AWS secret access key' },
  ]);
  t.catches('.git-credentials', [f('root/.git-credentials', `https://bot:${RANDOM_PASSWORD}@git.acme.io\n`)], [{ messageId: 'credential', message: 'a password in a URL' }]);
  t.catches('.git/config with a token in the remote URL', [f('app/.git/config', `[remote "origin"]\n\turl = https://x-access-token:${GITHUB_PAT}@github.com/acme/app.git\n`)], [
    { messageId: 'credential', message: 'A git config at /app/.git/config holds a GitHub personal access token' },
  ]);
  t.catches('.netrc', [f('root/.netrc', `machine api.acme.io login bot password ${RANDOM_PASSWORD}\n`)], [{ messageId: 'credential', message: 'A .netrc' }]);
  t.catches('a kubeconfig with a token and a client key', [
    f('root/.kube/config', `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: ${BEARER}Xy7\n    client-key-data: ${b64(RSA_KEY)}\n`),
  ], [
    { messageId: 'credential', message: 'line 6' },
    { messageId: 'credential', message: 'RSA private key (client-key-data)' },
  ]);
  t.catches('.pypirc with a password', [f('root/.pypirc', `[pypi]\nusername = acme\npassword = ${RANDOM_PASSWORD}\n`)], [{ messageId: 'credential', message: 'line 3' }]);
  t.catches('.pgpass', [f('root/.pgpass', `db.acme.io:5432:app:app:${RANDOM_PASSWORD}\n`)], [{ messageId: 'credential', message: 'A .pgpass' }]);
  t.catches('a credential file deleted later: both layers', [f('root/.npmrc', `//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`), { entries: [{ path: 'root/.npmrc', type: 'whiteout' }] }], [
    { messageId: 'credential', layer: 0, relatedLayer: 1, message: 'deleted in layer 1' },
  ]);

  t.leavesAlone('templates: .env.example', [f('app/.env.example', `DB_PASSWORD=${RANDOM_PASSWORD}\n`)]);
  t.leavesAlone('.env with placeholders, references and empty values', [f('app/.env', 'DB_PASSWORD=changeme\nAPI_KEY=\nSECRET=${SECRET}\nTOKEN=<your-token-here>\nDEBUG=true\n')]);
  t.leavesAlone('.npmrc that reads the token from the environment', [f('root/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nregistry=https://registry.npmjs.org/\n')]);
  t.leavesAlone('a Docker config with a credential helper only', [f('root/.docker/config.json', JSON.stringify({ credsStore: 'ecr-login', auths: { 'ghcr.io': {} } }))]);
  t.leavesAlone('a git config without credentials', [f('app/.git/config', '[remote "origin"]\n\turl = https://github.com/acme/app.git\n')]);
  t.leavesAlone('credential files of packages', [f('app/node_modules/dotenv/.env', `DB_PASSWORD=${RANDOM_PASSWORD}\n`)]);
  t.leavesAlone('example keys with reportExampleKeys off', [f('app/.env', 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n')], { options: { reportExampleKeys: false } });

  it('masks every value', async () => {
    const found = await runFsRule(rule, [f('root/.aws/credentials', `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`)]);
    const text = JSON.stringify(found);
    expect(text).not.toContain(AWS_SECRET);
    expect(text).not.toContain(AWS_KEY_ID);
  });
});
