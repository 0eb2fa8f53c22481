/**
 * The SZ rules on real images (buildah's waste-demo, in every format it was exported to) and on
 * images written by the fixture generator (docker-archive, Docker 25+, oci-archive gzip, OCI
 * layout zstd): each size mistake built into them must be found, and nothing else.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type ImageFormat } from '../../../fixtures/generator/index.js';
import { analyseImage } from '../../../src/layers/analysis.js';
import { openImage } from '../../../src/layers/open.js';
import { presetView } from '../../../src/rules/config-view.js';
import type { Finding } from '../../../src/rules/finding.js';
import { sizeRules } from '../../../src/rules/registry.js';
import { lintImageSize } from '../../../src/rules/size/run.js';
import type { SizeRule } from '../../../src/rules/size/types.js';
import { shared } from '../../helpers/shared.js';

const IMAGES = shared('images', 'buildah');
const available = existsSync(`${IMAGES}/waste-demo.docker.tar`);
if (!available) console.warn(`skipping waste-demo size-rule tests: ${IMAGES} is missing`);

async function findingsFor(ref: string): Promise<Finding[]> {
  const image = await openImage(ref);
  try {
    const analysis = await analyseImage(image);
    const r = lintImageSize(analysis, sizeRules as readonly SizeRule[], presetView());
    expect(r.internalErrors).toEqual([]);
    return r.findings;
  } finally {
    await image.close();
  }
}

const summary = (fs: Finding[]) =>
  fs.map((f) => (f.location.kind === 'image' ? `${f.ruleId} ${f.messageId} L${f.location.layer?.index} ${f.location.path}` : f.ruleId));

const formats = {
  'docker-archive (vfs: explicit whiteouts)': `${IMAGES}/waste-demo.docker.tar`,
  'docker-archive (overlay: opaque whiteout)': `${IMAGES}/waste-demo-overlay.docker.tar`,
  'oci-archive (gzip)': `oci-archive:${IMAGES}/waste-demo.oci.tar`,
  'OCI layout (zstd)': `oci:${IMAGES}/waste-demo.oci-zstd`,
};

describe.skipIf(!available)('SZ rules on buildah waste-demo', () => {
  for (const [name, ref] of Object.entries(formats)) {
    it(`finds every size mistake in the ${name} export`, async () => {
      const fs = await findingsFor(ref);
      expect(summary(fs)).toEqual([
        // RUN chmod -R 755 /app: the whole folder copied up
        'SZ001 copyUp L4 /app',
        // RUN chown -R 1000:1000 /app/blob.bin: a 512 KiB chown-only copy
        'SZ001 copyUpOne L5 /app/blob.bin',
        // RUN rm -rf /var/cache/pkg: the 256 KiB cache file deleted later
        'SZ002 deletedOne L7 /var/cache/pkg/cache.db',
        // RUN cp /app/blob.bin /app/blob-copy.bin: a duplicate (the hardlink /data/hard is not one)
        'SZ005 duplicate L8 /app/blob-copy.bin',
        // RUN chmod u+s /bin/busybox: a 1.9 MiB copy for one bit
        'SZ001 copyUpOne L10 /bin/busybox',
        // RUN rm -rf /app/static && mkdir /app/static: the folder replaced (whiteouts or opaque)
        'SZ002 deleted L12 /app/static',
      ]);
      const chown = fs.find((f) => f.location.kind === 'image' && f.location.path === '/app/blob.bin')!;
      expect(chown.message).toContain('owner 0:0 → 1000:1000');
      expect(chown.facts).toMatchObject({ bytes: 524288 });
      const cache = fs.find((f) => f.ruleId === 'SZ002' && f.messageId === 'deletedOne')!;
      expect(cache.facts).toMatchObject({ bytes: 262144 });
    });
  }

  it('fingerprints are the same in every format', async () => {
    const prints = [];
    for (const ref of Object.values(formats)) prints.push((await findingsFor(ref)).map((f) => f.fingerprint));
    for (const p of prints.slice(1)) expect(p).toEqual(prints[0]);
  });
});

const KiB = 1024;
const generated: FixtureImage = {
  layers: [
    { entries: [{ path: 'bin/tool', content: { size: 300 * KiB, seed: 1 }, mode: 0o755 }], createdBy: 'COPY tool /bin/' },
    {
      entries: [
        { path: 'app/', type: 'dir' },
        { path: 'app/a.bin', content: { size: 200 * KiB, seed: 2 } },
        { path: 'app/b.bin', content: { size: 100 * KiB, seed: 3 } },
        { path: 'var/lib/apt/lists/deb_Packages', content: { size: 400 * KiB, seed: 4 } },
        { path: 'scratch/big.o', content: { size: 700 * KiB, seed: 5 } },
      ],
      createdBy: 'RUN build',
    },
    { entries: [{ path: 'app/a.bin', content: { size: 200 * KiB, seed: 2 }, mode: 0o700 }, { path: 'scratch', type: 'whiteout' }], createdBy: 'RUN chmod && rm' },
    { entries: [{ path: 'opt/b-copy.bin', content: { size: 100 * KiB, seed: 3 } }, { path: 'app', type: 'opaque' }, { path: 'app/new', content: 'x' }], createdBy: 'RUN cp && rebuild app' },
  ],
};
const outputs: Array<[ImageFormat, 'none' | 'gzip' | 'zstd']> = [
  ['docker-archive', 'none'],
  ['docker-archive-25', 'none'],
  ['oci-archive', 'gzip'],
  ['oci', 'zstd'],
];

describe('SZ rules on generated images', () => {
  for (const [format, compression] of outputs) {
    it(`${format} (${compression})`, async () => {
      const written = await cachedImage(generated, { format, compression });
      const fs = await findingsFor(written.ref);
      expect(summary(fs)).toEqual([
        'SZ004 cacheLeft L1 /var/lib/apt/lists/deb_Packages',
        'SZ001 copyUpOne L2 /app/a.bin',
        'SZ002 deletedOne L2 /scratch/big.o',
        // The opaque whiteout on /app removes both the copied-up a.bin and the original b.bin.
        'SZ002 deleted L3 /app',
      ]);
    });
  }
});
