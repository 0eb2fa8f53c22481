import { describe } from 'vitest';
import rule from '../../../src/rules/filesystem/FS001-setuid-file.js';
import { fsRuleTester } from './harness.js';

const t = fsRuleTester(rule);
const BUSYBOX = { path: 'bin/busybox', content: { size: 4096, seed: 7 }, mode: 0o755 };

describe('FS001 setuid-file', () => {
  t.catches('chmod u+s in a later step: the layer that gave the bit', [{ entries: [BUSYBOX] }, { entries: [{ ...BUSYBOX, mode: 0o4755 }] }], [
    { messageId: 'setuid', layer: 1, path: '/bin/busybox', message: '/bin/busybox is setuid root (mode 4755), added in layer 1' },
  ]);
  t.catches('a setgid program', [{ entries: [{ path: 'usr/local/bin/tool', content: 'x', mode: 0o2755, gid: 42 }] }], [
    { messageId: 'setgid', layer: 0, message: 'setgid (group GID 42, mode 2755)' },
  ]);
  t.catches('setuid to a non-root owner', [{ entries: [{ path: 'opt/app/run', content: 'x', mode: 0o4750, uid: 1000 }] }], [{ messageId: 'setuid', message: 'setuid UID 1000' }]);
  t.catches('a chown that keeps the bit is a new version, in its own layer', [
    { entries: [{ path: 'opt/app/run', content: 'x', mode: 0o4755 }] },
    { entries: [{ path: 'opt/app/run', content: 'x', mode: 0o4755, uid: 1000 }] },
  ], [{ messageId: 'setuid', layer: 1 }]);
  t.catches('a copy-up that changes nothing keeps the first layer', [
    { entries: [{ path: 'opt/app/run', content: 'x', mode: 0o4755 }] },
    { entries: [{ path: 'opt/app/run', content: 'x', mode: 0o4755 }] },
  ], [{ messageId: 'setuid', layer: 0 }]);
  t.catches('a distro default when allowDistroDefaults is off', [{ entries: [{ path: 'usr/bin/passwd', content: 'p', mode: 0o4755 }] }], [{ messageId: 'setuid', path: '/usr/bin/passwd' }], {
    options: { allowDistroDefaults: false },
  });

  t.leavesAlone('programs distributions ship setuid', [{ entries: [{ path: 'usr/bin/passwd', content: 'p', mode: 0o4755 }, { path: 'bin/su', content: 's', mode: 0o4755 }, { path: 'usr/bin/chage', content: 'c', mode: 0o2755, gid: 42 }] }]);
  t.leavesAlone('a bit with no execute permission (it does nothing)', [{ entries: [{ path: 'opt/x', content: 'x', mode: 0o4644 }, { path: 'opt/y', content: 'y', mode: 0o2744 }] }]);
  t.leavesAlone('setgid folders (files inherit the group, no privilege)', [{ entries: [{ path: 'var/mail', type: 'dir', mode: 0o2775 }] }]);
  t.leavesAlone('a bit removed in a later layer', [{ entries: [{ ...BUSYBOX, mode: 0o4755 }] }, { entries: [BUSYBOX] }]);
  t.leavesAlone('a setuid file deleted later', [{ entries: [{ ...BUSYBOX, mode: 0o4755 }] }, { entries: [{ path: 'bin/busybox', type: 'whiteout' }] }]);
  t.leavesAlone('a setuid file under a folder replaced by an opaque whiteout', [
    { entries: [{ path: 'opt/tools/', type: 'dir' }, { path: 'opt/tools/run', content: 'r', mode: 0o4755 }] },
    { entries: [{ path: 'opt/tools/', type: 'dir' }, { path: 'opt/tools', type: 'opaque' }, { path: 'opt/tools/readme', content: 'new' }] },
  ]);
  t.leavesAlone('a path in image.setuidAllowlist (glob)', [{ entries: [{ path: 'opt/tools/run', content: 'r', mode: 0o4755 }] }], { settings: { setuidAllowlist: ['/opt/tools/*'] } });
  t.leavesAlone('symlinks (mode 0777 says nothing)', [{ entries: [{ path: 'bin/sh', type: 'symlink', target: 'busybox' }] }]);
});
