/**
 * Builds `ImageFacts` from an opened image (config, history, layers, tags, manifest
 * annotations). Needs no layer bytes: image rules run even when a layer cannot be read.
 */
import type { Image } from '../../layers/types.js';
import { redactSecrets } from './history.js';
import type { HistoryStep, ImageFacts, ImageLayerInfo } from './types.js';

export type ImageFactsSource = Pick<Image, 'reference' | 'config' | 'layers'> & Partial<Pick<Image, 'tags' | 'manifest'>>;

export function imageFactsOf(image: ImageFactsSource, extra: Pick<ImageFacts, 'privilegeDroppers'> = {}): ImageFacts {
  const entries = image.config.history ?? [];
  const nonEmpty = entries.map((entry, index) => ({ entry, index })).filter((h) => !h.entry.empty_layer);
  // History is advisory: it maps onto the layers only when there is one non-empty entry per layer.
  const aligned = nonEmpty.length === image.layers.length && image.layers.length > 0;
  const layerOfHistory = new Map<number, number>();
  if (aligned) nonEmpty.forEach((h, layer) => layerOfHistory.set(h.index, layer));
  const history: HistoryStep[] = entries.map((entry, index) => ({ index, entry, layer: layerOfHistory.get(index) }));
  const layers: ImageLayerInfo[] = image.layers.map((l) => {
    const h = aligned ? nonEmpty[l.index] : undefined;
    return { index: l.index, diffId: l.diffId, digest: l.digest || undefined, createdBy: h?.entry.created_by !== undefined ? redactSecrets(h.entry.created_by) : undefined, historyIndex: h?.index };
  });
  return {
    reference: image.reference,
    config: image.config,
    history,
    historyAligned: aligned,
    layers,
    tags: [...(image.tags ?? [])],
    manifestAnnotations: { ...(image.manifest?.annotations ?? {}) },
    ...extra,
  };
}
