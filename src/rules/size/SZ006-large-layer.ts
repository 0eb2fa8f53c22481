import { normalizeForFingerprint } from '../fingerprint.js';
import { defineSizeRule } from './types.js';
import { formatBytes } from './support.js';

export default defineSizeRule({
  meta: {
    id: 'SZ006',
    name: 'large-layer',
    aliases: [],
    family: 'SZ',
    shortDescription: 'A layer larger than the limit',
    fullDescription:
      'A very large layer is slow to push, pull and cache, and one change anywhere in it re-ships all of it. Split the step, keep build tools and their outputs in a separate stage, and clean up in the same RUN.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'very-high',
    messages: {
      large: 'Layer {{layer}} adds {{bytes}} of content (limit {{limit}}){{step}}',
    },
    options: {
      maxBytes: { type: 'number', default: 500_000_000, min: 0, description: 'largest allowed layer, in content bytes (uncompressed)' },
    },
  },
  check(analysis, ctx) {
    for (const l of analysis.layers) {
      if (l.size <= ctx.options.maxBytes) continue;
      ctx.report({
        messageId: 'large',
        data: { layer: l.index, bytes: formatBytes(l.size), limit: formatBytes(ctx.options.maxBytes), step: l.createdBy ? `: ${shorten(l.createdBy)}` : '' },
        layer: l.index,
        fix: 'Split the step, build in a separate stage and copy only the outputs, or remove build-only files in the same RUN.',
        facts: { bytes: l.size, limit: ctx.options.maxBytes },
        fingerprintKey: `layer\u0000${l.createdBy ? normalizeForFingerprint(l.createdBy) : `#${l.index}`}`,
      });
    }
  },
});

function shorten(text: string): string {
  const t = text.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
