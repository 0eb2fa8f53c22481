import { describe } from 'vitest';
import rule from '../../../src/rules/compose/CO004-container-socket-mounted.js';
import { composeRuleTester, yaml } from './harness.js';

describe('CO004 container-socket-mounted', () => {
  const t = composeRuleTester(rule);
  t.catches('short syntax', yaml('services:', '  proxy:', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock'), [
    { messageId: 'socket', line: 4, column: 9, message: 'Docker socket /var/run/docker.sock' },
  ]);
  t.catches('read-only does not help', yaml('services:', '  proxy:', '    volumes:', '      - "/run/docker.sock:/var/run/docker.sock:ro"'), [
    { line: 4, column: 9, message: '`:ro` does not stop API calls' },
  ]);
  t.catches('the Docker Desktop for Windows spelling', yaml('services:', '  proxy:', '    volumes:', '      - //var/run/docker.sock:/var/run/docker.sock'), [
    { line: 4, message: 'Docker socket /var/run/docker.sock' },
  ]);
  t.catches('long syntax', yaml('services:', '  proxy:', '    volumes:', '      - type: bind', '        source: /var/run/docker.sock', '        target: /var/run/docker.sock', '        read_only: true'), [
    { line: 4, column: 9 },
  ]);
  t.catches('Podman and containerd sockets', yaml('services:', '  a:', '    volumes:', '      - /run/podman/podman.sock:/var/run/docker.sock', '      - /run/containerd/containerd.sock:/run/containerd/containerd.sock'), [
    { line: 4, message: 'Podman' },
    { line: 5, message: 'containerd' },
  ]);
  t.catches('a rootless socket behind an unset variable', yaml('services:', '  a:', '    volumes:', '      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock'), [
    { line: 4, message: '${XDG_RUNTIME_DIR}/docker.sock' },
  ]);
  t.catches('a path from .env', yaml('services:', '  a:', '    volumes:', '      - ${DOCKER_SOCK}:/var/run/docker.sock'), [{ line: 4, message: '/var/run/docker.sock' }], {
    files: { '.env': 'DOCKER_SOCK=/var/run/docker.sock\n' },
  });
  t.catches('a named volume bound to the socket', yaml('services:', '  a:', '    volumes:', '      - sock:/var/run/docker.sock', 'volumes:', '  sock:', '    driver_opts:', '      type: none', '      o: bind', '      device: /var/run/docker.sock'), [
    { line: 4, column: 9 },
  ]);
  t.catches('the Windows engine pipe', yaml('services:', '  a:', '    volumes:', '      - type: npipe', '        source: \\\\.\\pipe\\docker_engine', '        target: \\\\.\\pipe\\docker_engine'), [
    { messageId: 'pipe', line: 4 },
  ]);
  t.catches('from an anchor used by two services', yaml('x-sock: &sock', '  volumes:', '    - /var/run/docker.sock:/var/run/docker.sock', 'services:', '  a:', '    <<: *sock', '  b:', '    <<: *sock'), [
    { line: 3, message: '"a"' },
    { line: 3, message: '"b"' },
  ]);
  t.leavesAlone('a named volume called docker.sock', yaml('services:', '  a:', '    volumes:', '      - docker.sock:/data', 'volumes:', '  docker.sock: {}'));
  t.leavesAlone('a socket of another program', yaml('services:', '  a:', '    volumes:', '      - /var/run/postgresql/.s.PGSQL.5432:/tmp/pg.sock', '      - /tmp/.X11-unix:/tmp/.X11-unix'));
  t.leavesAlone('the socket path as a container target only', yaml('services:', '  a:', '    volumes:', '      - ./fake.sock:/var/run/docker.sock'));
  t.leavesAlone('DOCKER_HOST pointing at a proxy', yaml('services:', '  a:', '    environment:', '      DOCKER_HOST: tcp://socket-proxy:2375'));
  t.leavesAlone('suppressed', yaml('services:', '  traefik:', '    volumes:', '      # plimsoll ignore=CO004 -- read-only provider, behind a socket proxy next release', '      - /var/run/docker.sock:/var/run/docker.sock:ro'));
});
