/**
 * Baselines: an earlier report's findings are accepted as they are. Every finding of this run is
 * marked `new` or `unchanged` (matched by rule id and fingerprint); `unchanged` ones stay in
 * every report but do not count for the exit code (see `isActive`).
 */
import type { Finding } from '../rules/finding.js';
import { baselineKey, type Baseline } from './read.js';

export { readBaseline, parseBaseline, baselineKey, type Baseline, type BaselineFormat } from './read.js';

export interface BaselineCounts {
  new: number;
  unchanged: number;
}

/** Marks each finding `new` or `unchanged` against the baseline; returns the counts (suppressed findings left out). */
export function applyBaseline(findings: readonly Finding[], baseline: Pick<Baseline, 'keys'>): BaselineCounts {
  const counts: BaselineCounts = { new: 0, unchanged: 0 };
  for (const f of findings) {
    const known = baseline.keys.has(baselineKey(f.ruleId, f.fingerprint));
    f.baselineState = known ? 'unchanged' : 'new';
    if (!f.suppressed) counts[known ? 'unchanged' : 'new']++;
  }
  return counts;
}
