import { describe } from 'vitest';
import rule from '../../../src/rules/filesystem/FS007-empty-password.js';
import { fsRuleTester } from './harness.js';

const t = fsRuleTester(rule);
const SHADOW_OK = 'root:*:19000:0:99999:7:::\nnobody:!:19000:0:99999:7:::\n';

describe('FS007 empty-password', () => {
  t.catches('root with an empty password in /etc/shadow (CVE-2019-5021)', [{ entries: [{ path: 'etc/shadow', content: 'root:::0:::::\nbin:!::0:::::\n', mode: 0o640 }] }], [
    { messageId: 'empty', layer: 0, path: '/etc/shadow', message: 'Account root has an empty password in /etc/shadow (line 1, layer 0)' },
  ]);
  t.catches('an empty password field in /etc/passwd', [{ entries: [{ path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nguest::1000:1000::/home/guest:/bin/sh\n' }] }], [
    { messageId: 'empty', path: '/etc/passwd', message: 'Account guest' },
  ]);
  t.catches('the final /etc/shadow counts', [{ entries: [{ path: 'etc/shadow', content: SHADOW_OK }] }, { entries: [{ path: 'etc/shadow', content: `${SHADOW_OK}app::19000:0:99999:7:::\n` }] }], [
    { messageId: 'empty', layer: 1, message: 'Account app' },
  ]);

  t.leavesAlone('locked and hashed passwords', [{ entries: [{ path: 'etc/shadow', content: `${SHADOW_OK}app:$6$salt$hash:19000:0:99999:7:::\nsvc:!!:19000::::::\n` }] }]);
  t.leavesAlone('a shadow fixed in a later layer', [{ entries: [{ path: 'etc/shadow', content: 'root:::0:::::\n' }] }, { entries: [{ path: 'etc/shadow', content: SHADOW_OK }] }]);
  t.leavesAlone('passwd entries that defer to shadow', [{ entries: [{ path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' }] }]);
  t.leavesAlone('other files named shadow', [{ entries: [{ path: 'app/etc/shadow', content: 'root:::0:::::\n' }] }]);
});
