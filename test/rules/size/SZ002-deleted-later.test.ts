import { describe } from 'vitest';
import rule from '../../../src/rules/size/SZ002-deleted-later.js';
import { dir, file, opq, wh } from '../../layers/union-helpers.js';
import { sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);
const KiB = 1024;

describe('SZ002 deleted-later', () => {
  t.catches(
    'a 256 KiB cache file deleted in a later layer',
    [[dir('/var/cache/pkg'), file('/var/cache/pkg/cache.db', 256 * KiB)], [wh('/var/cache/pkg')]],
    [{ messageId: 'deletedOne', layer: 1, relatedLayer: 0, path: '/var/cache/pkg/cache.db', message: 'shipped in layer 0 and deleted in layer 1' }],
  );
  t.catches(
    'a folder replaced with explicit whiteouts',
    [[file('/app/static/a', 40 * KiB), file('/app/static/b', 40 * KiB)], [wh('/app/static/a'), wh('/app/static/b'), file('/app/static/index.html', 4)]],
    [{ messageId: 'deleted', path: '/app/static', message: '2 files (80.0 KiB)' }],
  );
  t.catches(
    'a folder replaced with an opaque whiteout',
    [[file('/app/static/a', 40 * KiB), file('/app/static/b', 40 * KiB)], [dir('/app/static'), opq('/app/static'), file('/app/static/index.html', 4)]],
    [{ messageId: 'deleted', path: '/app/static' }],
  );
  t.catches(
    'files shipped in several layers and deleted together name every shipping layer',
    [[file('/build/a', 100 * KiB)], [file('/build/b', 100 * KiB)], [wh('/build')]],
    [{ messageId: 'deleted', layer: 2, relatedLayer: 1, message: 'shipped in layers 0 and 1' }],
  );
  t.leavesAlone('files created and deleted in the same layer never ship', [[file('/keep', 1)], [file('/tmp/big', 900 * KiB), wh('/tmp/big')]]);
  t.leavesAlone('small deletions below minBytes', [[file('/etc/motd', 300)], [wh('/etc/motd')]]);
  t.leavesAlone('deleting one name of a hardlinked file', [
    [file('/d/a', 200 * KiB, { content: 'a' }), { kind: 'entry', path: '/d/b', type: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, linkname: '/d/a' }],
    [wh('/d/a')],
  ]);
});
