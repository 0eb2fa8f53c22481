import { defineSizeRule } from './types.js';
import { files, formatBytes, groupWaste, IGNORE_PATHS_OPTION, layerList, MIN_BYTES_DESCRIPTION } from './support.js';

export default defineSizeRule({
  meta: {
    id: 'SZ001',
    name: 'metadata-copy-up',
    aliases: [],
    family: 'SZ',
    shortDescription: 'Files shipped again only to change their mode or owner',
    fullDescription:
      'A `RUN chmod`, `chown` or `setcap` on files from an earlier layer copies every one of them whole into a new layer: the image then ships the bytes twice, once with the old attributes and once with the new. Set mode and owner when the files are added (`COPY --chmod --chown`, or in the same RUN that creates them).',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'very-high',
    messages: {
      copyUp: '{{count}} ({{bytes}}) under {{path}} shipped again in layer {{layer}} only to change {{what}}; the copies from {{shipped}} still ship',
      copyUpOne: '{{path}} ({{bytes}}) shipped again in layer {{layer}} only to change {{what}}; the copy from {{shipped}} still ships',
    },
    options: {
      minBytes: { type: 'number', default: 65536, min: 0, description: MIN_BYTES_DESCRIPTION },
      ignorePaths: IGNORE_PATHS_OPTION,
    },
  },
  check(analysis, ctx) {
    const items = analysis.wasteItems.filter((w) => w.cause === 'metadataCopyUp');
    for (const g of groupWaste(items, (w) => w.removedIn!)) {
      if (g.bytes < ctx.options.minBytes) continue;
      const changed = [...new Set(g.items.flatMap((i) => i.changed ?? []))].sort();
      let what = changed.length === 0 ? 'nothing (the same file, shipped again)' : changed.join(' and ');
      if (g.items.length === 1 && changed.length > 0) {
        const { before, after } = g.items[0];
        const detail = changed.map((c) => (c === 'mode' ? `mode ${before!.mode} → ${after!.mode}` : c === 'owner' ? `owner ${before!.owner} → ${after!.owner}` : c));
        what = detail.join(', ');
      }
      ctx.report({
        messageId: g.items.length === 1 ? 'copyUpOne' : 'copyUp',
        data: { count: files(g.items.length), bytes: formatBytes(g.bytes), path: g.path, layer: g.layer, what, shipped: layerList(g.shippedIn) },
        layer: g.layer,
        relatedLayer: g.shippedIn[g.shippedIn.length - 1],
        path: g.path,
        fix: 'Set mode and owner when the files are added (`COPY --chmod=… --chown=…`, or chmod/chown in the RUN that creates them) instead of in a later step.',
        facts: { bytes: g.bytes, files: g.items.length, changed: changed.join(',') || 'none' },
        fingerprintKey: `copyUp\u0000${g.path}\u0000${changed.join(',')}`,
      });
    }
  },
});
