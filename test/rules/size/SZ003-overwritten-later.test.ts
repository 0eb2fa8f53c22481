import { describe } from 'vitest';
import rule from '../../../src/rules/size/SZ003-overwritten-later.js';
import { file } from '../../layers/union-helpers.js';
import { sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);
const MiB = 1024 * 1024;

describe('SZ003 overwritten-later', () => {
  t.catches(
    'libraries upgraded in a later layer',
    [[file('/usr/lib/libssl.so.3', 2 * MiB, { content: 'v1' }), file('/usr/lib/libcrypto.so.3', 4 * MiB, { content: 'c1' })], [file('/usr/lib/libssl.so.3', 2 * MiB, { content: 'v2' }), file('/usr/lib/libcrypto.so.3', 4 * MiB, { content: 'c2' })]],
    [{ messageId: 'overwritten', layer: 1, relatedLayer: 0, path: '/usr/lib', message: '2 files (6.00 MiB)' }],
  );
  t.leavesAlone('a small config rewritten', [[file('/etc/nginx.conf', 2000, { content: 'a' })], [file('/etc/nginx.conf', 2100, { content: 'b' })]]);
  t.leavesAlone('a metadata-only copy (SZ001, not this rule)', [[file('/big', 4 * MiB, { content: 'a' })], [file('/big', 4 * MiB, { content: 'a', mode: 0o600 })]]);
});
