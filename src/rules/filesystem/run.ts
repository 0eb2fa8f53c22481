/**
 * Runs the filesystem rules (FS). `createFilesystemAudit` is what a command wires into its one
 * layer walk: the content probe module to load in the walk's workers (none when no content rule
 * is on), an observer for each layer's events, and `finish`, which runs the rules over what was
 * collected and returns their findings with fingerprints set.
 */
import type { LayerEvent } from '../../layers/types.js';
import type { RuleConfigView } from '../config-view.js';
import { isLevel, type ImageLocation } from '../finding.js';
import { byLayerThenRule, runRules, type RuleRunResult } from '../engine.js';
import type { ImageLayerInfo } from '../image/types.js';
import { layerRefOf } from '../image/run.js';
import { FilesystemCollector } from './collect.js';
import { pathFilter } from './paths.js';
import { DEFAULT_PROBE_SETTINGS, type ContentProbeSettings } from './probe-settings.js';
import type { FilesystemFacts, FilesystemReportDescriptor, FilesystemRule, FilesystemSettings } from './types.js';

/** A rule or content check that threw is an internal error: a bug in plimsoll, reported (exit 2), never hidden. */
export type FilesystemLintResult = RuleRunResult;

export interface FilesystemAuditSettings extends Partial<ContentProbeSettings> {
  setuidAllowlist?: readonly string[];
}

/** The probe module URL, with its settings in the query (a probe module takes no arguments). */
export function contentProbeModule(settings: Partial<ContentProbeSettings> = {}): string {
  const own = import.meta.url;
  const url = new URL(own.endsWith('.ts') ? './probe.ts' : './probe.js', own);
  url.searchParams.set('c', JSON.stringify({ ...DEFAULT_PROBE_SETTINGS, ...settings }));
  return url.href;
}

export interface FilesystemAudit {
  /** Content probe modules for the layer walk (`readLayers({ probes })`); empty when no content rule is on. */
  probes: string[];
  /** Feed each layer's events, in layer order, base first. */
  observeLayer(layer: number, events: readonly LayerEvent[]): void;
  /**
   * Passes the layer walk's output through, observing each layer before the next consumer
   * sees it, and empties each layer's event list once the consumer is done with it (the
   * reader may still hold the list).
   */
  tap<T extends { layer: { index: number }; events: LayerEvent[] }>(layers: AsyncIterable<T>): AsyncGenerator<T>;
  /** Paths of gosu/su-exec/... in the final image, for IM001. */
  privilegeDroppers(): string[];
  /** Runs the rules over what was collected. */
  finish(reference: string, layers: ImageLayerInfo[]): FilesystemLintResult;
}

export function createFilesystemAudit(rules: readonly FilesystemRule[], config: RuleConfigView, settings: FilesystemAuditSettings = {}): FilesystemAudit {
  const probe: ContentProbeSettings = {
    maxBytes: settings.maxBytes ?? DEFAULT_PROBE_SETTINGS.maxBytes,
    allowPaths: [...(settings.allowPaths ?? [])],
    builtinAllowPaths: settings.builtinAllowPaths ?? true,
  };
  const contentOn = rules.some((r) => r.readsContent && isLevel(config.levelOf(r.meta)));
  const collector = new FilesystemCollector(pathFilter(probe.allowPaths, probe.builtinAllowPaths));
  return {
    probes: contentOn ? [contentProbeModule(probe)] : [],
    observeLayer: (layer, events) => collector.observeLayer(layer, events),
    async *tap(layers) {
      for await (const l of layers) {
        collector.observeLayer(l.layer.index, l.events);
        yield l;
        l.events.length = 0;
      }
    },
    privilegeDroppers: () => collector.facts(0).privilegeDroppers,
    finish(reference, layers) {
      const facts: FilesystemFacts = { reference, layers, ...collector.facts(layers.length), contentScanned: contentOn };
      const r = lintFilesystem(facts, rules, config, { setuidAllowlist: settings.setuidAllowlist ?? [] });
      for (const p of facts.probeFailures) {
        const l = layers[p.layer];
        r.internalErrors.push({
          source: reference,
          layer: `#${p.layer} ${l?.digest ?? l?.diffId ?? ''}`.trim(),
          path: p.path,
          message: `internal error in the content check: ${p.message}`,
        });
      }
      return r;
    },
  };
}

export function lintFilesystem(
  facts: FilesystemFacts,
  rules: readonly FilesystemRule[],
  config: RuleConfigView,
  image: FilesystemSettings = { setuidAllowlist: [] },
): FilesystemLintResult {
  const result = runRules<FilesystemRule, FilesystemReportDescriptor>({
    rules,
    config,
    source: facts.reference,
    place(meta, d) {
      const location: ImageLocation = { kind: 'image', image: facts.reference };
      const layer = layerRefOf(facts, d.layer);
      if (layer) {
        location.layer = layer;
        const h = facts.layers[d.layer!]?.historyIndex;
        if (h !== undefined) location.historyIndex = h;
      }
      const related = d.relatedLayer !== d.layer ? layerRefOf(facts, d.relatedLayer) : undefined;
      if (related) location.relatedLayer = related;
      if (d.path !== undefined) location.path = d.path;
      return { location, fingerprint: [meta.id, d.fingerprintKey] };
    },
    check: (rule, context) => rule.check(facts, { ...context, image }),
  });
  result.findings.sort(byLayerThenRule);
  return result;
}
