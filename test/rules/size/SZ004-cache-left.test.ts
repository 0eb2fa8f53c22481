import { describe } from 'vitest';
import rule from '../../../src/rules/size/SZ004-cache-left.js';
import { file, wh } from '../../layers/union-helpers.js';
import { sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);
const KiB = 1024;

describe('SZ004 cache-left', () => {
  t.catches(
    'apt lists left after apt-get install',
    [[file('/bin/sh', 1)], [file('/var/lib/apt/lists/deb_InRelease', 150 * KiB), file('/var/lib/apt/lists/deb_Packages.lz4', 9000 * KiB), file('/usr/bin/curl', 300 * KiB)]],
    [{ messageId: 'cacheLeft', layer: 1, path: '/var/lib/apt/lists', message: 'apt-lists cache left in the image: 2 files' }],
  );
  t.catches(
    'pip cache and /tmp leftovers are separate findings',
    [[file('/root/.cache/pip/http/a/b', 500 * KiB), file('/tmp/build/x.o', 100 * KiB)]],
    [
      { messageId: 'cacheLeft', path: '/root/.cache/pip/http/a/b', message: 'pip cache' },
      { messageId: 'cacheLeft', path: '/tmp/build/x.o', message: 'tmp cache' },
    ],
  );
  t.leavesAlone('caches deleted in a later layer (that is SZ002)', [[file('/var/lib/apt/lists/x', 900 * KiB)], [wh('/var/lib/apt/lists'), file('/usr/bin/curl', 300 * KiB)]]);
  t.leavesAlone('Python bytecode', [[file('/usr/lib/python3.11/__pycache__/os.cpython-311.pyc', 900 * KiB)]]);
  t.leavesAlone('a few bytes in /tmp', [[file('/tmp/.keep', 10)]]);
  t.leavesAlone('empty lock files', [[file('/var/lib/apt/lists/lock', 0)]]);
});
