/**
 * The checks `plimsoll image` and `plimsoll diff` run on an image they read: the security
 * audit riding on the layer walk (FS rules), the config and history rules (IM), and the size
 * rules (SZ) on the analysis. One place, so both commands judge an image the same way.
 */
import type { ResolvedConfig } from '../config/types.js';
import type { ImageAnalysis } from '../layers/analysis.js';
import { referenceForSource, SOURCE_CHOICES, type SourceChoice } from '../layers/registry/options.js';
import type { Image } from '../layers/types.js';
import { UsageError, type Finding, type InputError } from '../rules/finding.js';
import { createFilesystemAudit } from '../rules/filesystem/run.js';
import type { FilesystemRule } from '../rules/filesystem/types.js';
import { imageFactsOf } from '../rules/image/facts.js';
import { redactSecrets } from '../rules/image/history.js';
import { lintImageConfig } from '../rules/image/run.js';
import type { ImageRule } from '../rules/image/types.js';
import { filesystemRules, imageRules, sizeRules } from '../rules/registry.js';
import { lintImageSize } from '../rules/size/run.js';
import type { SizeRule } from '../rules/size/types.js';

export type FilesystemAudit = ReturnType<typeof createFilesystemAudit>;

/** The FS rules' audit for one image: a content probe for the walk's workers and a tap on its events. */
export function imageAudit(config: ResolvedConfig): FilesystemAudit {
  return createFilesystemAudit(filesystemRules as readonly FilesystemRule[], config.view, {
    setuidAllowlist: config.image.setuidAllowlist,
    allowPaths: config.image.contentAllowPaths,
    builtinAllowPaths: config.image.builtinAllowPaths,
    maxBytes: config.image.contentMaxBytes,
  });
}

export interface ImageChecks {
  findings: Finding[];
  errors: InputError[];
}

/**
 * Runs the IM, FS and SZ rules once the walk is done (or stopped early: FS rules report what
 * the walk saw). Also masks secrets in the history lines the analysis carries, since every
 * report shows them.
 */
export function checkImage(
  ref: string,
  image: Image | undefined,
  analysis: ImageAnalysis | undefined,
  audit: FilesystemAudit,
  config: ResolvedConfig,
  debug: boolean | undefined,
): ImageChecks {
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const short = (e: InputError) => (debug ? e : { ...e, message: e.message.split('\n')[0]! });
  for (const l of analysis?.layers ?? []) if (l.createdBy) l.createdBy = redactSecrets(l.createdBy);
  if (image) {
    const facts = imageFactsOf(image, { privilegeDroppers: audit.privilegeDroppers() });
    for (const r of [lintImageConfig(facts, imageRules as readonly ImageRule[], config.view), audit.finish(image.reference, facts.layers)]) {
      findings.push(...r.findings);
      errors.push(...r.internalErrors.map(short));
    }
  }
  if (analysis) {
    for (const p of analysis.problems) {
      if (p.severity !== 'error') continue;
      const l = analysis.layers[p.layer];
      errors.push({ source: ref, layer: `#${p.layer} ${l?.digest || l?.diffId || ''}`.trim(), path: p.path, message: `${p.message} (skipped)` });
    }
    const r = lintImageSize(analysis, sizeRules as readonly SizeRule[], config.view);
    findings.push(...r.findings);
    errors.push(...r.internalErrors.map(short));
  }
  return { findings, errors };
}

/** `--source docker|podman|registry|...` applied to a reference. */
export function sourceRef(ref: string, source: string | undefined): { ref: string; engine?: 'docker' | 'podman' } {
  if (source === undefined) return { ref };
  if (!(SOURCE_CHOICES as readonly string[]).includes(source)) throw new UsageError(`--source "${source}": expected one of ${SOURCE_CHOICES.join(', ')}`);
  const r = referenceForSource(ref, source as SourceChoice);
  if ('error' in r) throw new UsageError(r.error);
  return r;
}
