import type { VolumeMount } from '../../compose/model.js';
import { defineComposeRule } from './types.js';

/** Sockets of engines that start containers: whoever can write to one is root on the host. */
const SOCKETS = new Map<string, string>([
  ['docker.sock', 'Docker'],
  ['podman.sock', 'Podman'],
  ['containerd.sock', 'containerd'],
  ['crio.sock', 'CRI-O'],
  ['cri-dockerd.sock', 'cri-dockerd'],
  ['buildkitd.sock', 'BuildKit'],
]);

export default defineComposeRule({
  meta: {
    id: 'CO004',
    name: 'container-socket-mounted',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not mount the Docker (or Podman, containerd) socket into a container',
    fullDescription:
      'A container that can talk to the Docker socket (`/var/run/docker.sock`, `/run/docker.sock`, a rootless `$XDG_RUNTIME_DIR/docker.sock`), the Podman, containerd, CRI-O or BuildKit socket, or the Windows `\\\\.\\pipe\\docker_engine` pipe can start a privileged container that mounts the host\'s root filesystem: it is root on the host. Mounting the socket read-only (`:ro`) does not help, since reading and writing a socket are not file writes. Checked in short and long volume syntax and through named volumes bound to a host path. Tools that need the API (Traefik, Portainer, CI runners) are better served by a socket proxy that allows only the calls they make.',
    defaultLevel: 'error',
    tags: ['security'],
    securitySeverity: 9.0,
    precision: 'very-high',
    messages: {
      socket: 'Service "{{service}}" mounts the {{engine}} socket {{path}}: it can start privileged containers, which is root on the host{{readOnly}}; use a socket proxy that allows only the API calls it needs',
      pipe: 'Service "{{service}}" mounts the Docker engine pipe {{path}}: it controls the Docker engine, which is administrator on the host',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const mount of service.volumes) {
        const hit = socketOf(mount);
        if (!hit) continue;
        ctx.report({
          messageId: hit.engine === 'pipe' ? 'pipe' : 'socket',
          data: { engine: hit.engine, path: hit.path, readOnly: mount.readOnly ? ' (`:ro` does not stop API calls)' : '' },
          node: mount.node,
          service,
          facts: { hostPath: hit.path },
        });
      }
    }
  },
});

function socketOf(mount: VolumeMount): { engine: string; path: string } | undefined {
  if (mount.type === 'tmpfs' || mount.type === 'image' || mount.type === 'cluster') return undefined;
  // An unresolved `${XDG_RUNTIME_DIR}/docker.sock` still names the socket in its last part.
  const candidates = mount.unresolved ? [mount.rawSource] : [mount.hostPath, mount.type === 'npipe' ? mount.source : undefined];
  for (const c of candidates) {
    if (!c) continue;
    const path = c.trim();
    if (/^(?:\\\\|\/\/)\.[\\/]pipe[\\/]docker_engine/i.test(path)) return { engine: 'pipe', path };
    if (mount.type === 'volume' && !mount.namedVolume) continue;
    const base = path.split(/[\\/]/).pop() ?? '';
    const engine = SOCKETS.get(base.toLowerCase());
    if (engine && (path.includes('/') || path.includes('\\'))) return { engine, path: mount.hostPath ?? path };
  }
  return undefined;
}
