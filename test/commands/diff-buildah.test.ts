/**
 * `plimsoll diff` on real images built by buildah: B is built FROM A with known steps (a big
 * library added, a file removed, a mode changed, a port exposed), so the layers B shares with A,
 * the files that changed and the findings B brings are known; A and B come from different
 * export formats; `--dockerfile` ties B's new layers to their lines.
 */
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildahAvailable, buildImage, type BuiltImage } from '../helpers/buildah.js';
import { push, registryAvailable, startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { runCli, sandbox } from '../cli/helpers.js';

const DOCKERFILE_A = ['FROM busybox-base', 'COPY app/ /app/', 'RUN mkdir -p /usr/lib/python3 && echo 3.11 > /usr/lib/python3/VERSION', 'CMD ["/bin/sh"]', ''].join('\n');
const CONTEXT_A = {
  'app/server.js': 'console.log("hi")\n',
  'app/config.json': { content: '{"debug":false}\n', mode: 0o644 },
  'app/remove-me.txt': 'old notes\n',
};

/** B, FROM A (line numbers matter: the expected lines below). */
function dockerfileB(a: BuiltImage): string {
  return [
    `FROM ${a.name}`, // 1
    'RUN dd if=/dev/zero of=/usr/lib/python3/libbig.so bs=1024 count=1536', // 2
    'RUN rm /app/remove-me.txt', // 3
    'RUN chmod 600 /app/config.json', // 4
    'EXPOSE 22', // 5
    '',
  ].join('\n');
}

describe.skipIf(!buildahAvailable)('plimsoll diff on buildah builds', () => {
  let a: BuiltImage;
  let b: BuiltImage;
  beforeAll(async () => {
    a = await buildImage({ name: 'diff-a', dockerfile: DOCKERFILE_A, context: CONTEXT_A });
    b = await buildImage({ name: 'diff-b', dockerfile: dockerfileB(a) });
  });

  it.each([
    ['docker-archive → docker-archive', 'dockerArchive', 'dockerArchive'],
    ['docker-archive → OCI layout (zstd)', 'dockerArchive', 'ociZstd'],
    ['oci-archive → OCI layout (gzip)', 'ociArchive', 'ociGzip'],
  ] as const)('%s: shared layers, changed files, what explains the growth', async (_name, fa, fb) => {
    const r = await runCli(['diff', a.exports[fa], b.exports[fb], '-f', 'json'], { cwd: sandbox({}) });
    const d = JSON.parse(r.stdout).diff;
    // A: busybox-base's two layers, COPY, RUN; B adds three RUN layers on top.
    expect(d.layers).toMatchObject({ sharedPrefix: 4, shared: 4, new: 3, removed: 0 });
    expect(d.layers.list.map((l: { status: string }) => l.status)).toEqual(['shared', 'shared', 'shared', 'shared', 'new', 'new', 'new']);
    expect(d.mostly).toMatchObject({ path: '/usr/lib/python3/libbig.so', file: true, delta: 1536 * 1024 });
    expect(d.files.largest.added.map((f: { path: string }) => f.path)).toContain('/usr/lib/python3/libbig.so');
    expect(d.files.largest.removed.map((f: { path: string; delta: number }) => [f.path, f.delta])).toEqual([['/app/remove-me.txt', -10]]);
    expect(d.files.largest.changed.find((f: { path: string }) => f.path === '/app/config.json')).toMatchObject({ change: 'metadata', from: '0644 0:0', to: '0600 0:0' });
    expect(d.size.final.delta).toBe(d.files.added.bytes - d.files.removed.bytes + d.files.changed.delta);
  });

  it('findings B brings are new (the exposed SSH port); the rest are unchanged; the headline and the layers in the table', async () => {
    const root = sandbox({});
    const r = await runCli(['diff', a.exports.dockerArchive, b.exports.ociArchive], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/This change grows the image by 1\.\d+ MiB \(\+\d+\.\d %\), mostly \/usr\/lib\/python3\/libbig\.so \(\+1\.50 MiB\)\./);
    expect(r.stdout).toMatch(/IM006 sensitive-port-exposed \(new\)/);
    expect(r.stdout).not.toMatch(/IM00[1-5] \S+ \(new\)/);
    expect(r.stdout).toMatch(/layers +4 of B's 7 shared with A \(the first 4 as a common base\), 3 new/);
  });

  it('--dockerfile: B\'s new layers on their lines, A\'s as its base image; SARIF has the new finding on its line', async () => {
    const root = sandbox({});
    copyFileSync(join(dirname(b.exports.dockerArchive), 'context', 'Dockerfile'), join(root, 'Dockerfile'));
    const json = JSON.parse((await runCli(['diff', a.exports.dockerArchive, b.exports.dockerArchive, '--dockerfile', 'Dockerfile', '-f', 'json'], { cwd: root })).stdout);
    const att = json.diff.attribution;
    expect(att.layers.map((l: { status: string; instruction?: { line: number } }) => (l.status === 'base' ? 'base' : l.instruction?.line))).toEqual(['base', 'base', 'base', 'base', 2, 3, 4]);
    const sarif = JSON.parse((await runCli(['diff', a.exports.dockerArchive, b.exports.dockerArchive, '--dockerfile', 'Dockerfile', '-f', 'sarif'], { cwd: root })).stdout);
    expect(sarif.runs[0].results.map((x: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine])).toEqual([['IM006', 'Dockerfile', 5]]);
  });
});

describe.skipIf(!buildahAvailable || !registryAvailable)('plimsoll diff: A local, B in a registry', () => {
  let a: BuiltImage;
  let b: BuiltImage;
  let reg: RunningRegistry;
  beforeAll(async () => {
    a = await buildImage({ name: 'diff-a', dockerfile: DOCKERFILE_A, context: CONTEXT_A });
    b = await buildImage({ name: 'diff-b', dockerfile: dockerfileB(a) });
    reg = await startRegistry();
    await push(`oci-archive:${b.exports.ociArchive}`, reg, 'diff/b:1');
  });
  afterAll(async () => reg?.stop());

  it('the same diff as from archives, and B\'s layers shared with A are never downloaded', async () => {
    const root = sandbox({});
    const local = JSON.parse((await runCli(['diff', a.exports.dockerArchive, b.exports.ociArchive, '-f', 'json'], { cwd: root })).stdout).diff;
    const before = reg.requests().length;
    const remote = JSON.parse((await runCli(['diff', a.exports.dockerArchive, `${reg.host}/diff/b:1`, '-f', 'json', '--no-cache'], { cwd: root })).stdout).diff;
    for (const key of ['size', 'mostly', 'folders', 'explain', 'files', 'layers'] as const) {
      if (key === 'size') {
        expect(remote.size.content).toEqual(local.size.content);
        expect(remote.size.final).toEqual(local.size.final);
      } else expect(remote[key]).toEqual(local[key]);
    }
    const blobs = reg
      .requests()
      .slice(before)
      .filter((r) => r.method === 'GET' && r.status === 200 && /\/blobs\/sha256:/.test(r.uri))
      .map((r) => r.uri.replace(/^.*\/blobs\//, ''));
    const newLayers = new Set(remote.layers.list.filter((l: { status: string }) => l.status === 'new').map((l: { index: number }) => l.index));
    // The config, and the three new layers; not the four B shares with A.
    expect(blobs).toHaveLength(1 + newLayers.size);
  });
});
