import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM004-remote-script-in-history.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);
const base = { created_by: '/bin/sh -c #(nop) ADD file:0a1b2c in / ' };
const two = [{ entries: [{ path: 'a', content: 'a' }] }, { entries: [{ path: 'b', content: 'b' }] }];

describe('IM004 remote-script-in-history', () => {
  t.catches('curl | sh (classic builder)', { layers: two, history: [base, { created_by: '/bin/sh -c curl -fsSL https://get.acme.io/install.sh | sh' }] }, [
    { messageId: 'remote', configKey: 'history[1].created_by', historyIndex: 1, layer: 1, message: '`curl` output is piped into `sh`' },
  ]);
  t.catches('wget -qO- | bash (BuildKit)', { layers: two, history: [base, { created_by: 'RUN /bin/sh -c wget -qO- https://get.acme.io | bash -s -- --yes # buildkit' }] }, [
    { messageId: 'remote', layer: 1, message: '`wget` output is piped into `bash`' },
  ]);
  t.catches('sh -c "$(curl ...)"', { layers: two, history: [base, { created_by: '/bin/sh -c sh -c "$(curl -fsSL https://raw.acme.io/install.sh)"' }] }, [{ messageId: 'remote' }]);
  t.catches('a multi-line (heredoc) RUN', { layers: two, history: [base, { created_by: 'RUN /bin/sh -c set -e\ncurl -fsSL https://get.acme.io | sh\necho done # buildkit' }] }, [{ messageId: 'remote' }]);
  t.catches('downloaded then run with no check', { layers: two, history: [base, { created_by: '/bin/sh -c curl -fsSL -o /tmp/i.sh https://get.acme.io/i.sh && sh /tmp/i.sh' }] }, [
    { messageId: 'remote', message: 'no checksum or signature check' },
  ]);

  t.leavesAlone('a checksum between download and run', { layers: two, history: [base, { created_by: '/bin/sh -c curl -fsSL -o /tmp/i.sh https://get.acme.io/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh' }] });
  t.leavesAlone('curl | tar', { layers: two, history: [base, { created_by: '/bin/sh -c curl -fsSL https://acme.io/x.tgz | tar -xz -C /opt' }] });
  t.leavesAlone('curl | python3 -c (stdin is data)', { layers: two, history: [base, { created_by: "/bin/sh -c curl -fsSL https://api.acme.io/v | python3 -c 'import json,sys; print(json.load(sys.stdin))'" }] });
  t.leavesAlone('non-RUN steps that mention curl', { history: [base, { created_by: '/bin/sh -c #(nop)  LABEL note=curl|sh', empty_layer: true }] });
  t.leavesAlone('exec-form RUN', { layers: two, history: [base, { created_by: '/bin/sh -c ["/bin/busybox", "--install", "-s", "/bin"]' }] });
});
