import { describe } from 'vitest';
import rule from '../../../src/rules/size/SZ005-duplicate-content.js';
import { file, hardlink } from '../../layers/union-helpers.js';
import { sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);
const KiB = 1024;

describe('SZ005 duplicate-content', () => {
  t.catches(
    'a 512 KiB file copied to a second path',
    [[file('/app/blob.bin', 512 * KiB, { content: 'b' })], [file('/app/blob-copy.bin', 512 * KiB, { content: 'b' })]],
    [{ messageId: 'duplicate', layer: 1, path: '/app/blob-copy.bin', message: '/app/blob-copy.bin has the same 512 KiB as /app/blob.bin' }],
  );
  t.catches(
    'three copies are one finding',
    [[file('/a', 100 * KiB, { content: 'x' }), file('/b', 100 * KiB, { content: 'x' }), file('/c', 100 * KiB, { content: 'x' })]],
    [{ messageId: 'duplicate', path: '/b', message: 'and 1 more copy: 200 KiB in all' }],
  );
  t.leavesAlone('hardlinks', [[file('/a', 900 * KiB, { content: 'x' }), hardlink('/b', '/a')]]);
  t.leavesAlone('small duplicates', [[file('/a/LICENSE', 11 * KiB, { content: 'apache' }), file('/b/LICENSE', 11 * KiB, { content: 'apache' })]]);
  t.leavesAlone('different content of the same size', [[file('/a', 900 * KiB, { content: 'x' }), file('/b', 900 * KiB, { content: 'y' })]]);
});
