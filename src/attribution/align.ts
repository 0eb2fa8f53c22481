/**
 * Lines up the Dockerfile's steps with the image's history entries: a global alignment (as in
 * sequence alignment) in which the history entries before the first step are free (they are the
 * base image's), every other unpaired step or entry costs, and a pair scores by its evidence.
 * Texts decide; order only settles which of equally good pairs to take. A pair with no text
 * evidence is kept only where text-matched pairs hold it in place on both sides (`position`).
 */
import { LAYER_KINDS, loose, norm, type HistoryStep } from './history.js';
import type { Step } from './steps.js';

/** Why a step and a history entry are paired. */
export type Evidence = 'text' | 'destination' | 'names' | 'kind';

export interface Pair {
  step: number;
  hist: number;
  evidence: Evidence;
  /** Set once checked: text evidence, or held in place by text-matched neighbours. */
  accepted: boolean;
}

const CONTENT = new Set(['RUN', 'COPY', 'ADD']);

/** What ties a step to a history entry, or null when they cannot be the same instruction. */
export function evidenceOf(step: Step, h: HistoryStep): Evidence | null {
  if (h.kind !== step.keyword) return null;
  switch (step.keyword) {
    case 'RUN': {
      const c = h.command ?? '';
      if (step.texts.has(c)) return 'text';
      if (h.buildArgs) {
        // `|N A=1 B=x y /bin/sh -c ...`: values are not quoted, so find the command at the end.
        for (const t of step.texts) if (c.length > t.length && c.endsWith(` ${t}`) && c.slice(0, c.length - t.length).includes('=')) return 'text';
      }
      return h.bare ? null : 'kind';
    }
    case 'COPY':
    case 'ADD': {
      const hc = h.copy;
      const sc = step.copy;
      if (!hc || !sc) return 'kind';
      const destOk = sc.dests.some((d) => samePath(d, hc.dest));
      if (hc.hashed) return destOk && shapeFits(hc.hashed, sc.sources[0]!) ? 'destination' : 'kind';
      if (destOk && sc.sources.some((s) => s.length === hc.sources.length && s.every((x, i) => samePath(x, hc.sources[i]!)))) return 'text';
      return destOk ? 'destination' : 'kind';
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG':
      if (h.text !== undefined && step.texts.has(h.text)) return 'text';
      if (h.names && step.names && sameSet(h.names, step.names)) return 'names';
      return 'kind';
    case 'EXPOSE':
      return h.ports && step.ports && sameSet(h.ports, step.ports) ? 'text' : 'kind';
    case 'WORKDIR':
      if (h.text !== undefined && (step.texts.has(h.text) || (step.workdir !== undefined && samePath(step.workdir, h.text)))) return 'text';
      return 'kind';
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
    case 'HEALTHCHECK':
      return h.text !== undefined && (step.texts.has(h.text) || step.texts.has(loose(h.text))) ? 'text' : 'kind';
    default:
      return h.text !== undefined && step.texts.has(norm(h.text)) ? 'text' : 'kind';
  }
}

function samePath(a: string, b: string): boolean {
  const n = (p: string) => p.replace(/^\.\/+/, '').replace(/(.)\/+$/, '$1').replace(/\/{2,}/g, '/');
  return a === b || n(a) === n(b);
}

/** `file:` and `dir:` hashes stand for one source, `multi:` for several (a glob may be either). */
function shapeFits(hashed: string, sources: readonly string[]): boolean {
  const glob = sources.some((s) => /[*?[]/.test(s));
  if (hashed === 'multi') return sources.length >= 2 || glob;
  if (hashed === 'file' || hashed === 'dir') return sources.length === 1;
  return true;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function pairScore(step: Step, e: Evidence): number {
  if (CONTENT.has(step.keyword)) return e === 'text' ? 20 : e === 'destination' ? 14 : 1;
  if (step.keyword === 'WORKDIR') return e === 'text' ? 8 : 1;
  return e === 'text' ? 6 : e === 'names' ? 5 : 2;
}

function stepGap(step: Step): number {
  return CONTENT.has(step.keyword) ? 10 : 1;
}

function histGap(h: HistoryStep): number {
  return h.empty ? 3 : 10;
}

/**
 * The best alignment of `steps` with `hist` (both in order). With `freePrefix`, history entries
 * before the first pair cost nothing: they are the base image's.
 */
export function align(steps: readonly Step[], hist: readonly HistoryStep[], freePrefix: boolean): Pair[] {
  const n = steps.length;
  const m = hist.length;
  const W = m + 1;
  const score = new Float64Array((n + 1) * W);
  const move = new Uint8Array((n + 1) * W); // 1 pair, 2 step unpaired, 3 entry unpaired
  const ev: Array<Evidence | null> = new Array((n + 1) * W).fill(null);
  for (let j = 1; j <= m; j++) {
    score[j] = freePrefix ? 0 : score[j - 1]! - histGap(hist[j - 1]!);
    move[j] = 3;
  }
  for (let i = 1; i <= n; i++) {
    const step = steps[i - 1]!;
    score[i * W] = score[(i - 1) * W]! - stepGap(step);
    move[i * W] = 2;
    for (let j = 1; j <= m; j++) {
      const h = hist[j - 1]!;
      let best = score[(i - 1) * W + j]! - stepGap(step);
      let mv = 2;
      const left = score[i * W + j - 1]! - histGap(h);
      if (left > best) {
        best = left;
        mv = 3;
      }
      const e = evidenceOf(step, h);
      if (e !== null) {
        const diag = score[(i - 1) * W + j - 1]! + pairScore(step, e);
        if (diag >= best) {
          best = diag;
          mv = 1;
          ev[i * W + j] = e;
        }
      }
      score[i * W + j] = best;
      move[i * W + j] = mv;
    }
  }
  const pairs: Pair[] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const mv = move[i * W + j];
    if (mv === 1) {
      pairs.push({ step: i - 1, hist: j - 1, evidence: ev[i * W + j]!, accepted: false });
      i--;
      j--;
    } else if (mv === 2) i--;
    else j--;
  }
  pairs.reverse();
  accept(pairs, steps, hist);
  return pairs;
}

/**
 * Text evidence is accepted as it is. A pair with only the instruction kind in common is
 * accepted when the accepted pairs before and after it enclose it with nothing unpaired in
 * between on either side (no step that makes a layer, no history entry that made one): the
 * same position in both sequences, fixed by text on both sides.
 */
function accept(pairs: Pair[], steps: readonly Step[], hist: readonly HistoryStep[]): void {
  for (const p of pairs) p.accepted = p.evidence !== 'kind';
  const pairedStep = new Set(pairs.map((p) => p.step));
  const pairedHist = new Set(pairs.map((p) => p.hist));
  const clean = (a: Pair, b: Pair) => {
    for (let s = a.step + 1; s < b.step; s++) if (!pairedStep.has(s) && LAYER_KINDS.has(steps[s]!.keyword)) return false;
    for (let h = a.hist + 1; h < b.hist; h++) if (!pairedHist.has(h) && !hist[h]!.empty) return false;
    return true;
  };
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k]!;
    if (p.accepted) continue;
    let before: Pair | undefined;
    for (let b = k - 1; b >= 0; b--) if (pairs[b]!.evidence !== 'kind') {
      before = pairs[b];
      break;
    }
    let after: Pair | undefined;
    for (let a = k + 1; a < pairs.length; a++) if (pairs[a]!.evidence !== 'kind') {
      after = pairs[a];
      break;
    }
    if (before && after && clean(before, after)) p.accepted = true;
  }
}
