import { defineSizeRule } from './types.js';
import { files, formatBytes, groupWaste, IGNORE_PATHS_OPTION, layerList, MIN_BYTES_DESCRIPTION } from './support.js';

export default defineSizeRule({
  meta: {
    id: 'SZ002',
    name: 'deleted-later',
    aliases: [],
    family: 'SZ',
    shortDescription: 'Files shipped in one layer and deleted in a later one',
    fullDescription:
      'Deleting files in a later step hides them but does not make the image smaller: the layer that added them still ships every byte. Delete build-only files in the same RUN that creates them, or build them in another stage and copy only what the image needs.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'very-high',
    messages: {
      deleted: '{{count}} ({{bytes}}) under {{path}} shipped in {{shipped}} and deleted in layer {{layer}}: the bytes still ship',
      deletedOne: '{{path}} ({{bytes}}) shipped in {{shipped}} and deleted in layer {{layer}}: the bytes still ship',
    },
    options: {
      minBytes: { type: 'number', default: 65536, min: 0, description: MIN_BYTES_DESCRIPTION },
      ignorePaths: IGNORE_PATHS_OPTION,
    },
  },
  check(analysis, ctx) {
    const items = analysis.wasteItems.filter((w) => w.cause === 'deleted');
    for (const g of groupWaste(items, (w) => w.removedIn!)) {
      if (g.bytes < ctx.options.minBytes) continue;
      ctx.report({
        messageId: g.items.length === 1 ? 'deletedOne' : 'deleted',
        data: { count: files(g.items.length), bytes: formatBytes(g.bytes), path: g.path, layer: g.layer, shipped: layerList(g.shippedIn) },
        layer: g.layer,
        relatedLayer: g.shippedIn[g.shippedIn.length - 1],
        path: g.path,
        fix: 'Remove the files in the same RUN that creates them, or create them in a build stage (or a `RUN --mount=type=cache`/`tmpfs` mount) so they never reach a layer.',
        facts: { bytes: g.bytes, files: g.items.length },
        fingerprintKey: `deleted\u0000${g.path}`,
      });
    }
  },
});
