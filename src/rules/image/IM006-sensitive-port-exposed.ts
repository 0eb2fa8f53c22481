import { defineImageRule } from './types.js';

/** Ports whose service should not run in a container, and why. */
const KNOWN: Record<number, string> = {
  22: 'SSH: do not run sshd in the container; use `docker exec` or `kubectl exec` for a shell',
  23: 'Telnet: an unencrypted remote shell',
  2375: 'the Docker API without TLS: whoever reaches it is root on the host',
  2376: 'the Docker API: whoever holds a client certificate is root on the host',
  3389: 'RDP: a remote desktop server',
};

export default defineImageRule({
  meta: {
    id: 'IM006',
    name: 'sensitive-port-exposed',
    aliases: [],
    family: 'IM',
    shortDescription: 'The image exposes a remote-access port (SSH, Telnet, Docker API, RDP)',
    fullDescription:
      "`config.ExposedPorts` lists 22 (SSH), 23 (Telnet), 2375/2376 (the Docker Engine API) or 3389 (RDP): a remote shell or a control API inside the container is one more service with credentials to manage and attack, and an exposed Docker API is root on the host. Containers are entered with `docker exec` or `kubectl exec`. UDP ports are left alone. The option `ports` lists the ports to report.",
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 6.5,
    precision: 'very-high',
    messages: {
      port: 'The image exposes port {{port}}, {{what}}',
    },
    options: {
      ports: {
        type: 'string[]',
        default: ['22', '23', '2375', '2376', '3389'],
        description: 'TCP ports to report when the image exposes them',
      },
    },
  },
  check(facts, ctx) {
    const wanted = new Set(ctx.options.ports.map((p) => Number(String(p).trim())).filter(Number.isInteger));
    for (const key of Object.keys(facts.config.config?.ExposedPorts ?? {})) {
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(key.trim());
      if (!m || (m[3] && m[3].toLowerCase() !== 'tcp')) continue;
      const from = Number(m[1]);
      const to = m[2] ? Number(m[2]) : from;
      for (const port of [...wanted].sort((a, b) => a - b)) {
        if (port < from || port > to) continue;
        ctx.report({
          messageId: 'port',
          data: { port: key, what: KNOWN[port] ?? 'a port this project does not want exposed' },
          configKey: `config.ExposedPorts[${JSON.stringify(key)}]`,
          fix: 'Remove the EXPOSE and the service behind it from the Dockerfile.',
          facts: { port },
          fingerprintKey: String(port),
        });
      }
    }
  },
});
