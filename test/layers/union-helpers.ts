/**
 * Fake layer streams for the union, diff and waste tests: arrays of LayerEntry | Whiteout per
 * layer, as the reader delivers them, without any archive.
 */
import type { Image, LayerEntry, LayerEvent, Whiteout } from '../../src/layers/types.js';
import { UnionFs } from '../../src/layers/union.js';
import { HARDLINK, NONE, SYMLINK, TYPE_NAMES } from '../../src/layers/union-store.js';
import { analyseLayers, type AnalysisOptions, type ImageAnalysis } from '../../src/layers/analysis.js';

type Opts = Partial<Omit<LayerEntry, 'path' | 'type'>> & { content?: string };

/** A regular file; `content` names its content (same name, same hash), default path+size. */
export function file(path: string, size: number, opts: Opts = {}): LayerEntry {
  const { content, ...rest } = opts;
  return { kind: 'entry', path, type: 'file', size, mode: 0o644, uid: 0, gid: 0, contentHash: `sha-${content ?? `${path}:${size}`}`, ...rest };
}

export function dir(path: string, opts: Opts = {}): LayerEntry {
  return { kind: 'entry', path, type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, ...opts };
}

export function symlink(path: string, target: string): LayerEntry {
  return { kind: 'entry', path, type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkname: target };
}

export function hardlink(path: string, target: string, opts: Opts = {}): LayerEntry {
  return { kind: 'entry', path, type: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, linkname: target, ...opts };
}

export function wh(path: string): Whiteout {
  return { kind: 'whiteout', path };
}

export function opq(path: string): Whiteout {
  return { kind: 'opaque', path };
}

export function build(layers: LayerEvent[][], opts: { recordChangesOf?: number } = {}): UnionFs {
  const u = new UnionFs(opts);
  for (const l of layers) u.applyLayer(l);
  return u;
}

/** The final filesystem as `path -> "type size mode uid:gid Llayer"` (folders without size). */
export function listing(u: UnionFs): Record<string, string> {
  const s = u.store;
  const out: Record<string, string> = {};
  for (let id = 1; id < s.count; id++) {
    if (s.type[id] === NONE) continue;
    const t = TYPE_NAMES[s.type[id]];
    let text = t === 'dir' ? `dir ${s.mode[id].toString(8)}` : `${t} ${s.size[id]} ${s.mode[id].toString(8)}`;
    text += ` ${s.uid[id]}:${s.gid[id]} L${s.layer[id]}`;
    if (s.type[id] === HARDLINK) text += ` -> ${u.hardlinkTargets.get(id)}`;
    if (s.type[id] === SYMLINK) text += ` -> ${u.contents.values[s.content[id]].slice(2)}`;
    out[s.pathOf(id)] = text;
  }
  return out;
}

export function paths(u: UnionFs): string[] {
  return Object.keys(listing(u)).sort();
}

export function fakeImage(layerCount: number, history?: Image['config']['history']) {
  return {
    reference: 'fake:image',
    source: 'oci' as const,
    configDigest: 'sha256:cfg',
    config: { rootfs: { type: 'layers', diff_ids: [] }, history: history ?? Array.from({ length: layerCount }, (_, i) => ({ created_by: `step ${i}` })) },
    layers: Array.from({ length: layerCount }, (_, i) => ({
      index: i,
      digest: `sha256:d${i}`,
      diffId: `sha256:i${i}`,
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      size: 100,
      open: () => Promise.reject(new Error('fake layer')),
    })),
  };
}

export function analyseFake(layers: LayerEvent[][], opts: AnalysisOptions = {}): Promise<ImageAnalysis> {
  return analyseLayers(fakeImage(layers.length), layers.map((events) => ({ events })), opts);
}
