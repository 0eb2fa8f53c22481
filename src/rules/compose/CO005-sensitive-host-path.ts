import type { VolumeMount } from '../../compose/model.js';
import { defineComposeRule } from './types.js';

type Category = 'root' | 'system' | 'kernel' | 'runtime' | 'credentials';

/** Host folders that are sensitive as a whole; what is under them (`/etc/nginx`, `/var/log`) is not. */
const WHOLE: ReadonlyMap<string, Category> = new Map([
  ['/', 'root'],
  ['/etc', 'system'],
  ['/usr', 'system'],
  ['/bin', 'system'],
  ['/sbin', 'system'],
  ['/lib', 'system'],
  ['/lib64', 'system'],
  ['/home', 'credentials'],
  ['/var', 'system'],
  ['/run', 'runtime'],
  ['/var/run', 'runtime'],
  ['/dev', 'kernel'],
  ['~', 'credentials'],
]);

/** Host paths that are sensitive with everything under them. */
const SUBTREES: readonly [string, Category][] = [
  ['/proc', 'kernel'],
  ['/sys', 'kernel'],
  ['/boot', 'kernel'],
  ['/dev/mem', 'kernel'],
  ['/dev/kmem', 'kernel'],
  ['/dev/port', 'kernel'],
  ['/root', 'credentials'],
  ['/etc/shadow', 'credentials'],
  ['/etc/gshadow', 'credentials'],
  ['/etc/sudoers', 'credentials'],
  ['/etc/sudoers.d', 'credentials'],
  ['/etc/ssh', 'credentials'],
  ['/etc/ssl/private', 'credentials'],
  ['/etc/kubernetes', 'runtime'],
  ['/etc/docker', 'runtime'],
  ['/etc/containerd', 'runtime'],
  ['/etc/rancher', 'runtime'],
  ['/var/lib/docker', 'runtime'],
  ['/var/lib/containerd', 'runtime'],
  ['/var/lib/containers', 'runtime'],
  ['/var/lib/kubelet', 'runtime'],
  ['/var/lib/rancher', 'runtime'],
  ['/run/containerd', 'runtime'],
  ['/var/run/containerd', 'runtime'],
];

/** Files and folders in a home folder that hold credentials. */
const HOME_SECRETS = ['.ssh', '.aws', '.azure', '.kube', '.docker', '.gnupg', '.config/gcloud', '.netrc', '.git-credentials', '.npmrc', '.pypirc', '.vault-token'];

const WHAT: Record<Category, string> = {
  root: 'the whole host filesystem, with its secrets and, unless read-only, its programs',
  system: 'a host system folder, with its configuration and secrets',
  kernel: 'a host kernel interface, a known way to reconfigure or escape to the host',
  runtime: 'container runtime state, which gives control over every container on the host',
  credentials: 'where the host keeps credentials and keys',
};

export default defineComposeRule({
  meta: {
    id: 'CO005',
    name: 'sensitive-host-path',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not mount sensitive host paths into a container',
    fullDescription:
      'Bind-mounting the host\'s `/`, `/etc`, `/usr`, `/var`, `/run`, `/dev`, `/home` (or anything under `/proc`, `/sys`, `/boot`, `/root`, `/var/lib/docker`, `/var/lib/kubelet`, `/etc/ssh`, `/etc/kubernetes`...), or a home folder\'s credentials (`~/.ssh`, `~/.aws`, `~/.kube`, `~/.docker`...), lets whatever runs in the container read secrets or change the host. Read-only mounts still leak what they show. Checked in short and long syntax and through named volumes whose `driver_opts` bind a host path; `$HOME` and `$PWD` with no value in `.env` are read as `~` and `.`. Common harmless mounts (`/etc/localtime`, `/etc/timezone`, `/var/log`, a project folder) are left alone; the Docker socket is CO004\'s.',
    defaultLevel: 'warning',
    tags: ['security'],
    securitySeverity: 7.5,
    precision: 'high',
    messages: {
      sensitive: 'Service "{{service}}" mounts {{path}} from the host{{how}}: {{what}}',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const mount of service.volumes) {
        const hit = sensitivePath(mount);
        if (!hit) continue;
        const how = mount.namedVolume ? ` (through volume "${mount.namedVolume.name}")` : mount.readOnly ? ' read-only' : '';
        ctx.report({
          messageId: 'sensitive',
          data: { path: mount.hostPath!, how, what: WHAT[hit] },
          node: mount.node,
          service,
          facts: { hostPath: mount.hostPath!, category: hit, readOnly: mount.readOnly },
        });
      }
    }
  },
});

function sensitivePath(mount: VolumeMount): Category | undefined {
  const path = mount.hostPath;
  if (!path || mount.unresolved) return undefined;
  if (mount.type !== 'bind' && !mount.namedVolume) return undefined;
  // Container engine sockets are CO004's.
  if (/\.sock$/.test(path)) return undefined;
  const whole = WHOLE.get(path);
  if (whole) return whole;
  for (const [root, category] of SUBTREES) {
    if (path === root || path.startsWith(`${root}/`)) {
      // Log shippers read container logs: a read-only view of them is their job.
      if (mount.readOnly && (path === '/var/lib/docker/containers' || path.startsWith('/var/lib/docker/containers/'))) return undefined;
      return category;
    }
  }
  const home = /^(?:~|\/home\/[^/]+|\/Users\/[^/]+)(\/.*)?$/.exec(path);
  if (home) {
    const rest = home[1] ?? '';
    if (rest === '' && !path.startsWith('~')) return 'credentials';
    if (HOME_SECRETS.some((s) => rest === `/${s}` || rest.startsWith(`/${s}/`))) return 'credentials';
  }
  return undefined;
}
