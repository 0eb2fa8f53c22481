import { exposedPorts } from './ports.js';
import { defineComposeRule } from './types.js';

/** Databases, caches, brokers and remote-administration services people publish by habit. */
const SERVICES = new Map<number, string>([
  [22, 'SSH'],
  [23, 'Telnet'],
  [1433, 'SQL Server'],
  [1521, 'Oracle Database'],
  [2181, 'ZooKeeper'],
  [2376, 'the Docker engine API (TLS)'],
  [2379, 'etcd'],
  [3306, 'MySQL/MariaDB'],
  [3389, 'RDP'],
  [4369, 'Erlang port mapper (epmd)'],
  [5432, 'PostgreSQL'],
  [5672, 'RabbitMQ (AMQP)'],
  [5900, 'VNC'],
  [5984, 'CouchDB'],
  [5985, 'WinRM'],
  [5986, 'WinRM'],
  [6379, 'Redis'],
  [6443, 'the Kubernetes API'],
  [7474, 'Neo4j'],
  [7687, 'Neo4j (Bolt)'],
  [8086, 'InfluxDB'],
  [8529, 'ArangoDB'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch/OpenSearch'],
  [9300, 'Elasticsearch (transport)'],
  [10250, 'the kubelet API'],
  [11211, 'Memcached'],
  [15672, 'RabbitMQ management'],
  [26257, 'CockroachDB'],
  [27017, 'MongoDB'],
  [27018, 'MongoDB'],
  [27019, 'MongoDB'],
  [28015, 'RethinkDB'],
  [33060, 'MySQL (X protocol)'],
]);

export default defineComposeRule({
  meta: {
    id: 'CO012',
    name: 'database-port-published',
    aliases: [],
    family: 'CO',
    shortDescription: 'Publish database and admin ports on 127.0.0.1 only',
    fullDescription:
      '`ports: ["5432:5432"]` publishes PostgreSQL on every interface of the host, and Docker\'s own firewall rules put it ahead of the host firewall (ufw, firewalld): a database meant for the app next to it is open to the network. The same goes for Redis, MongoDB, Elasticsearch, Memcached, SSH, RDP, VNC and other services listed in the rule\'s page, matched by the container port. Services in the same compose project reach each other over the project network without `ports`; for access from the host, bind to loopback: `"127.0.0.1:5432:5432"`. Ports bound to `127.0.0.1` or `::1`, and services on the host network, are left alone. Add ports with the `ports` option.',
    defaultLevel: 'note',
    tags: ['security'],
    securitySeverity: 5.0,
    precision: 'high',
    messages: {
      published:
        'Service "{{service}}" publishes {{what}} (container port {{port}}) on {{where}}; bind it to 127.0.0.1 ("127.0.0.1:{{published}}:{{port}}"), or drop `ports` if only other services use it',
    },
    options: {
      ports: { type: 'string[]', default: [], description: 'More container ports to report, as `PORT` or `PORT=name` (e.g. `8200=Vault`)' },
    },
  },
  check(compose, ctx) {
    const services = new Map(SERVICES);
    for (const entry of ctx.options.ports) {
      const m = /^\s*(\d{1,5})\s*(?:=\s*(.+))?$/.exec(entry);
      if (m) services.set(Number(m[1]), m[2]?.trim() || `port ${m[1]}`);
    }
    for (const service of compose.services) {
      for (const e of exposedPorts(service, services)) {
        ctx.report({
          messageId: 'published',
          data: { what: services.get(e.port)!, port: e.port, where: e.where, published: e.mapping.published && /^\d+$/.test(e.mapping.published) ? e.mapping.published : e.port },
          node: e.mapping.node,
          service,
          facts: { port: e.port, hostIp: e.mapping.hostIp ?? '0.0.0.0' },
          fingerprintKey: String(e.port),
        });
      }
    }
  },
});
