/**
 * The engine source against Debian's podman serving the Docker API (`podman system service`)
 * on a unix socket and on TCP, with images loaded into a private podman storage.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type WrittenImage } from '../../fixtures/generator/index.js';
import { main } from '../../src/cli.js';
import { openImage, readLayers } from '../../src/layers/index.js';
import type { LayerContents } from '../../src/layers/types.js';
import { freePort, removeScratchDirs, scratchDir } from '../helpers/registry.js';

afterAll(removeScratchDirs);

const run = promisify(execFile);
const podmanAvailable = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('podman', ['--version'], { stdio: 'ignore' }).status === 0;
if (!podmanAvailable) console.warn('engine (docker-daemon) tests skipped: needs `apt-get install podman` and root (podman system service serves the Docker API)');

const IMAGE: FixtureImage = {
  tag: 'plimsoll/engine-test:1',
  config: { User: 'app', Cmd: ['/bin/app'] },
  layers: [
    { createdBy: 'ADD rootfs /', entries: [{ path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }, { path: 'bin/app', content: { size: 300_000, seed: 5 }, mode: 0o755 }] },
    { createdBy: 'RUN rm', entries: [{ path: 'etc/passwd', type: 'whiteout' }, { path: 'data/big', content: { size: 500_000, seed: 6 } }] },
    { createdBy: 'COPY x', entries: [{ path: 'data/x', content: 'x\n' }] },
  ],
};

interface Podman {
  root: string;
  args: string[];
  sock: string;
  runtimeDir: string;
  tcp: string;
  children: ChildProcess[];
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within 20 s`);
}

function ping(opts: http.RequestOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ ...opts, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

async function startPodman(): Promise<Podman> {
  const root = scratchDir('plimsoll-podman-');
  const runtimeDir = join(root, 'run');
  mkdirSync(join(runtimeDir, 'podman'), { recursive: true });
  const args = ['--root', join(root, 'storage'), '--runroot', join(root, 'runroot'), '--storage-driver', 'vfs', '--events-backend', 'file', '--tmpdir', join(root, 'tmp')];
  const sock = join(runtimeDir, 'podman', 'podman.sock');
  const port = await freePort();
  const tcp = `tcp://127.0.0.1:${port}`;
  const children = [
    spawn('podman', [...args, 'system', 'service', '--time=0', `unix://${sock}`], { stdio: 'ignore' }),
    spawn('podman', [...args, 'system', 'service', '--time=0', tcp], { stdio: 'ignore' }),
  ];
  await waitFor(() => ping({ socketPath: sock }), 'podman system service (unix socket)');
  await waitFor(() => ping({ host: '127.0.0.1', port }), 'podman system service (tcp)');
  return { root, args, sock, runtimeDir, tcp, children };
}

async function readRef(ref: string, env: NodeJS.ProcessEnv, platform?: string) {
  const image = await openImage(ref, { remote: { env }, platform });
  try {
    const layers: LayerContents[] = [];
    for await (const l of readLayers(image)) layers.push(l);
    return { image, layers };
  } finally {
    await image.close();
  }
}

function summary(layers: LayerContents[]) {
  return layers.map((l) => ({ diffId: l.diffId, entries: l.entryCount, bytes: l.fileBytes, events: l.events.length }));
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => Buffer.alloc(0),
    cwd: tmpdir(),
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

describe.skipIf(!podmanAvailable)('engine source: podman system service (Docker API)', () => {
  let podman: Podman;
  let archive: WrittenImage;
  let id: string;
  let name: string;

  beforeAll(async () => {
    podman = await startPodman();
    archive = await cachedImage(IMAGE, { format: 'docker-archive' });
    const { stdout } = await run('podman', [...podman.args, 'load', '-q', '-i', archive.path]);
    name = /Loaded image(?:\(s\))?: (\S+)/.exec(stdout)?.[1] ?? 'plimsoll/engine-test:1';
    id = archive.images[0]!.configDigest;
  }, 120_000);

  afterAll(async () => {
    for (const c of podman?.children ?? []) {
      c.kill('SIGTERM');
      if (c.exitCode === null) await new Promise((r) => c.once('exit', r));
    }
    if (podman) await rm(podman.root, { recursive: true, force: true });
  });

  it('reads an image over the unix socket in DOCKER_HOST: the same layers as its docker save archive', async () => {
    const spool = scratchDir('plimsoll-spool-');
    const env = { DOCKER_HOST: `unix://${podman.sock}`, TMPDIR: spool };
    const fromEngine = await readRef(`docker-daemon:${name}`, env);
    const local = await openImage(archive.path);
    const localLayers: LayerContents[] = [];
    for await (const l of readLayers(local)) localLayers.push(l);
    await local.close();
    expect(fromEngine.image.source).toBe('docker-daemon');
    expect(fromEngine.image.configDigest).toBe(id);
    expect(fromEngine.image.tags).toEqual([name]);
    expect(fromEngine.image.config.config?.User).toBe('app');
    expect(summary(fromEngine.layers)).toEqual(summary(localLayers));
    // Nothing was written under TMPDIR (the archive is streamed).
    expect(readdirSync(spool)).toEqual([]);
    await rm(spool, { recursive: true, force: true });
  });

  it("streams podman's archive (every layer before the config and manifest.json): nothing on disk, even with TMPDIR missing", async () => {
    const empty = scratchDir('plimsoll-tmp-');
    const missing = join(empty, 'missing');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = missing;
    try {
      const r = await readRef(`docker-daemon:${name}`, { DOCKER_HOST: `unix://${podman.sock}`, TMPDIR: missing });
      expect(r.image.configDigest).toBe(id);
      expect(r.image.layers.map((l) => l.diffId)).toEqual(archive.images[0]!.layers.map((l) => l.diffId));
      expect(r.layers.every((l) => l.events.length > 0)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('by image id, and over tcp:// in DOCKER_HOST', async () => {
    const r = await readRef(`docker-daemon:${id.slice('sha256:'.length)}`, { DOCKER_HOST: podman.tcp });
    expect(r.image.configDigest).toBe(id);
    expect(r.layers).toHaveLength(3);
  });

  it('--source podman finds podman\'s socket under XDG_RUNTIME_DIR; --source docker uses DOCKER_HOST', async () => {
    const viaPodman = await cli(['image', name, '--source', 'podman', '-f', 'json'], { XDG_RUNTIME_DIR: podman.runtimeDir, HOME: podman.root });
    expect([0, 1]).toContain(viaPodman.code);
    const j = JSON.parse(viaPodman.stdout);
    expect(j.image).toMatchObject({ source: 'docker-daemon', configDigest: id });
    expect(j.image.layers).toHaveLength(3);
    const viaDocker = await cli(['image', name, '--source', 'docker', '-f', 'json'], { DOCKER_HOST: `unix://${podman.sock}`, HOME: podman.root });
    expect(JSON.parse(viaDocker.stdout).image.configDigest).toBe(id);
  });

  it('a missing image: exit 2 naming it and the engine', async () => {
    const r = await cli(['image', 'docker-daemon:no/such-image:1', '-f', 'json'], { DOCKER_HOST: `unix://${podman.sock}`, HOME: podman.root });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({
      source: 'docker-daemon:no/such-image:1',
      message: expect.stringMatching(new RegExp(`^no such image "no/such-image:1" in the engine at unix://${podman.sock}.*pull or load it first$`)),
    });
  });

  it('a platform the image is not: exit 2 saying which it is', async () => {
    await expect(openImage(`docker-daemon:${name}`, { remote: { env: { DOCKER_HOST: `unix://${podman.sock}` } }, platform: 'linux/arm64' })).rejects.toThrow(
      "the engine's image is linux/amd64, not linux/arm64",
    );
  });
});

describe('engine source: no engine', () => {
  it('names the socket it tried and how to point at another', async () => {
    const dir = scratchDir('plimsoll-noengine-');
    const sock = join(dir, 'docker.sock');
    await expect(openImage('docker-daemon:app:1', { remote: { env: { DOCKER_HOST: `unix://${sock}` } } })).rejects.toThrow(
      `docker-daemon:app:1: cannot connect to the engine at unix://${sock} (DOCKER_HOST): no such socket; is the engine running?`,
    );
    expect(existsSync(sock)).toBe(false);
  });

  it('refuses engine addresses it cannot use, saying what it expects', async () => {
    await expect(openImage('docker-daemon:app:1', { remote: { env: { DOCKER_HOST: 'ssh://me@host' } } })).rejects.toThrow(/ssh:\/\/ engines are not supported; forward the socket/);
    await expect(openImage('docker-daemon:app:1', { remote: { env: { DOCKER_HOST: 'ftp://x' } } })).rejects.toThrow('DOCKER_HOST=ftp://x: expected unix:///PATH or tcp://HOST:PORT');
    await expect(openImage('docker-daemon:', { remote: { env: {} } })).rejects.toThrow('docker-daemon: needs an image name');
  });
});

/** A Docker-compatible engine on a unix socket serving one image's archive (any docker save layout). */
async function fakeEngine(archive: Buffer | string, inspect: Record<string, unknown>, status = 200): Promise<{ sock: string; close(): Promise<void>; paths: string[] }> {
  const { readFileSync } = await import('node:fs');
  const dir = scratchDir('plimsoll-fake-engine-');
  const sock = join(dir, 'docker.sock');
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url?.endsWith('/json')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(inspect));
    } else if (req.url?.endsWith('/get')) {
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'export failed: disk on fire' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-tar' });
      res.end(typeof archive === 'string' ? readFileSync(archive) : archive);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(sock, () => r()));
  return { sock, paths, close: () => new Promise((r) => server.close(() => rm(dir, { recursive: true, force: true }).then(() => r()))) };
}

describe('engine source: archive layouts and hostile archives (fake engine)', () => {
  it.each(['docker-archive', 'docker-archive-25'] as const)('reads the %s layout an engine may send', async (format) => {
    const w = await cachedImage(IMAGE, { format });
    const engine = await fakeEngine(w.path, { Id: w.images[0]!.configDigest, RepoTags: ['app:1'], Size: 1000, Os: 'linux', Architecture: 'amd64' });
    try {
      const r = await readRef('docker-daemon:app:1', { DOCKER_HOST: `unix://${engine.sock}` });
      expect(r.image).toMatchObject({ source: 'docker-daemon', configDigest: w.images[0]!.configDigest, tags: ['app:1'] });
      expect(r.layers.map((l) => l.diffId)).toEqual(w.images[0]!.layers.map((l) => l.diffId));
      // Asked by id, so a tag moving meanwhile cannot mix two images.
      expect(engine.paths).toEqual(['/images/app:1/json', `/images/${w.images[0]!.configDigest}/get`]);
    } finally {
      await engine.close();
    }
  });

  it('an archive of another image than the one inspected is refused', async () => {
    const w = await cachedImage(IMAGE, { format: 'docker-archive' });
    const other = `sha256:${'1'.repeat(64)}`;
    const engine = await fakeEngine(w.path, { Id: other, RepoTags: ['app:1'] });
    try {
      await expect(openImage('docker-daemon:app:1', { remote: { env: { DOCKER_HOST: `unix://${engine.sock}` } } })).rejects.toThrow(
        `the engine sent image ${w.images[0]!.configDigest} when asked for ${other}`,
      );
    } finally {
      await engine.close();
    }
  });

  it('a member below a symlinked folder is never written through the link', async () => {
    const tar = (await import('tar-stream')).default;
    const outside = scratchDir('plimsoll-outside-');
    const pack = tar.pack();
    pack.entry({ name: 'evil', type: 'symlink', linkname: outside });
    pack.entry({ name: 'evil/pwned', size: 5 }, 'owned');
    pack.entry({ name: '../escape', size: 1 }, 'x');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const engine = await fakeEngine(Buffer.concat(chunks), { Id: `sha256:${'2'.repeat(64)}` });
    const spool = scratchDir('plimsoll-spool-');
    try {
      await expect(openImage('docker-daemon:evil', { remote: { env: { DOCKER_HOST: `unix://${engine.sock}`, TMPDIR: spool } } })).rejects.toThrow(
        'not a docker archive: no manifest.json',
      );
      expect(readdirSync(outside)).toEqual([]);
      // Nothing was written under TMPDIR, for a failed read either.
      expect(readdirSync(spool)).toEqual([]);
      await rm(spool, { recursive: true, force: true });
    } finally {
      await engine.close();
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('an engine failing the export: exit 2 with its message', async () => {
    const engine = await fakeEngine(Buffer.alloc(0), { Id: `sha256:${'3'.repeat(64)}` }, 500);
    try {
      await expect(openImage('docker-daemon:app', { remote: { env: { DOCKER_HOST: `unix://${engine.sock}` } } })).rejects.toThrow(
        `the engine at unix://${engine.sock} answered 500 to the export of sha256:${'3'.repeat(64)}: export failed: disk on fire`,
      );
    } finally {
      await engine.close();
    }
  });
});
