import { describe } from 'vitest';
import rule from '../../../src/rules/filesystem/FS002-world-writable.js';
import { fsRuleTester } from './harness.js';

const t = fsRuleTester(rule);

describe('FS002 world-writable', () => {
  t.catches('chmod -R 777 /app: one finding on the folder, in the layer that did it', [
    { entries: [{ path: 'app/', type: 'dir' }, { path: 'app/a.js', content: 'a' }, { path: 'app/lib/', type: 'dir' }, { path: 'app/lib/b.js', content: 'b' }] },
    { entries: [{ path: 'app/', type: 'dir', mode: 0o777 }, { path: 'app/a.js', content: 'a', mode: 0o777 }, { path: 'app/lib/', type: 'dir', mode: 0o777 }, { path: 'app/lib/b.js', content: 'b', mode: 0o777 }] },
  ], [{ messageId: 'many', layer: 1, path: '/app', message: '2 files and 2 folders under /app are world-writable' }]);
  t.catches('one world-writable file', [{ entries: [{ path: 'etc/app.conf', content: 'x', mode: 0o666 }] }], [
    { messageId: 'one', layer: 0, path: '/etc/app.conf', message: 'mode 0666), added in layer 0: any user in the container can change it' },
  ]);
  t.catches('a world-writable folder without the sticky bit', [{ entries: [{ path: 'srv/uploads/', type: 'dir', mode: 0o777 }] }], [
    { messageId: 'one', path: '/srv/uploads', message: 'create, delete and replace files in it' },
  ]);
  t.catches('a folder re-emitted by later layers keeps the layer that made it writable', [
    { entries: [{ path: 'data/', type: 'dir', mode: 0o777 }] },
    { entries: [{ path: 'data/', type: 'dir', mode: 0o777 }, { path: 'data/x', content: 'x' }] },
  ], [{ messageId: 'one', layer: 0, path: '/data' }]);
  t.catches('two top-level folders are two findings', [{ entries: [{ path: 'a/x', content: 'x', mode: 0o666 }, { path: 'b/y', content: 'y', mode: 0o666 }] }], [
    { messageId: 'one', path: '/a/x' },
    { messageId: 'one', path: '/b/y' },
  ]);

  t.leavesAlone('sticky folders like /tmp', [{ entries: [{ path: 'tmp/', type: 'dir', mode: 0o1777 }, { path: 'var/tmp/', type: 'dir', mode: 0o1777 }] }]);
  t.leavesAlone('symlinks, device nodes and FIFOs', [
    { entries: [{ path: 'bin/sh', type: 'symlink', target: 'busybox' }, { path: 'dev/null', type: 'char', major: 1, minor: 3, mode: 0o666 }, { path: 'run/fifo', type: 'fifo', mode: 0o666 }] },
  ]);
  t.leavesAlone('a mode fixed in a later layer', [{ entries: [{ path: 'etc/app.conf', content: 'x', mode: 0o666 }] }, { entries: [{ path: 'etc/app.conf', content: 'x', mode: 0o644 }] }]);
  t.leavesAlone('a world-writable file deleted later', [{ entries: [{ path: 'etc/app.conf', content: 'x', mode: 0o666 }] }, { entries: [{ path: 'etc/app.conf', type: 'whiteout' }] }]);
  t.leavesAlone('ignorePaths', [{ entries: [{ path: 'var/www/uploads/', type: 'dir', mode: 0o777 }] }], { options: { ignorePaths: ['/var/www/uploads'] } });
  t.leavesAlone('group-writable is not world-writable', [{ entries: [{ path: 'app/x', content: 'x', mode: 0o664 }, { path: 'app/', type: 'dir', mode: 0o775 }] }]);
});
