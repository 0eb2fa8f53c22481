import { describe, expect, it } from 'vitest';
import { cacheOf } from '../../src/layers/waste.js';
import { analyseFake, dir, file, hardlink, opq, wh } from './union-helpers.js';

describe('reclaimable bytes by cause', () => {
  it('deleted in a later layer: the shipped bytes, once', async () => {
    const a = await analyseFake([[dir('/var/cache/pkg'), file('/var/cache/pkg/cache.db', 262144)], [wh('/var/cache/pkg')]]);
    expect(a.reclaimable.byCause.deleted).toEqual({ bytes: 262144, files: 1 });
    expect(a.wasteItems).toEqual([{ cause: 'deleted', path: '/var/cache/pkg/cache.db', bytes: 262144, layer: 0, removedIn: 1 }]);
  });

  it('overwritten with new content', async () => {
    const a = await analyseFake([[file('/app/x', 100, { content: 'v1' })], [file('/app/x', 120, { content: 'v2' })]]);
    expect(a.reclaimable.byCause.overwritten).toEqual({ bytes: 100, files: 1 });
    expect(a.reclaimable.totalBytes).toBe(100);
  });

  it('a chmod or chown copy-up counts the old copy once (dive counts both), with what changed', async () => {
    const a = await analyseFake([
      [file('/app/blob.bin', 524288, { content: 'blob' })],
      [file('/app/blob.bin', 524288, { content: 'blob', uid: 1000, gid: 1000 })],
    ]);
    expect(a.reclaimable.byCause.metadataCopyUp).toEqual({ bytes: 524288, files: 1 });
    expect(a.wasteItems[0]).toMatchObject({ changed: ['owner'], before: { mode: '0644', owner: '0:0' }, after: { mode: '0644', owner: '1000:1000' } });
    expect(a.dive.wastedBytes).toBe(2 * 524288);
  });

  it('an opaque whiteout and explicit whiteouts of a replaced folder give the same figure', async () => {
    const lower = [dir('/app'), dir('/app/static'), file('/app/static/a', 10), file('/app/static/b', 20)];
    const viaWhiteouts = await analyseFake([lower, [dir('/app/static'), wh('/app/static/a'), wh('/app/static/b'), file('/app/static/index.html', 4)]]);
    const viaOpaque = await analyseFake([lower, [dir('/app/static'), opq('/app/static'), file('/app/static/index.html', 4)]]);
    expect(viaWhiteouts.reclaimable.byCause.deleted).toEqual({ bytes: 30, files: 2 });
    expect(viaOpaque.reclaimable).toEqual(viaWhiteouts.reclaimable);
  });

  it('caches and temporary files left in the final image', async () => {
    const a = await analyseFake([
      [
        file('/var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease', 1000),
        file('/var/lib/apt/lists/lock', 0),
        file('/var/cache/apt/archives/curl_8.deb', 500),
        file('/root/.cache/pip/http/ab/cd', 300),
        file('/tmp/build.log', 40),
        file('/usr/lib/python3/__pycache__/os.cpython-311.pyc', 700),
        file('/usr/bin/tmp', 5),
      ],
    ]);
    expect(a.reclaimable.byCause.cacheLeft).toEqual({ bytes: 1840, files: 4 });
    expect(a.wasteItems.map((w) => w.cache)).toEqual(['apt-lists', 'apt-archives', 'pip', 'tmp']);
  });

  it('duplicates: every copy but the earliest, hardlinks excluded', async () => {
    const a = await analyseFake([
      [file('/app/blob.bin', 1000, { content: 'same' }), file('/data/a', 7, { content: 'a' }), hardlink('/data/hard', '/data/a')],
      [file('/app/blob-copy.bin', 1000, { content: 'same' }), file('/app/empty1', 0, { content: 'e' }), file('/app/empty2', 0, { content: 'e' })],
    ]);
    expect(a.reclaimable.byCause.duplicate).toEqual({ bytes: 1000, files: 1 });
    expect(a.wasteItems).toEqual([{ cause: 'duplicate', path: '/app/blob-copy.bin', bytes: 1000, layer: 1, duplicateOf: '/app/blob.bin' }]);
  });

  it('a moved file (mv in a later RUN) is the old copy deleted', async () => {
    const a = await analyseFake([[file('/a/f', 50, { content: 'x' })], [wh('/a/f'), file('/b/f', 50, { content: 'x' })]]);
    expect(a.reclaimable.byCause.deleted).toEqual({ bytes: 50, files: 1 });
    expect(a.reclaimable.byCause.duplicate.bytes).toBe(0);
  });

  it('a duplicate entry in one layer wastes the bytes of the first', async () => {
    const a = await analyseFake([[file('/a', 10, { content: 'one' }), file('/a', 12, { content: 'two' })]]);
    expect(a.reclaimable.byCause.overwritten).toEqual({ bytes: 10, files: 1 });
  });

  it('files without a content hash are never copy-ups or duplicates', async () => {
    const a = await analyseFake([[file('/a', 10, { contentHash: undefined }), file('/b', 10, { contentHash: undefined })], [file('/a', 10, { contentHash: undefined, mode: 0o600 })]]);
    expect(a.reclaimable.byCause.metadataCopyUp.bytes).toBe(0);
    expect(a.reclaimable.byCause.overwritten.bytes).toBe(10);
    expect(a.reclaimable.byCause.duplicate.bytes).toBe(0);
  });

  it('the cache patterns leave runtime files alone', () => {
    expect(cacheOf('/var/lib/apt/lists/partial/x')).toBe('apt-lists');
    expect(cacheOf('/home/app/.npm/_cacache/index-v5/aa')).toBe('npm');
    expect(cacheOf('/usr/local/cargo/registry/cache/x/serde.crate')).toBe('cargo');
    expect(cacheOf('/go/pkg/mod/cache/download/x')).toBe('go');
    expect(cacheOf('/usr/local/bundle/cache/rails-7.gem')).toBe('gem');
    expect(cacheOf('/tmp')).toBeUndefined();
    expect(cacheOf('/usr/lib/x/__pycache__/a.pyc')).toBeUndefined();
    expect(cacheOf('/var/cache/debconf/config.dat')).toBeUndefined();
    expect(cacheOf('/go/pkg/mod/github.com/x/y.go')).toBeUndefined();
  });
});

describe('top lists', () => {
  it('largest files and folders, with the layer that brought them', async () => {
    const a = await analyseFake([
      [file('/usr/lib/a.so', 500), file('/usr/lib/b.so', 300), file('/etc/c', 5)],
      [file('/usr/lib/big.so', 900), file('/opt/x', 1)],
    ], { top: 2 });
    expect(a.largestFiles).toEqual([
      { path: '/usr/lib/big.so', bytes: 900, layer: 1 },
      { path: '/usr/lib/a.so', bytes: 500, layer: 0 },
    ]);
    expect(a.largestFolders).toEqual([
      { path: '/usr', bytes: 1700, layer: 1, files: 3, layerShare: 900 / 1700 },
      { path: '/usr/lib', bytes: 1700, layer: 1, files: 3, layerShare: 900 / 1700 },
    ]);
  });

  it('largest waste items, largest first', async () => {
    const a = await analyseFake([[file('/a', 10), file('/b', 30)], [wh('/a'), wh('/b')]], { top: 1 });
    expect(a.largestWaste).toEqual([{ cause: 'deleted', path: '/b', bytes: 30, layer: 0, removedIn: 1 }]);
  });
});

describe('history', () => {
  it('maps non-empty history entries to layers and says when the counts differ', async () => {
    const { analyseLayers } = await import('../../src/layers/analysis.js');
    const { fakeImage } = await import('./union-helpers.js');
    const img = fakeImage(2, [{ created_by: 'FROM x' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'RUN y' }]);
    const a = await analyseLayers(img, [{ events: [file('/a', 1)] }, { events: [file('/b', 1)] }]);
    expect(a.layers.map((l) => [l.historyIndex, l.createdBy])).toEqual([[0, 'FROM x'], [2, 'RUN y']]);
    expect(a.history).toEqual({ entries: 3, layerEntries: 2, aligned: true });
    const off = await analyseLayers(fakeImage(2, [{ created_by: 'only one' }]), [{ events: [] }, { events: [] }]);
    expect(off.history.aligned).toBe(false);
    expect(off.history.note).toContain('1 non-empty entry for 2 layers');
  });
});
