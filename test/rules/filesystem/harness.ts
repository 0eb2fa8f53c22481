/**
 * A tester for filesystem rules (FS): each case is an image written by the fixture generator,
 * read by the real layer walk with the content probe (in-process, or in worker threads), and
 * checked by one rule forced on. Each case reads like a truth table line: what the layers
 * hold, and what must be reported, with the layer that added it and the one that deleted it.
 */
import { expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type FixtureLayer } from '../../../fixtures/generator/index.js';
import { openImage } from '../../../src/layers/open.js';
import { readLayers } from '../../../src/layers/reader.js';
import { presetView } from '../../../src/rules/config-view.js';
import type { Finding } from '../../../src/rules/finding.js';
import { createFilesystemAudit, type FilesystemAuditSettings } from '../../../src/rules/filesystem/run.js';
import type { FilesystemRule } from '../../../src/rules/filesystem/types.js';
import { imageFactsOf } from '../../../src/rules/image/facts.js';

export interface FsExpected {
  messageId: string;
  layer?: number;
  relatedLayer?: number;
  path?: string;
  /** A substring the message must contain. */
  message?: string;
}

export interface FsRunOptions {
  options?: Record<string, unknown>;
  settings?: FilesystemAuditSettings;
  /** Worker threads for the walk (default none: in-process). */
  workers?: number | false;
}

export async function runFsRule(rule: FilesystemRule, image: FixtureImage | FixtureLayer[], run: FsRunOptions = {}): Promise<Finding[]> {
  const fixture: FixtureImage = Array.isArray(image) ? { layers: image } : image;
  const written = await cachedImage(fixture, { format: 'oci', compression: 'gzip' });
  const img = await openImage(written.ref);
  try {
    const config = presetView({
      levels: { [rule.meta.id]: rule.meta.defaultLevel === 'off' ? 'warning' : rule.meta.defaultLevel },
      options: run.options ? { [rule.meta.id]: run.options } : undefined,
    });
    const audit = createFilesystemAudit([rule], config, run.settings);
    for await (const _ of audit.tap(readLayers(img, { probes: audit.probes, workers: run.workers ?? false }))) {
      // the audit observes each layer as it passes
    }
    const r = audit.finish(img.reference, imageFactsOf(img).layers);
    if (r.internalErrors.length > 0) throw new Error(r.internalErrors.map((e) => e.message).join('\n'));
    return r.findings;
  } finally {
    await img.close();
  }
}

function shape(f: Finding) {
  if (f.location.kind !== 'image') throw new Error('expected an image location');
  return { messageId: f.messageId, layer: f.location.layer?.index, relatedLayer: f.location.relatedLayer?.index, path: f.location.path };
}

export function fsRuleTester(rule: FilesystemRule) {
  return {
    catches(name: string, image: FixtureImage | FixtureLayer[], expected: FsExpected[], run?: FsRunOptions) {
      it(`catches: ${name}`, async () => {
        const findings = await runFsRule(rule, image, run);
        expect(findings.map(shape)).toHaveLength(expected.length);
        expected.forEach((e, i) => {
          const got = shape(findings[i]);
          expect(got.messageId).toBe(e.messageId);
          if (e.layer !== undefined) expect(got.layer).toBe(e.layer);
          expect(got.relatedLayer).toBe(e.relatedLayer);
          if (e.path !== undefined) expect(got.path).toBe(e.path);
          if (e.message !== undefined) expect(findings[i].message).toContain(e.message);
          expect(findings[i].message).not.toMatch(/\{\{\w+\}\}/);
        });
      });
    },
    leavesAlone(name: string, image: FixtureImage | FixtureLayer[], run?: FsRunOptions) {
      it(`leaves alone: ${name}`, async () => {
        expect((await runFsRule(rule, image, run)).map(shape)).toEqual([]);
      });
    },
  };
}
