/**
 * examples/images/webapp.tar, the image archive the package ships for trying `plimsoll image`,
 * is exactly what scripts/gen-example-image.ts writes (so it can be rebuilt and reviewed), and
 * shows what it is there to show.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeImage } from '../../fixtures/generator/index.js';
import { runImage } from '../../src/commands/image.js';
import { EXAMPLE_IMAGE, exampleImage } from '../../scripts/gen-example-image.js';

describe('the bundled example image', () => {
  it('is byte for byte what the generator writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plimsoll-example-'));
    try {
      await writeImage(exampleImage, join(dir, 'webapp.tar'), { format: 'docker-archive' });
      expect((await readFile(join(dir, 'webapp.tar'))).equals(readFileSync(EXAMPLE_IMAGE))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has waste and findings to show', async () => {
    const { report, analysis } = await runImage({ ref: EXAMPLE_IMAGE, cwd: tmpdir(), diveCi: false, env: {} });
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(1);
    const r = analysis!.reclaimable.byCause;
    expect(r.deleted.bytes).toBe(5000);
    expect(r.metadataCopyUp.files).toBe(1);
    expect(r.cacheLeft.files).toBe(2);
    // runs as root; the .env with a (fake, AWS-documented) key is found
    expect(report.findings.some((f) => f.ruleId === 'IM001')).toBe(true);
    expect(report.findings.some((f) => f.location.kind === 'image' && f.location.path === '/app/.env' && f.level === 'error')).toBe(true);
  });
});
