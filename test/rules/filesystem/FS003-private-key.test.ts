import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/filesystem/FS003-private-key.js';
import { PRIVATE_KEY, RSA_KEY } from '../tokens.js';
import { fsRuleTester, runFsRule } from './harness.js';

const t = fsRuleTester(rule);
const ENCRYPTED = RSA_KEY.replace(/RSA PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY');
const key = (path: string, content: string = PRIVATE_KEY, mode = 0o600) => ({ path, content, mode });

describe('FS003 private-key', () => {
  t.catches('a key file', [{ entries: [key('root/.ssh/id_ed25519')] }], [
    { messageId: 'key', layer: 0, path: '/root/.ssh/id_ed25519', message: '/root/.ssh/id_ed25519 holds an OpenSSH private key on line 1, added in layer 0' },
  ]);
  t.catches('a key deleted in a later layer: both layers', [{ entries: [key('root/.ssh/id_rsa', RSA_KEY)] }, { entries: [{ path: 'etc/x', content: 'x' }] }, { entries: [{ path: 'root/.ssh/id_rsa', type: 'whiteout' }] }], [
    { messageId: 'key', layer: 0, relatedLayer: 2, message: "added in layer 0 and deleted in layer 2: it still ships in layer 0's blob" },
  ]);
  t.catches('a key whose folder is deleted later (rm -rf ~/.ssh)', [{ entries: [{ path: 'root/.ssh/', type: 'dir' }, key('root/.ssh/id_rsa', RSA_KEY)] }, { entries: [{ path: 'root/.ssh', type: 'whiteout' }] }], [
    { messageId: 'key', layer: 0, relatedLayer: 1 },
  ]);
  t.catches('a key overwritten later', [{ entries: [key('srv/tls/server.key', RSA_KEY)] }, { entries: [{ path: 'srv/tls/server.key', content: 'moved to a secret\n' }] }], [
    { messageId: 'key', layer: 0, relatedLayer: 1, message: 'overwritten in layer 1' },
  ]);
  t.catches('a key inside another file, with its line', [{ entries: [{ path: 'srv/app/config.txt', content: `name: app\nport: 8080\n${RSA_KEY}` }] }], [
    { messageId: 'key', path: '/srv/app/config.txt', message: 'holds an RSA private key on line 3' },
  ]);
  t.catches('a chmod copy-up is the same finding, in the layer that added the key', [{ entries: [key('app/key.pem', RSA_KEY, 0o644)] }, { entries: [key('app/key.pem', RSA_KEY, 0o600)] }], [{ messageId: 'key', layer: 0 }]);
  t.catches('an encrypted key', [{ entries: [key('app/key.pem', ENCRYPTED)] }], [{ messageId: 'encrypted', message: 'its passphrase is all that protects it' }]);
  t.catches('SSH host keys generated while building', [{ entries: [key('etc/ssh/ssh_host_ed25519_key')] }], [{ messageId: 'key', message: 'every container of the image has the same one' }]);
  // Probe settings travel in the probe module's URL query, which Node keeps and vitest's module
  // runner drops: cases with settings walk in a worker thread, as big images do.
  t.catches('a key kept out of the allow list when the built-in list is off', [{ entries: [key('usr/share/doc/x/key.pem', RSA_KEY)] }], [{ messageId: 'key' }], { settings: { builtinAllowPaths: false }, workers: 1 });

  t.leavesAlone('public keys and certificates', [
    { entries: [{ path: 'root/.ssh/id_ed25519.pub', content: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt3 me@host\n' }, { path: 'etc/ssl/certs/ca.pem', content: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0Hy\n-----END CERTIFICATE-----\n' }] },
  ]);
  t.leavesAlone('documentation, package test fixtures and examples', [
    { entries: [key('usr/share/doc/openssl/demo.key', RSA_KEY), key('app/node_modules/ssh2/test/fixtures/id_rsa', RSA_KEY), key('opt/lib/python3.12/site-packages/paramiko/rsa.key', RSA_KEY), key('srv/examples/tls/server.key', RSA_KEY), key('app/README.md', RSA_KEY)] },
  ]);
  t.leavesAlone('placeholder key blocks', [{ entries: [{ path: 'app/key.pem', content: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n' }] }]);
  t.leavesAlone('paths in image.contentAllowPaths', [{ entries: [key('opt/keys/test.key', RSA_KEY)] }], { settings: { allowPaths: ['/opt/keys/**'] }, workers: 1 });
  t.leavesAlone('files larger than contentMaxBytes', [{ entries: [key('app/big.pem', `${'#'.repeat(300)}\n${RSA_KEY}`)] }], { settings: { maxBytes: 200 }, workers: 1 });
  t.leavesAlone('binary files', [{ entries: [{ path: 'app/blob', content: Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(RSA_KEY)]) }] }]);

  it('runs the same in worker threads as in-process', async () => {
    const layers = [{ entries: [key('root/.ssh/id_rsa', RSA_KEY), key('srv/tls/a.key', PRIVATE_KEY)] }, { entries: [{ path: 'root/.ssh/id_rsa', type: 'whiteout' as const }] }];
    const inProcess = await runFsRule(rule, layers);
    const threads = await runFsRule(rule, layers, { workers: 2 });
    expect(threads.map((f) => f.message)).toEqual(inProcess.map((f) => f.message));
    expect(threads.map((f) => f.location.kind === 'image' && f.location.path)).toEqual(['/root/.ssh/id_rsa', '/srv/tls/a.key']);
  });

  it('never carries the key, only its masked form', async () => {
    const [f] = await runFsRule(rule, [{ entries: [key('root/.ssh/id_rsa', RSA_KEY)] }]);
    const body = RSA_KEY.split('\n')[1];
    expect(JSON.stringify(f)).not.toContain(body.slice(4, 30));
    expect(f.facts).toMatchObject({ detector: 'private-key', line: 1 });
  });
});
