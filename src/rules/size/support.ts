/**
 * Shared queries of the size rules: grouping waste items into findings a person can act on
 * (one per layer and folder, not one per file), and sizes in words.
 */
import type { WasteItem } from '../../layers/waste.js';

export interface WasteGroup {
  /** The layer the group is keyed by (see `groupWaste`). */
  layer: number;
  /** The file, or the deepest folder all files of the group share. */
  path: string;
  items: WasteItem[];
  bytes: number;
  /** The layers that shipped the bytes, ascending. */
  shippedIn: number[];
}

/**
 * Groups waste items by a layer and then by top-level folder, naming each group by the deepest
 * folder its files share: `chmod -R 755 /app` is one finding on `/app`, not one per file.
 */
export function groupWaste(items: readonly WasteItem[], layerOf: (item: WasteItem) => number): WasteGroup[] {
  const groups = new Map<string, WasteItem[]>();
  for (const it of items) {
    const top = it.path.split('/')[1] ?? '';
    const key = `${layerOf(it)}\u0000${top}`;
    const list = groups.get(key);
    if (list) list.push(it);
    else groups.set(key, [it]);
  }
  const out: WasteGroup[] = [];
  for (const list of groups.values()) {
    const path = list.length === 1 ? list[0].path : commonFolder(list.map((i) => i.path));
    out.push({
      layer: layerOf(list[0]),
      path,
      items: list.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1)),
      bytes: list.reduce((n, i) => n + i.bytes, 0),
      shippedIn: [...new Set(list.map((i) => i.layer))].sort((a, b) => a - b),
    });
  }
  return out.sort((a, b) => a.layer - b.layer || b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
}

/** The deepest folder that holds every path (`/` at worst). */
export function commonFolder(paths: readonly string[]): string {
  let parts = paths[0].split('/').slice(0, -1);
  for (const p of paths.slice(1)) {
    const q = p.split('/').slice(0, -1);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '/';
}

/** 1536 -> "1.5 KiB"; bytes as people read them (1024-based, as `du -h`). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

/** "3 files" / "1 file". */
export function files(n: number): string {
  return `${n} ${n === 1 ? 'file' : 'files'}`;
}

/** "layer 2" or "layers 2, 3 and 5". */
export function layerList(layers: readonly number[]): string {
  if (layers.length === 1) return `layer ${layers[0]}`;
  return `layers ${layers.slice(0, -1).join(', ')} and ${layers[layers.length - 1]}`;
}

/** A few paths of a group, for messages: "a, b and 3 more". */
export function samplePaths(items: readonly WasteItem[], n = 3): string {
  const shown = items.slice(0, n).map((i) => i.path);
  return items.length > n ? `${shown.join(', ')} and ${items.length - n} more` : shown.join(', ');
}

/** The option all path-based size rules share. */
export const IGNORE_PATHS_OPTION = {
  type: 'string[]',
  default: [] as readonly string[],
  description: 'globs of image paths (e.g. "/usr/share/**") whose findings are suppressed',
} as const;

export const MIN_BYTES_DESCRIPTION = 'findings below this many bytes are not reported';
