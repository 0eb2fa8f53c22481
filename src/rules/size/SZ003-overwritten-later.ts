import { defineSizeRule } from './types.js';
import { files, formatBytes, groupWaste, IGNORE_PATHS_OPTION, layerList, MIN_BYTES_DESCRIPTION } from './support.js';

export default defineSizeRule({
  meta: {
    id: 'SZ003',
    name: 'overwritten-later',
    aliases: [],
    family: 'SZ',
    shortDescription: 'Files replaced with new content in a later layer',
    fullDescription:
      'A file rewritten in a later layer (a package upgraded after the base image, a build output rebuilt, a config regenerated) leaves its old version in the earlier layer, where it still ships. Large rewrites are worth producing once, in one step.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      overwritten: '{{count}} ({{bytes}}) under {{path}} from {{shipped}} replaced with new content in layer {{layer}}: the old versions still ship',
      overwrittenOne: '{{path}} ({{bytes}}) from {{shipped}} replaced with new content in layer {{layer}}: the old version still ships',
    },
    options: {
      minBytes: { type: 'number', default: 1048576, min: 0, description: MIN_BYTES_DESCRIPTION },
      ignorePaths: IGNORE_PATHS_OPTION,
    },
  },
  check(analysis, ctx) {
    const items = analysis.wasteItems.filter((w) => w.cause === 'overwritten');
    for (const g of groupWaste(items, (w) => w.removedIn!)) {
      if (g.bytes < ctx.options.minBytes) continue;
      ctx.report({
        messageId: g.items.length === 1 ? 'overwrittenOne' : 'overwritten',
        data: { count: files(g.items.length), bytes: formatBytes(g.bytes), path: g.path, layer: g.layer, shipped: layerList(g.shippedIn) },
        layer: g.layer,
        relatedLayer: g.shippedIn[g.shippedIn.length - 1],
        path: g.path,
        fix: 'Produce the final version in one step: upgrade packages in the base image or in the RUN that installs them, and build outputs in one stage.',
        facts: { bytes: g.bytes, files: g.items.length },
        fingerprintKey: `overwritten\u0000${g.path}`,
      });
    }
  },
});
