import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cachedImage, contentBytes } from '../../fixtures/generator/index.js';
import { byPath, readAll } from './helpers.js';

const PROBE = fileURLToPath(new URL('./probes/tiny-probe.ts', import.meta.url));
const THROWS = fileURLToPath(new URL('./probes/throwing-probe.ts', import.meta.url));
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

const spec = {
  layers: [
    {
      entries: [
        { path: 'root/.ssh/id_ed25519', content: KEY, mode: 0o600 },
        { path: 'app/notes.txt', content: `header\nline two\n${KEY}` },
        { path: 'usr/share/doc/key-example', content: KEY },
        { path: 'app/late.txt', content: Buffer.concat([contentBytes(10_000, 5), Buffer.from(KEY)]) },
        { path: 'app/clean.txt', content: 'nothing here' },
      ],
    },
  ],
};

describe('content probes', () => {
  it.each([false, 2] as const)('run in the walk (workers: %s) and attach plain-data hits to entries', async (workers) => {
    const w = await cachedImage(spec, { format: 'oci', compression: 'gzip' });
    const [layer] = await readAll(w.path, { workers, probes: [PROBE] });
    const e = byPath(layer!);
    expect(e.get('/root/.ssh/id_ed25519')!.probeHits).toEqual([
      { probe: 'tiny-private-key', code: 'private-key', offset: 0, line: 1, data: { seen: KEY.length, size: KEY.length } },
    ]);
    expect(e.get('/app/notes.txt')!.probeHits).toEqual([expect.objectContaining({ code: 'private-key', line: 3, offset: 16 })]);
    // wants() said no, and a key past maxBytes is out of sight: the probe only sees what it asked for.
    expect(e.get('/usr/share/doc/key-example')!.probeHits).toBeUndefined();
    expect(e.get('/app/late.txt')!.probeHits).toBeUndefined();
    expect(e.get('/app/clean.txt')!.probeHits).toBeUndefined();
    // Content never travels: entries carry hashes and hits only.
    expect(JSON.stringify(layer!.events)).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });

  it('report a probe that throws as a probe-error hit and keep walking', async () => {
    const w = await cachedImage(spec, { format: 'oci', compression: 'gzip' });
    const [layer] = await readAll(w.path, { workers: 1, probes: [THROWS, PROBE] });
    const hits = byPath(layer!).get('/root/.ssh/id_ed25519')!.probeHits!;
    expect(hits.map((h) => `${h.probe}:${h.code}`)).toEqual(['throws:probe-error', 'tiny-private-key:private-key']);
  });

  it('fail clearly when a probe module cannot be loaded', async () => {
    const w = await cachedImage(spec, { format: 'oci', compression: 'gzip' });
    await expect(readAll(w.path, { workers: 1, probes: ['/nonexistent/probe.js'] })).rejects.toThrow(/probe/);
    await expect(readAll(w.path, { workers: false, probes: ['relative/probe.js'] })).rejects.toThrow(/absolute path/);
  });
});
