import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO012-database-port-published.js';
import { composeRuleTester, yaml } from './harness.js';

const ports = (...entries: string[]) => yaml('services:', '  db:', '    image: postgres:16', '    ports:', ...entries.map((e) => `      - ${e}`));

describe('CO012 database-port-published', () => {
  const t = composeRuleTester(rule);
  t.catches('PostgreSQL on all interfaces', ports('"5432:5432"'), [
    { messageId: 'published', line: 5, column: 9, message: 'PostgreSQL (container port 5432) on all interfaces; bind it to 127.0.0.1 ("127.0.0.1:5432:5432")' },
  ]);
  t.catches('unquoted, another host port', ports('15432:5432'), [{ line: 5, message: '"127.0.0.1:15432:5432"' }]);
  t.catches('a container port alone (random host port)', ports('"6379"'), [{ line: 5, message: 'Redis' }]);
  t.catches('0.0.0.0 and ::', ports('"0.0.0.0:3306:3306"', '"[::]:27017:27017"'), [
    { line: 5, message: 'MySQL' },
    { line: 6, message: 'MongoDB' },
  ]);
  t.catches('a LAN address', ports('"192.168.1.10:9200:9200"'), [{ line: 5, message: 'on 192.168.1.10' }]);
  t.catches('a range that holds the port', ports('"5430-5435:5430-5435"'), [{ line: 5, message: 'container port 5432' }]);
  t.catches('long syntax', yaml('services:', '  db:', '    ports:', '      - target: 22', '        published: "2222"'), [{ line: 4, column: 9, message: 'SSH' }]);
  t.catches('long syntax with a wildcard host_ip', yaml('services:', '  db:', '    ports:', '      - target: 11211', '        host_ip: 0.0.0.0'), [{ line: 4, message: 'Memcached' }]);
  t.catches('a port added by option', ports('"8200:8200"'), [{ line: 5, message: 'Vault' }], { options: { ports: ['8200=Vault'] } });
  t.catches('from an extended service', yaml('services:', '  db:', '    extends: {file: base.yml, service: pg}'), [{ line: 4, file: 'base.yml' }], {
    files: { 'base.yml': yaml('services:', '  pg:', '    ports:', '      - "5432:5432"') },
  });
  t.leavesAlone('bound to loopback', ports('"127.0.0.1:5432:5432"', '"[::1]:6379:6379"', '"127.0.0.2:3306:3306"'));
  t.leavesAlone('long syntax bound to loopback', yaml('services:', '  db:', '    ports:', '      - target: 5432', '        published: "5432"', '        host_ip: 127.0.0.1'));
  t.leavesAlone('loopback from a default', ports('"${BIND:-127.0.0.1}:5432:5432"'));
  t.leavesAlone('a host address left to the environment', ports('"${BIND_IP}:5432:5432"'));
  t.leavesAlone('web ports', ports('"80:80"', '"443:443"', '"8080:8080"', '"3000"'));
  t.leavesAlone('a database port used as a host port for a web app', ports('"5432:80"'));
  t.leavesAlone('expose (not published)', yaml('services:', '  db:', '    expose: ["5432"]'));
  t.leavesAlone('the host network (ports are ignored)', yaml('services:', '  db:', '    network_mode: host', '    ports: ["5432:5432"]'));
});
