import { exposedPorts } from './ports.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO013',
    name: 'docker-api-port-published',
    aliases: [],
    family: 'CO',
    shortDescription: 'Never publish the plain-text Docker API port 2375',
    fullDescription:
      'Port 2375 is the Docker engine API without TLS and without authentication (a `docker:dind` service, a socket proxy). Published beyond the loopback interface, anyone who can reach the host can start a privileged container on it: root on the host, and a favourite target of cryptomining scanners. Keep it on the project network, bind it to 127.0.0.1, or use 2376 with TLS client certificates.',
    defaultLevel: 'error',
    tags: ['security'],
    securitySeverity: 9.5,
    precision: 'very-high',
    messages: {
      published:
        'Service "{{service}}" publishes the Docker API without TLS (container port 2375) on {{where}}: anyone who reaches it is root on the host; keep it on the project network or bind it to 127.0.0.1',
    },
  },
  check(compose, ctx) {
    const ports = new Map([[2375, 'Docker API']]);
    for (const service of compose.services) {
      for (const e of exposedPorts(service, ports)) {
        ctx.report({ messageId: 'published', data: { where: e.where }, node: e.mapping.node, service, facts: { port: e.port } });
      }
    }
  },
});
