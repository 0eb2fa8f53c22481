import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM001-runs-as-root.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);

describe('IM001 runs-as-root', () => {
  t.catches('no User at all', { config: {} }, [{ messageId: 'noUser', configKey: 'config.User', message: 'sets no User' }]);
  t.catches('User root, with the USER step of the history', {
    config: { User: 'root' },
    history: [{ created_by: '/bin/sh -c #(nop) ADD file:0a1b in / ' }, { created_by: '/bin/sh -c #(nop) USER root', empty_layer: true }],
  }, [{ messageId: 'root', configKey: 'config.User', historyIndex: 1, message: 'config User is "root" (set by history[1])' }]);
  t.catches('User 0', { config: { User: '0' } }, [{ messageId: 'root', message: '"0"' }]);
  t.catches('User 0:0', { config: { User: '0:0' } }, [{ messageId: 'root' }]);
  t.catches('User root:staff (a group does not change the UID)', { config: { User: 'root:staff' } }, [{ messageId: 'root' }]);
  t.catches('a BuildKit USER step', { config: { User: 'ROOT' }, history: [{ created_by: 'ADD rootfs.tar / # buildkit' }, { created_by: 'USER ROOT', empty_layer: true }] }, [{ messageId: 'root', historyIndex: 1 }]);
  t.catches('no User with gosu present when allowPrivilegeDroppers is off', { config: {}, privilegeDroppers: ['/usr/local/bin/gosu'] }, [{ messageId: 'noUser' }], { allowPrivilegeDroppers: false });

  t.leavesAlone('a named user', { config: { User: 'app' } });
  t.leavesAlone('a numeric UID', { config: { User: '10001' } });
  t.leavesAlone('UID:GID', { config: { User: '1000:1000' } });
  t.leavesAlone('nobody', { config: { User: 'nobody' } });
  t.leavesAlone('group 0 with a non-root user (OpenShift style)', { config: { User: '1001:0' } });
  t.leavesAlone('no User but gosu in the image (the entrypoint drops root, as the official postgres image)', { config: {}, privilegeDroppers: ['/usr/local/bin/gosu'] });
  t.leavesAlone('a Windows image', { config: {}, os: 'windows' });
});
