/**
 * Content probes: the hook through which filesystem-content rules (secrets, private keys,
 * credential files) look at file bytes during the one walk over each layer, inside the worker
 * threads, without file contents ever reaching the main thread.
 *
 * A probe is a module, loaded in each worker by its path or URL, whose default export (or the
 * module itself) has:
 *   name      a short id, copied into each hit (`ProbeHit.probe`)
 *   maxBytes  how many leading bytes of a file `inspect` receives (capped at 16 MiB)
 *   wants(entry)          cheap choice by path, size, mode: no I/O
 *   inspect(entry, bytes) the first `maxBytes` bytes (fewer for smaller files) → ProbeHit[]
 * Both must be pure and synchronous; hits must be plain data (they are structured-cloned).
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type { LayerEntry, ProbeHit } from './types.js';

export interface ContentProbe {
  name: string;
  maxBytes: number;
  wants(entry: LayerEntry): boolean;
  inspect(entry: LayerEntry, bytes: Buffer): Array<Omit<ProbeHit, 'probe'> & { probe?: string }>;
}

export type LoadedProbe = ContentProbe;

export const MAX_PROBE_BYTES = 16 * 1024 * 1024;

/** A module path (absolute file path) or a `file:` URL string. */
export type ProbeModule = string;

export function probeUrl(spec: ProbeModule): string {
  if (spec.startsWith('file:')) return spec;
  if (isAbsolute(spec)) return pathToFileURL(spec).href;
  throw new Error(`probe module must be an absolute path or a file: URL, got ${JSON.stringify(spec)}`);
}

export async function loadProbes(specs: readonly ProbeModule[]): Promise<LoadedProbe[]> {
  const out: LoadedProbe[] = [];
  for (const spec of specs) {
    const mod = (await import(probeUrl(spec))) as { default?: Partial<ContentProbe> } & Partial<ContentProbe>;
    const p = (mod.default && typeof mod.default === 'object' ? mod.default : mod) as Partial<ContentProbe>;
    if (typeof p.wants !== 'function' || typeof p.inspect !== 'function') {
      throw new Error(`probe module ${spec} does not export wants() and inspect()`);
    }
    const maxBytes = Math.max(0, Math.min(Number(p.maxBytes ?? 64 * 1024) || 0, MAX_PROBE_BYTES));
    out.push({
      name: String(p.name ?? spec),
      maxBytes,
      wants: p.wants.bind(p),
      inspect: p.inspect.bind(p),
    });
  }
  return out;
}
