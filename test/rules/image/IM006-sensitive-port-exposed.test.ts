import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM006-sensitive-port-exposed.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);

describe('IM006 sensitive-port-exposed', () => {
  t.catches('EXPOSE 22', { config: { ExposedPorts: { '22/tcp': {}, '8080/tcp': {} } } }, [
    { messageId: 'port', configKey: 'config.ExposedPorts["22/tcp"]', message: 'exposes port 22/tcp, SSH' },
  ]);
  t.catches('the Docker API, plain and TLS', { config: { ExposedPorts: { '2375/tcp': {}, '2376/tcp': {} } } }, [
    { messageId: 'port', message: 'root on the host' },
    { messageId: 'port', message: '2376' },
  ]);
  t.catches('Telnet and RDP without a protocol', { config: { ExposedPorts: { '23': {}, '3389': {} } } }, [{ messageId: 'port', message: 'Telnet' }, { messageId: 'port', message: 'RDP' }]);
  t.catches('a range that covers 22 and 23', { config: { ExposedPorts: { '20-25/tcp': {} } } }, [{ messageId: 'port', message: 'SSH' }, { messageId: 'port', message: 'Telnet' }]);
  t.catches('a port added by the option', { config: { ExposedPorts: { '5900/tcp': {} } } }, [{ messageId: 'port', message: '5900/tcp' }], { ports: ['5900'] });
  t.leavesAlone('web ports', { config: { ExposedPorts: { '80/tcp': {}, '443/tcp': {}, '8080/tcp': {} } } });
  t.leavesAlone('22 over UDP', { config: { ExposedPorts: { '22/udp': {} } } });
  t.leavesAlone('SSH on another port', { config: { ExposedPorts: { '2222/tcp': {} } } });
  t.leavesAlone('no ports', { config: {} });
});
