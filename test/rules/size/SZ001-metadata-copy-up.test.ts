import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/size/SZ001-metadata-copy-up.js';
import { analyseFake, dir, file } from '../../layers/union-helpers.js';
import { runSizeRule, sizeRuleTester } from './harness.js';

const t = sizeRuleTester(rule);
const KiB = 1024;

describe('SZ001 metadata-copy-up', () => {
  t.catches(
    'chmod -R of a folder: one finding on the folder',
    [
      [dir('/app'), file('/app/a.js', 40 * KiB, { content: 'a' }), file('/app/static/b.css', 60 * KiB, { content: 'b' })],
      [dir('/app'), file('/app/a.js', 40 * KiB, { content: 'a', mode: 0o755 }), file('/app/static/b.css', 60 * KiB, { content: 'b', mode: 0o755 })],
    ],
    [{ messageId: 'copyUp', layer: 1, relatedLayer: 0, path: '/app', message: '2 files (100 KiB) under /app shipped again in layer 1 only to change mode' }],
  );
  t.catches(
    'a chown-only copy of a 512 KiB file, with the owners',
    [[file('/app/blob.bin', 512 * KiB, { content: 'x' })], [file('/app/blob.bin', 512 * KiB, { content: 'x', uid: 1000, gid: 1000 })]],
    [{ messageId: 'copyUpOne', layer: 1, path: '/app/blob.bin', message: 'only to change owner 0:0 → 1000:1000' }],
  );
  t.catches(
    'setcap (xattrs only)',
    [[file('/usr/bin/ping', 100 * KiB, { content: 'p' })], [file('/usr/bin/ping', 100 * KiB, { content: 'p', xattrs: { 'security.capability': 'AQAAAg==' } })]],
    [{ messageId: 'copyUpOne', message: 'only to change xattrs' }],
  );
  t.catches(
    'copy-ups in two layers and two folders are separate findings',
    [
      [file('/a/x', 100 * KiB, { content: 'x' }), file('/b/y', 100 * KiB, { content: 'y' })],
      [file('/a/x', 100 * KiB, { content: 'x', mode: 0o600 }), file('/b/y', 100 * KiB, { content: 'y', mode: 0o600 })],
      [file('/a/x', 100 * KiB, { content: 'x', mode: 0o700 })],
    ],
    [
      { messageId: 'copyUpOne', layer: 1, path: '/a/x' },
      { messageId: 'copyUpOne', layer: 1, path: '/b/y' },
      { messageId: 'copyUpOne', layer: 2, path: '/a/x' },
    ],
  );
  t.leavesAlone('a content change (not a copy-up)', [[file('/a', 200 * KiB, { content: 'v1' })], [file('/a', 200 * KiB, { content: 'v2', mode: 0o755 })]]);
  t.leavesAlone('small copy-ups below minBytes (chmod +x of a script)', [[file('/s.sh', 6405, { content: 's' })], [file('/s.sh', 6405, { content: 's', mode: 0o755 })]]);
  t.leavesAlone('a chmod of a hardlinked file whose other name keeps the content', [
    [file('/d/a', 200 * KiB, { content: 'a' }), { kind: 'entry', path: '/d/b', type: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, linkname: '/d/a' }],
    [file('/d/a', 200 * KiB, { content: 'a', mode: 0o600 })],
  ]);
  t.leavesAlone('ignorePaths', [[file('/opt/x', 200 * KiB, { content: 'x' })], [file('/opt/x', 200 * KiB, { content: 'x', mode: 0o600 })]], { ignorePaths: ['/opt/**'] });
  t.catches('minBytes lowered', [[file('/s.sh', 6405, { content: 's' })], [file('/s.sh', 6405, { content: 's', mode: 0o755 })]], [{ messageId: 'copyUpOne' }], { minBytes: 0 });

  it('fingerprints come from the path and what changed, not the layer or the image', async () => {
    const a = await analyseFake([[file('/app/blob.bin', 512 * KiB, { content: 'x' })], [file('/app/blob.bin', 512 * KiB, { content: 'x', uid: 1 })]]);
    const b = await analyseFake([[file('/etc/z', 1)], [file('/app/blob.bin', 512 * KiB, { content: 'y' })], [file('/app/blob.bin', 512 * KiB, { content: 'y', uid: 2 })]]);
    const [fa] = runSizeRule(rule, a);
    const [fb] = runSizeRule(rule, { ...b, reference: 'other:ref' });
    expect(fa.fingerprint).toBe(fb.fingerprint);
    expect(fa.location).toMatchObject({ kind: 'image', image: 'fake:image', layer: { index: 1, diffId: 'sha256:i1', createdBy: 'step 1' }, relatedLayer: { index: 0 } });
    expect(fa.facts).toMatchObject({ bytes: 512 * KiB, files: 1, changed: 'owner' });
  });
});
