/**
 * A tester for image rules (IM): each case is an image written by the fixture generator
 * (config, history, manifest annotations), opened as plimsoll opens any image, and checked by
 * one rule forced on, so each case reads like a truth table line: what the image says, and
 * what must be reported.
 */
import { expect, it } from 'vitest';
import { cachedImage, type FixtureImage, type FixtureLayer } from '../../../fixtures/generator/index.js';
import { openImage } from '../../../src/layers/open.js';
import { presetView } from '../../../src/rules/config-view.js';
import type { Finding } from '../../../src/rules/finding.js';
import { imageFactsOf } from '../../../src/rules/image/facts.js';
import { lintImageConfig } from '../../../src/rules/image/run.js';
import type { ImageRule } from '../../../src/rules/image/types.js';

export interface ImageSpec {
  /** Merged into the config's `config` (the generator adds a PATH Env unless `Env` is given). */
  config?: Record<string, unknown>;
  /** Replaces the history built from the layers' `createdBy`. */
  history?: Array<Record<string, unknown>>;
  /** Default: one small layer. */
  layers?: FixtureLayer[];
  /** Manifest annotations. */
  annotations?: Record<string, string>;
  os?: string;
  /** Paths of gosu and the like the layer walk found (IM001). */
  privilegeDroppers?: string[];
}

export interface ImageExpected {
  messageId: string;
  configKey?: string;
  historyIndex?: number;
  layer?: number;
  /** A substring the message must contain. */
  message?: string;
}

const ONE_LAYER: FixtureLayer[] = [{ entries: [{ path: 'etc/hostname', content: 'box\n' }], createdBy: '/bin/sh -c #(nop) ADD file:0a1b2c in / ' }];

export async function runImageRule(rule: ImageRule, spec: ImageSpec, options?: Record<string, unknown>): Promise<Finding[]> {
  const fixture: FixtureImage = {
    layers: spec.layers ?? ONE_LAYER,
    config: spec.config,
    history: spec.history,
    platform: spec.os ? { os: spec.os, architecture: 'amd64' } : undefined,
  };
  const annotations = spec.annotations;
  const addAnnotations = (b: Buffer) => Buffer.from(JSON.stringify({ ...JSON.parse(b.toString()), annotations }));
  // The key names everything that makes the image, the annotations included.
  const written = await cachedImage(
    fixture,
    { format: 'oci', compression: 'gzip', mutate: annotations ? { manifest: addAnnotations } : undefined },
    `im-rule-test:${JSON.stringify([fixture, annotations ?? null])}`,
  );
  const image = await openImage(written.ref);
  try {
    const facts = imageFactsOf(image, { privilegeDroppers: spec.privilegeDroppers });
    const config = presetView({
      levels: { [rule.meta.id]: rule.meta.defaultLevel === 'off' ? 'warning' : rule.meta.defaultLevel },
      options: options ? { [rule.meta.id]: options } : undefined,
    });
    const r = lintImageConfig(facts, [rule], config);
    if (r.internalErrors.length > 0) throw new Error(r.internalErrors.map((e) => e.message).join('\n'));
    return r.findings;
  } finally {
    await image.close();
  }
}

function shape(f: Finding) {
  if (f.location.kind !== 'image') throw new Error('expected an image location');
  return { messageId: f.messageId, configKey: f.location.configKey, historyIndex: f.location.historyIndex, layer: f.location.layer?.index };
}

export function imageRuleTester(rule: ImageRule) {
  return {
    catches(name: string, spec: ImageSpec, expected: ImageExpected[], options?: Record<string, unknown>) {
      it(`catches: ${name}`, async () => {
        const findings = await runImageRule(rule, spec, options);
        expect(findings.map(shape)).toHaveLength(expected.length);
        expected.forEach((e, i) => {
          const got = shape(findings[i]);
          expect(got.messageId).toBe(e.messageId);
          if (e.configKey !== undefined) expect(got.configKey).toBe(e.configKey);
          if (e.historyIndex !== undefined) expect(got.historyIndex).toBe(e.historyIndex);
          if (e.layer !== undefined) expect(got.layer).toBe(e.layer);
          if (e.message !== undefined) expect(findings[i].message).toContain(e.message);
          expect(findings[i].message).not.toMatch(/\{\{\w+\}\}/);
        });
      });
    },
    leavesAlone(name: string, spec: ImageSpec, options?: Record<string, unknown>) {
      it(`leaves alone: ${name}`, async () => {
        expect((await runImageRule(rule, spec, options)).map(shape)).toEqual([]);
      });
    },
  };
}
