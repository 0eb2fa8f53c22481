import { describe } from 'vitest';
import rule from '../../../src/rules/filesystem/FS006-secret-in-file.js';
import { GITHUB_PAT, RANDOM_PASSWORD, RSA_KEY, SLACK_BOT } from '../tokens.js';
import { fsRuleTester } from './harness.js';

const t = fsRuleTester(rule);
const f = (path: string, content: string | Buffer) => ({ entries: [{ path, content }] });

describe('FS006 secret-in-file', () => {
  t.catches('a GitHub token in a script', [f('app/deploy.sh', `#!/bin/sh\ngit clone https://${GITHUB_PAT}@github.com/acme/x\n`)], [
    { messageId: 'secret', layer: 0, path: '/app/deploy.sh', message: 'holds a GitHub personal access token (ghp_…(40 chars)) on line 2, added in layer 0' },
  ]);
  t.catches('a Slack token in a bundle', [f('app/dist/main.js', `const t="${SLACK_BOT}";fetch(u,{headers:{a:t}})`)], [{ messageId: 'secret', message: 'Slack token' }]);
  t.catches('a password assigned in a configuration file', [f('app/config/application.properties', `spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=${RANDOM_PASSWORD}\n`)], [
    { messageId: 'secret', message: 'a password in spring.datasource.password' },
  ]);
  t.catches('a secret file deleted later: both layers', [f('app/deploy.sh', `TOKEN=${GITHUB_PAT}\n`), { entries: [{ path: 'app/deploy.sh', type: 'whiteout' }] }], [
    { messageId: 'secret', layer: 0, relatedLayer: 1 },
  ]);
  t.catches('a documentation example key: its own message', [f('app/run.sh', 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n')], [{ messageId: 'example' }]);

  t.leavesAlone('docs, tests, examples, packages and Markdown', [
    { entries: [f('usr/share/doc/x/README', GITHUB_PAT).entries[0], f('app/tests/fixtures.py', GITHUB_PAT).entries[0], f('app/examples/deploy.sh', GITHUB_PAT).entries[0], f('app/node_modules/x/index.js', GITHUB_PAT).entries[0], f('app/NOTES.md', GITHUB_PAT).entries[0]] },
  ]);
  t.leavesAlone('assignments in source code (only known formats count there)', [f('app/db.js', `const password = "${RANDOM_PASSWORD}";\n`)]);
  t.leavesAlone('system configuration keys named like secrets (nsswitch.conf, login.defs)', [
    { entries: [{ path: 'etc/nsswitch.conf', content: 'passwd:         files\ngroup:          files\nshadow:         files\n' }, { path: 'etc/security/pwquality.conf', content: 'password_history = remember\n' }] },
  ]);
  t.leavesAlone('placeholders in configuration files', [f('app/application.properties', 'spring.datasource.password=changeme\napi.token=${API_TOKEN}\n')]);
  t.leavesAlone('binary files', [f('app/lib.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(GITHUB_PAT)]))]);
  t.leavesAlone('files larger than contentMaxBytes', [f('app/big.js', `${'x'.repeat(500)}\n${GITHUB_PAT}\n`)], { settings: { maxBytes: 256 }, workers: 1 });
  t.leavesAlone('private keys (FS003) and credential files (FS004)', [{ entries: [{ path: 'app/key.pem', content: RSA_KEY }, { path: 'app/.env', content: `TOKEN=${GITHUB_PAT}\n` }] }]);
});
