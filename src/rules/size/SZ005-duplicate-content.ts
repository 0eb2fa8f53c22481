import type { WasteItem } from '../../layers/waste.js';
import { defineSizeRule } from './types.js';
import { formatBytes, IGNORE_PATHS_OPTION, MIN_BYTES_DESCRIPTION } from './support.js';

export default defineSizeRule({
  meta: {
    id: 'SZ005',
    name: 'duplicate-content',
    aliases: [],
    family: 'SZ',
    shortDescription: 'The same content under two or more paths of the image',
    fullDescription:
      'Identical files under different paths ship their bytes once per copy (hardlinks are one file and are not counted). Keep one copy and link to it, or copy the file once. Duplicates that come from packages are often not yours to fix: raise `minBytes` or list their paths in `ignorePaths`.',
    defaultLevel: 'note',
    tags: ['size'],
    precision: 'high',
    messages: {
      duplicate: '{{path}} has the same {{bytes}} as {{kept}}{{more}}',
    },
    options: {
      minBytes: { type: 'number', default: 65536, min: 0, description: 'groups whose extra copies weigh less than this many bytes are not reported' },
      ignorePaths: IGNORE_PATHS_OPTION,
    },
  },
  check(analysis, ctx) {
    const groups = new Map<string, WasteItem[]>();
    for (const w of analysis.wasteItems) {
      if (w.cause !== 'duplicate') continue;
      const list = groups.get(w.duplicateOf!) ?? [];
      list.push(w);
      groups.set(w.duplicateOf!, list);
    }
    for (const [kept, copies] of groups) {
      const bytes = copies.reduce((n, c) => n + c.bytes, 0);
      if (bytes < ctx.options.minBytes) continue;
      const first = copies[0];
      const more = copies.length > 1 ? ` (and ${copies.length - 1} more ${copies.length === 2 ? 'copy' : 'copies'}: ${formatBytes(bytes)} in all)` : '';
      ctx.report({
        messageId: 'duplicate',
        data: { path: first.path, bytes: formatBytes(first.bytes), kept, more },
        layer: first.layer,
        path: first.path,
        fix: 'Keep one copy and point the others at it with a symlink or hardlink, or copy the file once.',
        facts: { bytes, copies: copies.length, kept, paths: copies.map((c) => c.path).join(',') },
        fingerprintKey: `duplicate\u0000${kept}\u0000${copies.map((c) => c.path).sort().join('\u0000')}`,
      });
    }
  },
});
