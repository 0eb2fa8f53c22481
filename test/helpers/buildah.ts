/**
 * Builds real images with Debian's buildah (no Docker engine needed) and exports them with
 * skopeo in every format plimsoll reads. For tests that want what a real builder writes:
 * layer tars, whiteouts, hardlinks, history, PAX headers.
 *
 *   import { buildahAvailable, buildImage, BUILDAH_SKIP_REASON } from '../helpers/buildah.js';
 *   describe.skipIf(!buildahAvailable)('...', () => {
 *     it('...', async () => {
 *       const img = await buildImage({
 *         name: 'my-test',                       // becomes localhost/plimsoll-test-my-test:<hash>
 *         dockerfile: 'FROM busybox-base\nRUN echo hi > /x\n',  // `busybox-base` is a FROM scratch + static busybox image
 *         context: { 'file.txt': 'content', 'bin/tool': { content: '#!/bin/sh\n', mode: 0o755 } },
 *       });
 *       img.exports.dockerArchive  // docker-archive tar (legacy layout, uncompressed layers)
 *       img.exports.ociArchive     // oci-archive tar (gzip layers)
 *       img.exports.ociGzip        // OCI layout folder (gzip layers)
 *       img.exports.ociZstd        // OCI layout folder (zstd layers)
 *     });
 *   });
 *
 * Builds run as `buildah bud --isolation chroot --storage-driver vfs --layers` (one layer per
 * instruction; vfs writes explicit whiteouts), or `storageDriver: 'overlay'` (opaque whiteouts).
 * Results are cached per content under $PLIMSOLL_BUILDAH_CACHE (default <tmp>/plimsoll-buildah):
 * the same Dockerfile and context build once per machine, concurrent test files share the work.
 * RUN steps need no network unless the Dockerfile fetches something; `busybox-base` provides sh.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile, chmod, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));

/** True when buildah, skopeo and a static busybox are installed (apt-get install buildah skopeo busybox-static). */
export const buildahAvailable = process.platform === 'linux' && has('buildah') && has('skopeo') && !!BUSYBOX;

export const BUILDAH_SKIP_REASON = 'buildah/skopeo tests skipped: needs `apt-get install buildah skopeo busybox-static` (Linux, root)';

if (!buildahAvailable) console.warn(BUILDAH_SKIP_REASON);

export type ContextFile = string | Buffer | { content: string | Buffer; mode?: number };

export interface BuildOptions {
  /** A short name for the image; made unique with a content hash. */
  name: string;
  /** The Dockerfile text. `FROM busybox-base` uses a scratch image with Debian's static busybox. */
  dockerfile: string;
  /** Files of the build context, by relative path. */
  context?: Record<string, ContextFile>;
  /** Default vfs. */
  storageDriver?: 'vfs' | 'overlay';
  /** One layer per instruction (default true); false squashes like plain `buildah bud`. */
  layers?: boolean;
  /** Extra `buildah bud` arguments, e.g. ['--cap-add', 'CAP_MKNOD']. */
  extraArgs?: string[];
}

export interface BuiltImage {
  /** `localhost/plimsoll-test-NAME:HASH` */
  name: string;
  exports: {
    dockerArchive: string;
    ociArchive: string;
    ociGzip: string;
    ociZstd: string;
  };
}

const STORAGE = { vfs: '/var/lib/containers/storage', overlay: '/var/lib/containers/storage-overlay' };
const RUNROOT = { vfs: '/run/containers/storage', overlay: '/run/containers/storage-overlay' };
const BASE_NAME = 'localhost/plimsoll-busybox-base';

export function buildahCacheDir(): string {
  return process.env.PLIMSOLL_BUILDAH_CACHE ?? join(tmpdir(), 'plimsoll-buildah');
}

function storageRef(driver: 'vfs' | 'overlay', name: string): string {
  return `containers-storage:[${driver}@${STORAGE[driver]}+${RUNROOT[driver]}]${name}`;
}

function buildahArgs(driver: 'vfs' | 'overlay'): string[] {
  return ['--storage-driver', driver, '--root', STORAGE[driver], '--runroot', RUNROOT[driver]];
}

const memo = new Map<string, Promise<BuiltImage>>();

async function writeContext(dir: string, files: Record<string, ContextFile>): Promise<void> {
  for (const [rel, f] of Object.entries(files)) {
    const p = join(dir, rel);
    await mkdir(dirname(p), { recursive: true });
    const content = typeof f === 'string' || Buffer.isBuffer(f) ? f : f.content;
    await writeFile(p, content);
    if (typeof f === 'object' && !Buffer.isBuffer(f) && f.mode !== undefined) await chmod(p, f.mode);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serialises work across test processes with an exclusive lock folder (mkdir is atomic); a lock
 * left by a process that died is taken over.
 */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      if (holder > 0 && !alive(holder)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (i > 3000) throw new Error(`timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function ensureBase(driver: 'vfs' | 'overlay'): Promise<string> {
  const busybox = await readFile(BUSYBOX!);
  const tag = createHash('sha256').update(busybox).digest('hex').slice(0, 12);
  const name = `${BASE_NAME}:${tag}`;
  const check = spawnSync('buildah', [...buildahArgs(driver), 'inspect', '--type', 'image', name], { stdio: 'ignore' });
  if (check.status === 0) return name;
  const ctx = join(buildahCacheDir(), `base-ctx-${tag}`);
  await mkdir(ctx, { recursive: true });
  await copyFile(BUSYBOX!, join(ctx, 'busybox'));
  await chmod(join(ctx, 'busybox'), 0o755);
  await writeFile(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["/bin/sh"]\n');
  await run('buildah', [...buildahArgs(driver), 'bud', '--isolation', 'chroot', '--layers', '-t', name, ctx], { maxBuffer: 64 << 20 });
  return name;
}

/** Builds (or reuses) the image and its four exports. */
export function buildImage(opts: BuildOptions): Promise<BuiltImage> {
  if (!buildahAvailable) return Promise.reject(new Error(BUILDAH_SKIP_REASON));
  const driver = opts.storageDriver ?? 'vfs';
  const key = createHash('sha256')
    .update(JSON.stringify([opts.dockerfile, driver, opts.layers ?? true, opts.extraArgs ?? [], Object.entries(opts.context ?? {}).map(([k, v]) => [k, typeof v === 'string' || Buffer.isBuffer(v) ? createHash('sha256').update(v).digest('hex') : [createHash('sha256').update(v.content).digest('hex'), v.mode]])]))
    .digest('hex')
    .slice(0, 16);
  const cached = memo.get(key);
  if (cached) return cached;
  const p = build(opts, driver, key);
  memo.set(key, p);
  return p;
}

async function build(opts: BuildOptions, driver: 'vfs' | 'overlay', key: string): Promise<BuiltImage> {
  const root = buildahCacheDir();
  await mkdir(root, { recursive: true });
  const out = join(root, `${opts.name.replace(/[^a-z0-9-]/g, '-')}-${key}`);
  const name = `localhost/plimsoll-test-${opts.name.replace(/[^a-z0-9-]/g, '-')}:${key}`;
  const result: BuiltImage = {
    name,
    exports: {
      dockerArchive: join(out, 'image.docker.tar'),
      ociArchive: join(out, 'image.oci.tar'),
      ociGzip: join(out, 'oci-gzip'),
      ociZstd: join(out, 'oci-zstd'),
    },
  };
  if (existsSync(join(out, 'done'))) return result;
  return withLock(join(root, `.lock-${driver}`), async () => {
    if (existsSync(join(out, 'done'))) return result;
    const base = await ensureBase(driver);
    const tmp = `${out}.partial`;
    await rm(tmp, { recursive: true, force: true });
    const ctx = join(tmp, 'context');
    await mkdir(ctx, { recursive: true });
    await writeContext(ctx, opts.context ?? {});
    await writeFile(join(ctx, 'Dockerfile'), opts.dockerfile.replace(/^FROM busybox-base\b/gm, `FROM ${base}`));
    const bud = [...buildahArgs(driver), 'bud', '--isolation', 'chroot', ...(opts.layers === false ? [] : ['--layers']), ...(opts.extraArgs ?? []), '-t', name, ctx];
    await run('buildah', bud, { maxBuffer: 64 << 20 });
    const src = storageRef(driver, name);
    await run('skopeo', ['copy', '-q', src, `docker-archive:${join(tmp, 'image.docker.tar')}:${name}`]);
    await run('skopeo', ['copy', '-q', src, `oci-archive:${join(tmp, 'image.oci.tar')}:${name}`]);
    await run('skopeo', ['copy', '-q', src, `oci:${join(tmp, 'oci-gzip')}:latest`]);
    await run('skopeo', ['copy', '-q', '--dest-compress-format', 'zstd', src, `oci:${join(tmp, 'oci-zstd')}:latest`]);
    await writeFile(join(tmp, 'done'), name);
    await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
    return result;
  });
}
