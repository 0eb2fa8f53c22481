/**
 * One image, analysed: each layer read once (readLayers: decompress, hash and parse in worker
 * threads), applied in order to the union filesystem, then the per-layer facts, dive's figures,
 * reclaimable bytes by cause and the top lists. Knows no rules and prints nothing.
 */
import picomatch from 'picomatch';
import { addDiff, emptyDiff, type LayerDiff, type PathChange } from './diff.js';
import { readLayers, type ReadLayersOptions } from './reader.js';
import type { Compression, HistoryEntry, Image, LayerEvent, Platform } from './types.js';
import { UnionFs, type LayerProblem } from './union.js';
import { FinalFilesystem } from './union-view.js';
import { HARDLINK, NONE, SYMLINK, TYPE_NAMES, type NodeTypeName } from './union-store.js';
import type { DiveFigures } from './waste-dive.js';
import {
  finalTotals,
  formatMode,
  largestFiles,
  largestFolders,
  largestWaste,
  reclaimableOf,
  wasteItems,
  type FinalTotals,
  type Reclaimable,
  type SizedPath,
  type WasteItem,
} from './waste.js';

export interface LayerFacts {
  index: number;
  digest: string;
  diffId: string;
  mediaType: string;
  compression?: Compression;
  /** Bytes of the blob as stored. */
  compressedSize: number;
  /** Bytes of the uncompressed tar stream, when read. */
  uncompressedSize?: number;
  /** Content bytes of the layer's entries (dive's layer size). */
  size: number;
  /** Index into config.history of the step that made the layer (empty_layer entries skipped). */
  historyIndex?: number;
  createdBy?: string;
  created?: string;
  comment?: string;
  entries: number;
  whiteouts: number;
  opaqueWhiteouts: number;
  diff: LayerDiff;
}

export interface HistoryFacts {
  /** Entries in config.history. */
  entries: number;
  /** Entries that made a layer (not `empty_layer`). */
  layerEntries: number;
  /** True when there is one non-empty history entry per layer. */
  aligned: boolean;
  note?: string;
}

/** A path of the final filesystem (for `--files`). */
export interface FinalFile {
  path: string;
  type: NodeTypeName;
  size: number;
  mode: string;
  owner: string;
  layer: number;
  linkTarget?: string;
}

export interface ImageAnalysis {
  reference: string;
  source: Image['source'];
  configDigest: string;
  manifestDigest?: string;
  platform?: Platform;
  tags?: string[];
  layers: LayerFacts[];
  history: HistoryFacts;
  /** Sum of the per-layer diffs. */
  totalDiff: LayerDiff;
  compressedSize: number;
  uncompressedSize: number;
  final: FinalTotals;
  dive: DiveFigures;
  reclaimable: Reclaimable;
  largestFiles: SizedPath[];
  largestFolders: SizedPath[];
  largestWaste: WasteItem[];
  /** Every waste item (for the SZ rules; reports show the largest). */
  wasteItems: WasteItem[];
  problems: LayerProblem[];
  /** The changes of one layer, when asked for. */
  changes?: { layer: number; paths: PathChange[] };
  /** The final filesystem, when asked for (filtered by `fileGlob`). */
  files?: FinalFile[];
  /** Every layer's changes, sorted by path, with `allLayerChanges` (never filtered). */
  layerChanges?: PathChange[][];
  /** The final filesystem as a queryable view, for file rules (not part of any report). */
  filesystem: FinalFilesystem;
}

export interface AnalysisOptions {
  /** Items in each top list (default 10). */
  top?: number;
  /** Record the per-path changes of this layer. */
  changesOfLayer?: number;
  /** Record the per-path changes of every layer (`layerChanges`; the HTML report's layer trees). */
  allLayerChanges?: boolean;
  /** List the final filesystem. */
  listFiles?: boolean;
  /** Only paths matching this glob (picomatch, absolute: `/usr/lib/**`) in `files` and `changes`. */
  fileGlob?: string;
  /** Called after each layer is applied. */
  onLayer?(index: number, total: number, uncompressedBytes: number): void;
  /**
   * Called with every event of every layer, in order, before the union applies it: lets file
   * rules collect what they need (content-probe hits, setuid entries) in the same single pass.
   */
  onEvent?(layer: number, event: LayerEvent): void;
}

/** What the analysis needs of one layer's reading. */
export interface LayerInput {
  events: Iterable<LayerEvent>;
  compression?: Compression;
  compressedSize?: number;
  uncompressedSize?: number;
  digest?: string;
  diffId?: string;
}

/** Reads and analyses an image. Throws PlimsollInputError (naming image and layer) when a layer cannot be read. */
export async function analyseImage(image: Image, options: AnalysisOptions & { read?: ReadLayersOptions } = {}): Promise<ImageAnalysis> {
  return analyseLayers(image, released(readLayers(image, options.read)), options);
}

/** Empties each layer's event list once it is applied: the reader may still hold the list. */
async function* released<T extends { events: LayerEvent[] }>(layers: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const layer of layers) {
    yield layer;
    layer.events.length = 0;
  }
}

/** Analyses layers delivered in order (from readLayers, or fakes in tests). */
export async function analyseLayers(
  image: Pick<Image, 'reference' | 'source' | 'config' | 'configDigest' | 'manifestDigest' | 'platform' | 'tags' | 'layers'>,
  layers: AsyncIterable<LayerInput> | Iterable<LayerInput>,
  options: AnalysisOptions = {},
): Promise<ImageAnalysis> {
  const union = new UnionFs({ recordChangesOf: options.allLayerChanges ? 'all' : options.changesOfLayer });
  const history = mapHistory(image.config.history ?? [], image.layers.length);
  const facts: LayerFacts[] = [];
  let uncompressedTotal = 0;
  for await (const input of layers) {
    const index = facts.length;
    const layer = image.layers[index];
    const onEvent = options.onEvent;
    const r = onEvent ? union.applyLayer(observed(input.events, index, onEvent)) : union.applyLayer(input.events);
    const h = history.byLayer[index];
    facts.push({
      index,
      digest: input.digest ?? layer?.digest ?? '',
      diffId: input.diffId ?? layer?.diffId ?? '',
      mediaType: layer?.mediaType ?? '',
      compression: input.compression,
      compressedSize: input.compressedSize ?? layer?.size ?? 0,
      uncompressedSize: input.uncompressedSize,
      size: r.diveSize,
      historyIndex: h?.index,
      createdBy: h?.entry.created_by,
      created: h?.entry.created,
      comment: h?.entry.comment,
      entries: r.entries,
      whiteouts: r.whiteouts,
      opaqueWhiteouts: r.opaqueWhiteouts,
      diff: r.diff,
    });
    uncompressedTotal += input.uncompressedSize ?? 0;
    options.onLayer?.(index, image.layers.length, uncompressedTotal);
  }
  const top = options.top ?? 10;
  const items = wasteItems(union);
  const totalDiff = emptyDiff();
  for (const f of facts) addDiff(totalDiff, f.diff);
  const matcher = options.fileGlob ? picomatch(options.fileGlob, { dot: true }) : undefined;
  const changesOf = options.changesOfLayer;
  const recorded = changesOf !== undefined ? union.layerResults[changesOf]?.changes : undefined;
  return {
    reference: image.reference,
    source: image.source,
    configDigest: image.configDigest,
    manifestDigest: image.manifestDigest,
    platform: image.platform,
    tags: image.tags,
    layers: facts,
    history: history.facts,
    totalDiff,
    compressedSize: facts.reduce((n, f) => n + f.compressedSize, 0),
    uncompressedSize: uncompressedTotal,
    final: finalTotals(union),
    dive: union.dive.figures(union.diveLayerSizes()),
    reclaimable: reclaimableOf(items),
    largestFiles: largestFiles(union, top),
    largestFolders: largestFolders(union, top),
    largestWaste: largestWaste(items, top),
    wasteItems: items,
    problems: union.problems,
    changes: changesOf !== undefined && recorded ? { layer: changesOf, paths: matcher ? recorded.filter((c) => matcher(c.path)) : recorded } : undefined,
    files: options.listFiles ? finalFiles(union, matcher) : undefined,
    layerChanges: options.allLayerChanges ? union.layerResults.map((r) => r.changes ?? []) : undefined,
    filesystem: new FinalFilesystem(union),
  };
}

function* observed(events: Iterable<LayerEvent>, layer: number, onEvent: (layer: number, e: LayerEvent) => void): Generator<LayerEvent> {
  for (const e of events) {
    onEvent(layer, e);
    yield e;
  }
}

function finalFiles(union: UnionFs, matcher?: (path: string) => boolean): FinalFile[] {
  const s = union.store;
  const out: FinalFile[] = [];
  for (let id = 1; id < s.count; id++) {
    if (s.type[id] === NONE) continue;
    const path = s.pathOf(id);
    if (matcher && !matcher(path)) continue;
    const f: FinalFile = {
      path,
      type: TYPE_NAMES[s.type[id]],
      size: s.size[id],
      mode: formatMode(s.mode[id]),
      owner: `${s.uid[id]}:${s.gid[id]}`,
      layer: s.layer[id],
    };
    if (s.type[id] === HARDLINK) f.linkTarget = union.hardlinkTargets.get(id);
    else if (s.type[id] === SYMLINK) f.linkTarget = union.contents.values[s.content[id]]?.slice(2);
    out.push(f);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * History is advisory: one non-empty entry per layer, in order, when the builder kept to it
 * (many do not: buildah squashes, jib and others miscount).
 */
export function mapHistory(history: readonly HistoryEntry[], layerCount: number) {
  const nonEmpty = history.map((entry, index) => ({ entry, index })).filter((h) => !h.entry.empty_layer);
  const aligned = nonEmpty.length === layerCount;
  const facts: HistoryFacts = { entries: history.length, layerEntries: nonEmpty.length, aligned };
  if (history.length === 0) facts.note = 'the image has no history: the steps that made the layers are unknown';
  else if (!aligned) {
    facts.note = `the history has ${nonEmpty.length} non-empty ${nonEmpty.length === 1 ? 'entry' : 'entries'} for ${layerCount} ${layerCount === 1 ? 'layer' : 'layers'}: the step shown for a layer may be wrong`;
  }
  return { facts, byLayer: nonEmpty };
}
