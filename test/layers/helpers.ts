/** Shared helpers for the layer-source tests: a small image spec and a reader that collects everything. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixtureImage } from '../../fixtures/generator/index.js';
import { openImage, readLayers, type ReadLayersOptions } from '../../src/layers/index.js';
import type { LayerContents, LayerEntry, LayerEvent } from '../../src/layers/types.js';

export async function tempDir(prefix = 'plimsoll-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Three layers: files, folders, links, devices, a whiteout, an opaque folder, a duplicate layer-1 file rewritten. */
export const SAMPLE: FixtureImage = {
  tag: 'plimsoll/sample:1',
  config: { User: 'app', Cmd: ['/bin/app'] },
  layers: [
    {
      createdBy: 'ADD rootfs /',
      entries: [
        { path: 'etc', type: 'dir' },
        { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
        { path: 'etc/hostname', content: 'sample\n', mode: 0o600, uid: 1000, gid: 1000 },
        { path: 'bin', type: 'dir' },
        { path: 'bin/app', content: { size: 100_000, seed: 7 }, mode: 0o4755 },
        { path: 'bin/app-link', type: 'hardlink', target: 'bin/app' },
        { path: 'bin/sh', type: 'symlink', target: 'app' },
        { path: 'dev', type: 'dir' },
        { path: 'dev/null', type: 'char', major: 1, minor: 3 },
        { path: 'dev/sda', type: 'block', major: 8, minor: 0 },
        { path: 'dev/pipe', type: 'fifo' },
        { path: 'cache', type: 'dir' },
        { path: 'cache/a', content: 'a' },
        { path: 'cache/b', content: 'b' },
      ],
    },
    {
      createdBy: 'RUN rm -rf /cache && chmod 600 /etc/passwd',
      entries: [
        { path: 'cache', type: 'opaque' },
        { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o600 },
        { path: 'etc/hostname', type: 'whiteout' },
      ],
    },
    {
      createdBy: 'COPY big /data',
      entries: [{ path: 'data/big.bin', content: { size: 300_000, seed: 9 } }],
    },
  ],
};

export async function readAll(ref: string, options: ReadLayersOptions & { platform?: string } = {}): Promise<LayerContents[]> {
  const image = await openImage(ref, { platform: options.platform });
  try {
    const out: LayerContents[] = [];
    for await (const l of readLayers(image, options)) out.push(l);
    return out;
  } finally {
    await image.close();
  }
}

export function entries(l: LayerContents): LayerEntry[] {
  return l.events.filter((e): e is LayerEntry => e.kind === 'entry' || e.kind === undefined);
}

export function byPath(l: LayerContents): Map<string, LayerEntry> {
  return new Map(entries(l).map((e) => [e.path, e]));
}

export function kinds(events: LayerEvent[]): string[] {
  return events.map((e) => (e.kind === 'entry' || e.kind === undefined ? `${(e as LayerEntry).type}:${e.path}` : `${e.kind}:${'path' in e ? e.path : ''}`));
}
