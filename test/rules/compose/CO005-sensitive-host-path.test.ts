import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO005-sensitive-host-path.js';
import { composeRuleTester, yaml } from './harness.js';

const vol = (...entries: string[]) => yaml('services:', '  app:', '    image: x:1', '    volumes:', ...entries.map((e) => `      - ${e}`));

describe('CO005 sensitive-host-path', () => {
  const t = composeRuleTester(rule);
  t.catches('the host root', vol('/:/host:ro'), [{ messageId: 'sensitive', line: 5, column: 9, message: 'mounts / from the host read-only: the whole host filesystem' }]);
  t.catches('/etc, with a trailing slash', vol('/etc/:/host/etc'), [{ line: 5, message: 'mounts /etc from the host:' }]);
  t.catches('/proc and /sys subtrees', vol('/proc:/host/proc:ro', '/sys/fs/cgroup:/sys/fs/cgroup'), [
    { line: 5, message: '/proc' },
    { line: 6, message: '/sys/fs/cgroup' },
  ]);
  t.catches('runtime state', vol('/var/lib/docker:/var/lib/docker', '/var/run:/var/run'), [
    { line: 5, message: 'container runtime state' },
    { line: 6, message: 'container runtime state' },
  ]);
  t.catches('credentials in a home folder', vol('~/.ssh:/root/.ssh:ro', '${HOME}/.aws:/root/.aws', '/home/deploy/.kube/config:/kube', '/root:/root'), [
    { line: 5, message: '~/.ssh' },
    { line: 6, message: '~/.aws' },
    { line: 7, message: '/home/deploy/.kube/config' },
    { line: 8, message: '/root' },
  ]);
  t.catches('the whole home folder', vol('~:/home/me', '/home:/home'), 2);
  t.catches('long syntax', yaml('services:', '  app:', '    volumes:', '      - type: bind', '        source: /boot', '        target: /boot'), [{ line: 4, column: 9, message: '/boot' }]);
  t.catches('a named volume bound to a host path', yaml('services:', '  app:', '    volumes:', '      - etc:/host/etc', 'volumes:', '  etc:', '    driver_opts: {type: none, o: bind, device: /etc}'), [
    { line: 4, message: 'through volume "etc"' },
  ]);
  t.catches('a path normalised', vol('/var/lib/../lib/docker/:/d'), [{ line: 5, message: '/var/lib/docker' }]);
  t.catches('from an extended service in another file', yaml('services:', '  app:', '    extends: {file: base.yml, service: base}'), [{ line: 5, file: 'base.yml' }], {
    files: { 'base.yml': yaml('services:', '  base:', '    image: x:1', '    volumes:', '      - /etc/ssh:/etc/ssh') },
  });
  t.catches('a default path', vol('${CONF:-/etc}:/conf'), 1);
  t.leavesAlone('common harmless mounts', vol('/etc/localtime:/etc/localtime:ro', '/etc/timezone:/etc/timezone:ro', '/var/log:/var/log/host:ro', '/etc/nginx/conf.d:/etc/nginx/conf.d', '/srv/app:/app', '/dev/dri:/dev/dri'));
  t.leavesAlone('project-relative paths and named volumes', vol('./data:/data', '../shared:/shared', 'db-data:/var/lib/postgresql/data', '.:/app'));
  t.leavesAlone('container targets that look sensitive', vol('./etc:/etc', 'logs:/var/log', './proc:/proc'));
  t.leavesAlone('home folder files that hold no credentials', vol('~/projects/app:/app', '${HOME}/.cache/pip:/root/.cache/pip', '$PWD:/src'));
  t.leavesAlone('an unset variable', vol('${DATA_ROOT}/etc:/etc'));
  t.leavesAlone('tmpfs and anonymous volumes', yaml('services:', '  app:', '    volumes:', '      - /var/lib/docker', '      - type: tmpfs', '        target: /etc'));
  t.leavesAlone('the Docker socket (CO004)', vol('/var/run/docker.sock:/var/run/docker.sock'));
  t.leavesAlone('read-only container logs for a log shipper', vol('/var/lib/docker/containers:/var/lib/docker/containers:ro'));
  t.leavesAlone('a named volume without a bind', yaml('services:', '  app:', '    volumes:', '      - etc:/host/etc', 'volumes:', '  etc:', '    driver: local'));
});
