import { describe, expect, it } from 'vitest';
import { child, keyPath, type ComposeFile, type Service } from '../../src/compose/model.js';
import { parseShortPort, parseShortVolume } from '../../src/compose/syntax.js';
import { composeModel } from '../rules/compose/harness.js';

function service(model: ComposeFile, name: string): Service {
  const s = model.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

const noErrors = (text: string, opts: Parameters<typeof composeModel>[1] = {}) => {
  const m = composeModel(text, opts);
  expect(m.errors).toEqual([]);
  return m;
};

describe('compose model: positions', () => {
  it('points at keys and values', () => {
    const m = noErrors('services:\n  web:\n    image: "nginx:1.27"\n    privileged: true\n');
    const web = service(m, 'web');
    expect(web.keyRange.start).toEqual({ line: 2, column: 3 });
    const p = child(web.node, 'privileged')!;
    expect(p.keyRange?.start).toEqual({ line: 4, column: 5 });
    expect(p.range).toEqual({ start: { line: 4, column: 17 }, end: { line: 4, column: 21 } });
    expect(web.image?.node.range).toEqual({ start: { line: 3, column: 12 }, end: { line: 3, column: 24 } });
    expect(keyPath(p)).toBe('services.web.privileged');
  });

  it('reads files with and without a top-level version', () => {
    expect(noErrors('version: "3.8"\nservices:\n  a:\n    image: x:1\n').version).toBe('3.8');
    expect(noErrors('services:\n  a:\n    image: x:1\n').version).toBeUndefined();
  });

  it('reads a version 1 file (services at the top level)', () => {
    const m = noErrors('web:\n  image: nginx:1\n  ports: ["80:80"]\ndb:\n  image: postgres\n');
    expect(m.legacy).toBe(true);
    expect(m.services.map((s) => s.name)).toEqual(['web', 'db']);
  });

  it('accepts a file with no services (networks only)', () => {
    expect(noErrors('networks:\n  front: {}\n').services).toEqual([]);
  });
});

describe('compose model: anchors, aliases and merge keys', () => {
  const text = [
    'x-base: &base',
    '  restart: always',
    '  cap_add: [NET_ADMIN]',
    'x-env: &env',
    '  A: "1"',
    'services:',
    '  one:',
    '    <<: *base',
    '    restart: "no"',
    '    environment: *env',
    '  two:',
    '    <<: [*base]',
  ].join('\n');

  it('merges keys not written in the service, with their positions in the anchor', () => {
    const m = noErrors(text);
    const one = service(m, 'one');
    expect(child(one.node, 'restart')).toMatchObject({ text: 'no', range: { start: { line: 9 } } });
    const cap = one.capAdd[0];
    expect(cap.value).toBe('NET_ADMIN');
    expect(cap.node.range.start).toEqual({ line: 3, column: 13 });
    expect(cap.node.parent?.via?.map((v) => [v.kind, v.range.start.line])).toEqual([
      ['alias', 8],
      ['merge', 8],
    ]);
    expect(keyPath(cap.node)).toBe('services.one.cap_add.[]');
    expect(one.environment.map((e) => [e.name, e.value, e.nameRange.start.line])).toEqual([['A', '1', 5]]);
    expect(child(one.node, 'environment')?.via?.[0].kind).toBe('alias');
  });

  it('merges a list of anchors', () => {
    const two = service(noErrors(text), 'two');
    expect(child(two.node, 'restart')).toMatchObject({ text: 'always' });
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 7; i++) lines.push(`${'bcdefgh'[i]}: &${'bcdefgh'[i]} [*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]},*${'abcdefg'[i]}]`);
    const m = composeModel(['x-bomb:', ...lines.map((l) => `  ${l}`), 'services: {}'].join('\n'));
    expect(m.errors.map((e) => e.message)).toEqual([expect.stringContaining('refusing to read it')]);
  });
});

describe('compose model: interpolation', () => {
  it('uses .env beside the file and defaults, never the process environment', () => {
    process.env.PLIMSOLL_TEST_FROM_PROCESS = 'leaked';
    const m = noErrors(
      ['services:', '  web:', '    image: "nginx:${TAG}"', '    environment:', '      FROM_PROCESS: ${PLIMSOLL_TEST_FROM_PROCESS}', '      D: ${UNSET:-dflt}'].join('\n'),
      { files: { '.env': 'TAG=1.27\n' } },
    );
    delete process.env.PLIMSOLL_TEST_FROM_PROCESS;
    const web = service(m, 'web');
    expect(web.image?.text).toBe('nginx:1.27');
    expect(web.image?.unresolved).toBe(false);
    expect(m.envFile).toBe('.env');
    expect(web.environment.map((e) => [e.name, e.value, e.interpolation?.unresolved])).toEqual([
      ['FROM_PROCESS', '', true],
      ['D', 'dflt', false],
    ]);
  });

  it('reports a malformed reference with its position', () => {
    const m = composeModel('services:\n  web:\n    image: "nginx:${TAG"\n');
    expect(m.errors).toEqual([expect.objectContaining({ source: 'compose.yaml', line: 3, column: 12, message: expect.stringContaining('no closing') })]);
  });

  it('reports a bad .env line with its file and line', () => {
    const m = composeModel('services:\n  web:\n    image: nginx:1\n', { files: { '.env': 'OK=1\nbroken line\n' } });
    expect(m.errors).toEqual([expect.objectContaining({ source: '.env', line: 2 })]);
  });
});

describe('compose model: environment', () => {
  it('reads the list form with positions of name and value', () => {
    const m = noErrors(['services:', '  web:', '    environment:', '      - A=1', '      - "B=two words"', '      - C', '      - D='].join('\n'));
    const env = service(m, 'web').environment;
    expect(env.map((e) => [e.name, e.value])).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', undefined],
      ['D', ''],
    ]);
    expect(env[0].nameRange).toEqual({ start: { line: 4, column: 9 }, end: { line: 4, column: 10 } });
    expect(env[0].valueRange).toEqual({ start: { line: 4, column: 11 }, end: { line: 4, column: 12 } });
    expect(env[1].valueRange?.start).toEqual({ line: 5, column: 12 });
  });

  it('reads the map form, with null meaning "from the environment"', () => {
    const m = noErrors(['services:', '  web:', '    environment:', '      A: 1', '      B:', '      C: ""'].join('\n'));
    expect(service(m, 'web').environment.map((e) => [e.name, e.value])).toEqual([
      ['A', '1'],
      ['B', undefined],
      ['C', ''],
    ]);
  });
});

describe('compose model: ports and volumes', () => {
  it('reads short and long ports', () => {
    const m = noErrors(
      [
        'services:',
        '  web:',
        '    ports:',
        '      - "3000"',
        '      - 8080:80/udp',
        '      - "127.0.0.1:5432:5432"',
        '      - "[::1]:6000:6000"',
        '      - "9090-9091:8080-8081"',
        '      - "127.0.0.1::5000"',
        '      - 8443',
        '      - target: 80',
        '        published: "8000-8001"',
        '        host_ip: 0.0.0.0',
        '        protocol: tcp',
      ].join('\n'),
    );
    expect(service(m, 'web').ports.map((p) => [p.hostIp, p.published, p.target, p.protocol, p.syntax])).toEqual([
      [undefined, undefined, '3000', 'tcp', 'short'],
      [undefined, '8080', '80', 'udp', 'short'],
      ['127.0.0.1', '5432', '5432', 'tcp', 'short'],
      ['::1', '6000', '6000', 'tcp', 'short'],
      [undefined, '9090-9091', '8080-8081', 'tcp', 'short'],
      ['127.0.0.1', undefined, '5000', 'tcp', 'short'],
      [undefined, undefined, '8443', 'tcp', 'short'],
      ['0.0.0.0', '8000-8001', '80', 'tcp', 'long'],
    ]);
  });

  it('reports a port that is not one', () => {
    const m = composeModel('services:\n  web:\n    ports:\n      - "http"\n');
    expect(m.errors).toEqual([expect.objectContaining({ line: 4, column: 9, message: expect.stringContaining('is not a port mapping') })]);
  });

  it('reads short and long volumes, named volumes that bind host paths, and $HOME', () => {
    const m = noErrors(
      [
        'services:',
        '  web:',
        '    volumes:',
        '      - /var/run/docker.sock:/var/run/docker.sock:ro',
        '      - ./data:/data',
        '      - data:/srv',
        '      - /anonymous',
        '      - ~/.ssh:/root/.ssh:ro,z',
        '      - ${HOME}/.aws:/root/.aws',
        '      - ${UNKNOWN}/x:/x',
        '      - C:\\Users\\me:/win',
        '      - type: bind',
        '        source: /etc/',
        '        target: /host-etc',
        '        read_only: true',
        '      - type: tmpfs',
        '        target: /tmp',
        'volumes:',
        '  data:',
        '    driver: local',
        '    driver_opts: {type: none, o: bind, device: /var/lib/docker}',
      ].join('\n'),
    );
    expect(service(m, 'web').volumes.map((v) => [v.type, v.hostPath, v.target, v.readOnly, v.unresolved])).toEqual([
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', true, false],
      ['bind', './data', '/data', false, false],
      ['volume', '/var/lib/docker', '/srv', false, false],
      ['volume', undefined, '/anonymous', false, false],
      ['bind', '~/.ssh', '/root/.ssh', true, false],
      ['bind', '~/.aws', '/root/.aws', false, false],
      ['bind', undefined, '/x', false, true],
      ['bind', 'C:\\Users\\me', '/win', false, false],
      ['bind', '/etc', '/host-etc', true, false],
      ['tmpfs', undefined, '/tmp', false, false],
    ]);
  });

  it('splits short syntaxes as Docker does', () => {
    expect(parseShortPort('::1:8080:80')).toEqual({ hostIp: '::1', published: '8080', target: '80', protocol: 'tcp' });
    expect(parseShortPort('80/sctp')).toEqual({ hostIp: undefined, published: undefined, target: '80', protocol: 'sctp' });
    expect(parseShortPort('a:b')).toBeUndefined();
    expect(parseShortVolume('C:\\data:/data:ro')).toEqual({ source: 'C:\\data', target: '/data', mode: ['ro'] });
    expect(parseShortVolume('/data')).toEqual({ target: '/data', mode: [] });
  });
});

describe('compose model: secrets and profiles', () => {
  it('reads short and long secrets, and profiles', () => {
    const m = noErrors(['services:', '  db:', '    image: postgres:16', '    profiles: [debug]', '    secrets:', '      - db_password', '      - source: tls_key', '        target: /run/secrets/key', 'secrets:', '  db_password: {file: ./db.txt}', '  tls_key: {environment: TLS_KEY}'].join('\n'));
    const db = service(m, 'db');
    expect(db.secrets.map((s) => s.value)).toEqual(['db_password', 'tls_key']);
    expect(db.profiles).toEqual(['debug']);
  });
});

describe('compose model: build', () => {
  it('reads build as a string or a mapping', () => {
    const m = noErrors(
      [
        'services:',
        '  a:',
        '    build: ./app',
        '  b:',
        '    build:',
        '      context: ./svc',
        '      dockerfile: docker/Dockerfile.prod',
        '      args:',
        '        - VERSION=1',
        '  c:',
        '    build:',
        '      dockerfile_inline: |',
        '        FROM alpine:3.20',
        '        RUN echo hi',
        '  d:',
        '    build: https://github.com/org/repo.git#main',
      ].join('\n'),
    );
    expect(service(m, 'a').build).toMatchObject({ context: './app', contextDir: '/project/app', dockerfilePath: '/project/app/Dockerfile' });
    expect(service(m, 'b').build).toMatchObject({ contextDir: '/project/svc', dockerfilePath: '/project/svc/docker/Dockerfile.prod' });
    expect([...service(m, 'b').build!.args!.entries.keys()]).toEqual(['VERSION']);
    expect(service(m, 'c').build?.dockerfileInline?.text).toBe('FROM alpine:3.20\nRUN echo hi\n');
    expect(service(m, 'c').build?.dockerfilePath).toBeUndefined();
    expect(service(m, 'd').build?.remote).toBe(true);
    expect(service(m, 'd').build?.contextDir).toBeUndefined();
  });
});

describe('compose model: extends', () => {
  const common = ['services:', '  base:', '    image: nginx:1.27', '    cap_add: [SYS_ADMIN]', '    environment:', '      - A=1', '    volumes:', '      - /a:/data'].join('\n');

  it('merges a service from another file, keeping that file\'s positions', () => {
    const m = noErrors(
      ['services:', '  web:', '    extends:', '      file: common.yml', '      service: base', '    environment:', '      B: "2"', '    volumes:', '      - /b:/data'].join('\n'),
      { files: { 'common.yml': common } },
    );
    const web = service(m, 'web');
    expect(web.extendsChain).toEqual(['base (common.yml)']);
    expect(web.image?.text).toBe('nginx:1.27');
    expect(web.capAdd[0].node.source.path).toBe('common.yml');
    expect(web.capAdd[0].node.range.start).toEqual({ line: 4, column: 15 });
    expect(web.environment.map((e) => [e.name, e.node.source.path])).toEqual([
      ['A', 'common.yml'],
      ['B', 'compose.yaml'],
    ]);
    // The local volume replaces the base's one with the same target.
    expect(web.volumes.map((v) => v.hostPath)).toEqual(['/b']);
    expect(m.sources.map((s) => s.path)).toEqual(['compose.yaml', 'common.yml']);
  });

  it('merges a service from the same file (string form and mapping form)', () => {
    const m = noErrors(['services:', '  base:', '    image: redis:7', '    privileged: true', '  a:', '    extends: base', '  b:', '    extends:', '      service: a', '    privileged: false'].join('\n'));
    expect(child(service(m, 'a').node, 'privileged')?.range.start.line).toBe(4);
    expect(child(service(m, 'b').node, 'privileged')).toMatchObject({ value: false });
    expect(service(m, 'b').extendsChain).toEqual(['a', 'base']);
  });

  it('reports a missing extends file at its line', () => {
    const m = composeModel(['services:', '  web:', '    extends:', '      file: nowhere.yml', '      service: base'].join('\n'));
    expect(m.errors).toEqual([expect.objectContaining({ source: 'compose.yaml', line: 4, column: 13, message: 'extends file "nowhere.yml" does not exist' })]);
    expect(m.services.map((s) => s.name)).toEqual(['web']);
  });

  it('reports a missing base service and a cycle', () => {
    expect(composeModel('services:\n  a:\n    extends: nope\n').errors[0]).toMatchObject({ line: 3, message: expect.stringContaining('"nope", which is not a service') });
    expect(composeModel('services:\n  a:\n    extends: b\n  b:\n    extends: a\n').errors[0].message).toMatch(/extends itself/);
  });
});

describe('compose model: input errors', () => {
  const errorOf = (text: string) => composeModel(text).errors;

  it('bad YAML names line and column', () => {
    expect(errorOf('services:\n  web:\n    image: [unclosed\n')[0]).toMatchObject({ source: 'compose.yaml', line: expect.any(Number), message: expect.stringContaining('is not valid YAML') });
  });

  it('duplicate keys', () => {
    expect(errorOf('services:\n  web:\n    image: a:1\n    image: b:1\n')[0]).toMatchObject({ line: 4, message: expect.stringContaining('is not valid YAML') });
  });

  it('not a mapping at the top', () => {
    expect(errorOf('- a\n- b\n')[0]).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('is not a compose file') });
  });

  it('an unknown top-level key', () => {
    expect(errorOf('services: {}\nservice:\n  web: {}\n')[0]).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('unknown top-level key "service"') });
  });

  it('a service that is not a mapping', () => {
    expect(errorOf('services:\n  web: nginx\n')[0]).toMatchObject({ line: 2, column: 3, message: 'service "web" must be a mapping' });
  });

  it('keys of the wrong shape', () => {
    expect(errorOf('services:\n  web:\n    image: nginx:1\n    ports: 8080\n')[0]).toMatchObject({ line: 4, column: 12, message: 'service "web": `ports` must be a list' });
    expect(errorOf('services:\n  web:\n    environment: FOO\n')[0]).toMatchObject({ line: 3, message: expect.stringContaining('must be a mapping or a list') });
  });

  it('an empty file', () => {
    expect(errorOf('')[0]).toMatchObject({ message: expect.stringContaining('is empty') });
    expect(errorOf('# only a comment\n')[0]).toMatchObject({ message: expect.stringContaining('is empty') });
  });

  it('an alias to no anchor, and a merge of something that is not a mapping', () => {
    expect(errorOf('services:\n  web:\n    <<: *nope\n')).toEqual([expect.objectContaining({ line: 3, column: 9, message: 'alias *nope names no anchor' })]);
    expect(errorOf('x-a: &a [1]\nservices:\n  web:\n    <<: *a\n')).toEqual([expect.objectContaining({ line: 4, column: 5, message: 'merges (<<) something that is not a mapping' })]);
  });

  it('tabs used for indentation', () => {
    expect(errorOf('services:\n\tweb:\n\t\timage: nginx\n')[0]).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('Tabs') });
  });

  it('a NUL byte', () => {
    expect(errorOf('services:\n\u0000')[0]).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('NUL') });
  });
});

describe('compose model: other inputs', () => {
  it('reads CRLF line endings, a byte order mark, JSON, and numeric service names', () => {
    expect(noErrors('services:\r\n  web:\r\n    image: nginx\r\n').services[0].image?.node.range).toEqual({ start: { line: 3, column: 12 }, end: { line: 3, column: 17 } });
    expect(noErrors('\uFEFFservices:\n  web:\n    image: nginx\n').services[0].image?.node.range.start).toEqual({ line: 3, column: 12 });
    expect(noErrors('{"services": {"web": {"image": "nginx:1", "ports": ["80:80"]}}}').services[0].ports).toHaveLength(1);
    expect(noErrors('services:\n  123:\n    image: nginx\n').services[0].name).toBe('123');
  });

  it('reads the !reset and !override tags of override files', () => {
    const web = noErrors('services:\n  web:\n    image: nginx:1\n    ports: !reset []\n    environment: !override\n      A: 1\n').services[0];
    expect(web.ports).toEqual([]);
    expect(web.environment.map((e) => e.name)).toEqual(['A']);
  });

  it('uses the latest definition of an anchor name', () => {
    expect(noErrors('x-a: &a\n  image: one\nx-b: &a\n  image: two\nservices:\n  web:\n    <<: *a\n').services[0].image?.text).toBe('two');
  });
});

describe('compose model: comments', () => {
  it('collects full-line comments but not lines inside block strings', () => {
    const m = noErrors(['# plimsoll global ignore=CO016', 'services:', '  web:', '    # plimsoll ignore=CO001', '    privileged: true', '    build:', '      dockerfile_inline: |', '        # not a comment', '        FROM alpine:3'].join('\n'));
    expect(m.source.comments.map((c) => [c.line, c.text])).toEqual([
      [1, 'plimsoll global ignore=CO016'],
      [4, 'plimsoll ignore=CO001'],
    ]);
  });
});
