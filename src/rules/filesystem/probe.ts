/**
 * The content probe of the filesystem rules (see src/layers/probes.ts): loaded in each worker
 * thread of the layer walk, it picks files by path, size and type (`wants`) and reports what
 * `inspectContent` finds in their first bytes, as plain data with masked values. Its settings
 * travel in the module URL's query (`?c=<JSON>`, written by `contentProbeModule`), as a probe
 * module takes no arguments.
 */
import type { ContentProbe } from '../../layers/probes.js';
import type { LayerEntry } from '../../layers/types.js';
import { inspectContent } from './content.js';
import { ACCOUNT_FILES, BUILTIN_ALLOW_PATHS, credentialKindOf, pathFilter, type CredentialKind } from './paths.js';
import { DEFAULT_PROBE_SETTINGS, type ContentProbeSettings } from './probe-settings.js';

/** File name endings that are never text: not worth copying out of the stream. */
const BINARY_EXTENSIONS =
  /\.(so(\.\d+)*|a|o|ko|dll|exe|jar|war|ear|class|zip|gz|tgz|bz2|xz|zst|lz4|7z|rar|tar|whl|egg|pyc|pyo|png|jpe?g|gif|webp|ico|bmp|tiff?|svgz|woff2?|ttf|otf|eot|mo|gmo|db|sqlite3?|wasm|node|bin|dat|pdf|mp[34]|ogg|wav|avi|mov|iso|img|deb|rpm|apk|cache)$/i;

export function createContentProbe(settings: ContentProbeSettings): ContentProbe {
  const filter = pathFilter(settings.allowPaths, settings.builtinAllowPaths);
  const mayBeAllowed = literalPrefilter([...(settings.builtinAllowPaths ? BUILTIN_ALLOW_PATHS : []), ...settings.allowPaths]);
  // The walk hands a probe at most 16 MiB of a file (MAX_PROBE_BYTES): larger files are skipped whole.
  const maxBytes = Math.max(1, Math.min(16 * 1024 * 1024, Math.floor(settings.maxBytes)));
  // `inspect` follows `wants` for the same file: its credential kind is worked out once.
  let kindPath: string | undefined;
  let kind: CredentialKind | undefined;
  const kindOf = (path: string) => {
    if (path !== kindPath) {
      kindPath = path;
      kind = credentialKindOf(path);
    }
    return kind;
  };
  return {
    name: 'plimsoll-fs',
    maxBytes,
    wants(entry: LayerEntry): boolean {
      if (entry.type !== 'file' || entry.size === 0 || entry.size > maxBytes) return false;
      const path = entry.path;
      if (ACCOUNT_FILES.has(path)) return true;
      if (mayBeAllowed(path) && filter.allowed(path)) return false;
      return kindOf(path) !== undefined || !BINARY_EXTENSIONS.test(path);
    },
    inspect(entry: LayerEntry, bytes: Buffer) {
      return inspectContent(entry.path, bytes, kindOf(entry.path) ?? null);
    },
  };
}

/**
 * A cheap test that is true for every path some glob may match: the glob's longest literal
 * run (`node_modules` in `**\/node_modules/**`, slashes left out) must occur in the path, in
 * any case. The full glob regex (about 2 µs a path) then runs only on the few paths that pass.
 * A glob with braces, classes, extglobs, negation, escapes or `.`/`..` segments is not read:
 * then every path passes.
 */
export function literalPrefilter(globs: readonly string[]): (path: string) => boolean {
  const literals: string[] = [];
  for (const glob of globs) {
    if (/[[\]{}()!\\]|\/\.{0,2}\/|^\.\.?\//.test(glob)) return () => true;
    const pieces = glob.split(/\*+|\?/).map((p) => p.replace(/^\/+|\/+$/g, ''));
    const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (!longest) return () => true;
    literals.push(longest);
  }
  if (literals.length === 0) return () => false;
  const re = new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  return (path) => re.test(path);
}

function settingsFromUrl(url: string): ContentProbeSettings {
  const raw = new URL(url).searchParams.get('c');
  if (!raw) return DEFAULT_PROBE_SETTINGS;
  const parsed = JSON.parse(raw) as Partial<ContentProbeSettings>;
  return { ...DEFAULT_PROBE_SETTINGS, ...parsed };
}

export default createContentProbe(settingsFromUrl(import.meta.url));
