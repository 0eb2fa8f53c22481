/**
 * A tester for size rules: runs one rule (forced on) over a fake image made of layer event lists,
 * so each case reads like a truth table line: what the layers did, and what must be reported.
 */
import { expect, it } from 'vitest';
import type { ImageAnalysis } from '../../../src/layers/analysis.js';
import type { LayerEvent } from '../../../src/layers/types.js';
import { presetView } from '../../../src/rules/config-view.js';
import type { Finding } from '../../../src/rules/finding.js';
import { lintImageSize } from '../../../src/rules/size/run.js';
import type { SizeRule } from '../../../src/rules/size/types.js';
import { analyseFake } from '../../layers/union-helpers.js';

export interface SizeExpected {
  messageId: string;
  layer?: number;
  relatedLayer?: number;
  path?: string;
  /** A substring the message must contain. */
  message?: string;
}

export function runSizeRule(rule: SizeRule, analysis: ImageAnalysis, options?: Record<string, unknown>): Finding[] {
  const config = presetView({
    levels: { [rule.meta.id]: rule.meta.defaultLevel === 'off' ? 'warning' : rule.meta.defaultLevel },
    options: options ? { [rule.meta.id]: options } : undefined,
  });
  const r = lintImageSize(analysis, [rule], config);
  if (r.internalErrors.length > 0) throw new Error(r.internalErrors.map((e) => e.message).join('\n'));
  return r.findings;
}

function shape(f: Finding) {
  if (f.location.kind !== 'image') throw new Error('expected an image location');
  return { messageId: f.messageId, layer: f.location.layer?.index, relatedLayer: f.location.relatedLayer?.index, path: f.location.path };
}

export function sizeRuleTester(rule: SizeRule) {
  return {
    catches(name: string, layers: LayerEvent[][], expected: SizeExpected[], options?: Record<string, unknown>) {
      it(`catches: ${name}`, async () => {
        const findings = runSizeRule(rule, await analyseFake(layers), options).filter((f) => !f.suppressed);
        expect(findings.map(shape)).toHaveLength(expected.length);
        expected.forEach((e, i) => {
          const got = shape(findings[i]);
          expect(got.messageId).toBe(e.messageId);
          if (e.layer !== undefined) expect(got.layer).toBe(e.layer);
          if (e.relatedLayer !== undefined) expect(got.relatedLayer).toBe(e.relatedLayer);
          if (e.path !== undefined) expect(got.path).toBe(e.path);
          if (e.message !== undefined) expect(findings[i].message).toContain(e.message);
          expect(findings[i].message).not.toMatch(/\{\{\w+\}\}/);
        });
      });
    },
    leavesAlone(name: string, layers: LayerEvent[][], options?: Record<string, unknown>) {
      it(`leaves alone: ${name}`, async () => {
        const findings = runSizeRule(rule, await analyseFake(layers), options).filter((f) => !f.suppressed);
        expect(findings.map(shape)).toEqual([]);
      });
    },
  };
}
