/**
 * Fingerprints identify a finding across runs. They hash what the finding is about (rule,
 * file, the instruction's text, the flagged text), never its line number, so a finding keeps
 * its identity when unrelated lines move, and baselines and code scanning do not churn.
 */
import { createHash } from 'node:crypto';

export function fingerprintOf(parts: readonly (string | number | undefined)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p === undefined ? '' : String(p));
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 32);
}

/** Whitespace-insensitive, so re-indenting a RUN keeps its findings' identity. */
export function normalizeForFingerprint(text: string): string {
  return text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Adds an occurrence counter to identical keys, so two identical findings in one file stay
 * distinct and each keeps its identity.
 */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  next(key: string): number {
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return n;
  }
}
