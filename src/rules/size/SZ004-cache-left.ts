import type { WasteItem } from '../../layers/waste.js';
import { defineSizeRule } from './types.js';
import { commonFolder, files, formatBytes, IGNORE_PATHS_OPTION, MIN_BYTES_DESCRIPTION } from './support.js';

/** What removes each cache in the step that fills it. */
const FIXES: Record<string, string> = {
  'apt-lists': 'End the `apt-get install` RUN with `&& rm -rf /var/lib/apt/lists/*`.',
  'apt-archives': 'End the `apt-get install` RUN with `&& apt-get clean` (or mount /var/cache/apt as a cache).',
  apk: 'Use `apk add --no-cache`.',
  'yum-dnf': 'End the install RUN with `&& dnf clean all` (or `yum clean all`).',
  zypper: 'End the install RUN with `&& zypper clean --all`.',
  pip: 'Use `pip install --no-cache-dir` (or PIP_NO_CACHE_DIR=1), or `RUN --mount=type=cache,target=/root/.cache/pip`.',
  npm: 'Use `RUN --mount=type=cache,target=/root/.npm`, or `npm cache clean --force` in the same RUN.',
  yarn: 'Run `yarn cache clean` in the same RUN, or mount the yarn cache with `RUN --mount=type=cache`.',
  go: 'Build in a separate stage, or mount the Go caches with `RUN --mount=type=cache,target=/root/.cache/go-build`.',
  cargo: 'Build in a separate stage, or mount the cargo registry with `RUN --mount=type=cache`.',
  composer: 'Use `composer install --no-cache`, or `composer clear-cache` in the same RUN.',
  gem: 'Remove the cached .gem files in the same RUN (`rm -rf /usr/local/bundle/cache`).',
  tmp: 'Remove temporary files in the same RUN that creates them, or use `RUN --mount=type=tmpfs,target=/tmp`.',
};

export default defineSizeRule({
  meta: {
    id: 'SZ004',
    name: 'cache-left',
    aliases: [],
    family: 'SZ',
    shortDescription: 'Package-manager caches or temporary files left in the image',
    fullDescription:
      'Package indexes, downloaded packages, pip/npm/yarn/go/cargo caches and files in /tmp are needed while building, never when the container runs. Left in the image they ship with every pull. Python bytecode (`.pyc`) is not counted: Python reads it at start-up.',
    defaultLevel: 'warning',
    tags: ['size'],
    precision: 'high',
    messages: {
      cacheLeft: '{{cache}} cache left in the image: {{count}} ({{bytes}}) under {{path}}, mostly from layer {{layer}}',
    },
    options: {
      minBytes: { type: 'number', default: 65536, min: 0, description: MIN_BYTES_DESCRIPTION },
      ignorePaths: IGNORE_PATHS_OPTION,
    },
  },
  check(analysis, ctx) {
    const byCache = new Map<string, WasteItem[]>();
    for (const w of analysis.wasteItems) {
      if (w.cause !== 'cacheLeft') continue;
      const list = byCache.get(w.cache!) ?? [];
      list.push(w);
      byCache.set(w.cache!, list);
    }
    for (const [cache, items] of [...byCache].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const bytes = items.reduce((n, i) => n + i.bytes, 0);
      if (bytes < ctx.options.minBytes) continue;
      const byLayer = new Map<number, number>();
      for (const i of items) byLayer.set(i.layer, (byLayer.get(i.layer) ?? 0) + i.bytes);
      const layer = [...byLayer].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const path = items.length === 1 ? items[0].path : commonFolder(items.map((i) => i.path));
      ctx.report({
        messageId: 'cacheLeft',
        data: { cache, count: files(items.length), bytes: formatBytes(bytes), path, layer },
        layer,
        path,
        fix: FIXES[cache],
        facts: { bytes, files: items.length, cache },
        fingerprintKey: `cache\u0000${cache}`,
      });
    }
  },
});
