/**
 * The size gate of `plimsoll image`: limits from flags, `.plimsoll.yaml` (`image:`) and a
 * `.dive-ci` file, checked against the analysis. dive's comparisons are kept exactly (strict
 * `>`/`<`), so a `.dive-ci` that passes in dive passes here and one that fails here fails there.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { ImageGateConfig } from '../config/types.js';
import { parseByteSize, parseFraction } from '../config/units.js';
import type { ImageAnalysis } from '../layers/analysis.js';
import type { GateCheck, GateResult } from '../report/types.js';
import { UsageError } from '../rules/finding.js';
import { formatBytes } from '../rules/size/support.js';

export type GateKey = 'maxSize' | 'minEfficiency' | 'maxWastedBytes' | 'maxWastedPercent' | 'maxReclaimableBytes';

/** dive's byte sizes (go-humanize ParseBytes): "20MB" and "20Mb" are 20,000,000; "1.5 GiB" is 1024-based; commas allowed. */
const HUMANIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
  e: 1e18,
  eb: 1e18,
  ei: 1024 ** 6,
  eib: 1024 ** 6,
};

export function parseHumanizeBytes(text: string): number | undefined {
  let end = 0;
  while (end < text.length && /[0-9.,]/.test(text[end])) end++;
  const num = text.slice(0, end).replace(/,/g, '');
  if (!/^(\d+\.?\d*|\.\d+)$/.test(num)) return undefined;
  const factor = HUMANIZE_UNITS[text.slice(end).trim().toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.trunc(Number(num) * factor);
}

/** dive's words that turn a rule off. */
export function isDisabledWord(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v === '' || v === 'disabled' || v === 'off' || v === 'false';
}

/** dive's own defaults for rules a `.dive-ci` leaves out (options/ci_rules.go). */
export const DIVE_CI_DEFAULTS = { lowestEfficiency: '0.9', highestWastedBytes: 'disabled', highestUserWastedPercent: '0.1' } as const;

export interface DiveCiResult {
  gate: ImageGateConfig;
  notes: string[];
}

/**
 * Reads a `.dive-ci` as dive does: `rules:` with camelCase keys; a key left out takes dive's
 * default; `""`, `disabled`, `off`, `false` turn a rule off; unknown keys are ignored (noted).
 * A bad value is a UsageError naming the file and key (exit 2).
 */
export function parseDiveCi(text: string, shown: string): DiveCiResult {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new UsageError(`${shown}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const notes: string[] = [];
  const rules = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).rules : undefined;
  const given: Record<string, string> = {};
  if (rules && typeof rules === 'object') {
    for (const [k, v] of Object.entries(rules as Record<string, unknown>)) {
      if (k in DIVE_CI_DEFAULTS) given[k] = v === null || v === undefined ? '' : String(v);
      else notes.push(`${shown}: rules.${k} is not a dive rule; ignored (dive reads lowestEfficiency, highestWastedBytes, highestUserWastedPercent)`);
    }
  }
  const value = (k: keyof typeof DIVE_CI_DEFAULTS) => given[k] ?? DIVE_CI_DEFAULTS[k];
  const gate: ImageGateConfig = {};
  const fraction = (k: 'lowestEfficiency' | 'highestUserWastedPercent'): number | undefined => {
    const v = value(k);
    if (isDisabledWord(v)) return undefined;
    const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new UsageError(`${shown}: rules.${k}: "${v}" is not a number (expected 0 to 1, or "disabled")`);
    if (n < 0 || n > 1) throw new UsageError(`${shown}: rules.${k}: ${v} is outside the allowed range 0 to 1`);
    return n;
  };
  const eff = fraction('lowestEfficiency');
  if (eff !== undefined) gate.minEfficiency = eff;
  const pct = fraction('highestUserWastedPercent');
  if (pct !== undefined) gate.maxWastedPercent = pct;
  const wb = value('highestWastedBytes');
  if (!isDisabledWord(wb)) {
    const n = parseHumanizeBytes(wb);
    if (n === undefined) throw new UsageError(`${shown}: rules.highestWastedBytes: "${wb}" is not a size (e.g. "20MB", or "disabled")`);
    gate.maxWastedBytes = n;
  }
  return { gate, notes };
}

export async function readDiveCi(path: string, shown: string): Promise<DiveCiResult | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${shown}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseDiveCi(text, shown);
}

export interface GateFlags {
  maxSize?: string;
  minEfficiency?: string;
  maxWastedBytes?: string;
  maxWastedPercent?: string;
  maxReclaimableBytes?: string;
}

/** Flags to limits; a bad value is a UsageError. */
export function parseGateFlags(flags: GateFlags): ImageGateConfig {
  const gate: ImageGateConfig = {};
  const bytes = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseByteSize(v);
    if (n === undefined) throw new UsageError(`--${flag} "${v}": expected a number of bytes or a size such as "500MB" or "1.2GiB"`);
    return n;
  };
  const fraction = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseFraction(v);
    if (n === undefined) throw new UsageError(`--${flag} "${v}": expected a number from 0 to 1, or a percentage such as "10%"`);
    return n;
  };
  const set = <K extends keyof ImageGateConfig>(k: K, v: ImageGateConfig[K] | undefined) => {
    if (v !== undefined) gate[k] = v;
  };
  set('maxSize', bytes('max-size', flags.maxSize));
  set('minEfficiency', fraction('min-efficiency', flags.minEfficiency));
  set('maxWastedBytes', bytes('max-wasted-bytes', flags.maxWastedBytes));
  set('maxWastedPercent', fraction('max-wasted-percent', flags.maxWastedPercent));
  set('maxReclaimableBytes', bytes('max-reclaimable-bytes', flags.maxReclaimableBytes));
  return gate;
}

const GATE_KEYS: readonly GateKey[] = ['maxSize', 'minEfficiency', 'maxWastedBytes', 'maxWastedPercent', 'maxReclaimableBytes'];

/** Later sources win key by key: e.g. mergeGates(diveCi, configFile, flags). */
export function mergeGates(...sources: Array<ImageGateConfig | undefined>): ImageGateConfig {
  const out: ImageGateConfig = {};
  for (const s of sources) {
    if (!s) continue;
    for (const k of GATE_KEYS) if (s[k] !== undefined) out[k] = s[k];
  }
  return out;
}

function bytesText(n: number): string {
  return n < 1024 ? `${n} B` : `${formatBytes(n)} (${n.toLocaleString('en-US')} bytes)`;
}

function pct(n: number): string {
  return `${(n * 100).toFixed(2)} %`;
}

/** Checks the limits that are set; undefined when none is. */
export function evaluateGate(gate: ImageGateConfig, a: ImageAnalysis): GateResult | undefined {
  const checks: GateCheck[] = [];
  const over = (name: string, limit: number | undefined, actual: number, text: (n: number) => string) => {
    if (limit === undefined) return;
    const passed = !(actual > limit);
    checks.push({ name, limit: text(limit), actual: text(actual), passed, message: passed ? undefined : `over the limit by ${text(actual - limit)}` });
  };
  over('max-size', gate.maxSize, a.dive.sizeBytes, bytesText);
  if (gate.minEfficiency !== undefined) {
    const passed = !(gate.minEfficiency > a.dive.efficiency);
    checks.push({
      name: 'min-efficiency',
      limit: pct(gate.minEfficiency),
      actual: pct(a.dive.efficiency),
      passed,
      message: passed ? undefined : `under the limit by ${((gate.minEfficiency - a.dive.efficiency) * 100).toFixed(2)} points`,
    });
  }
  over('max-wasted-bytes', gate.maxWastedBytes, a.dive.wastedBytes, bytesText);
  if (gate.maxWastedPercent !== undefined) {
    const actual = a.dive.userWastedPercent;
    // dive compares NaN (an image with no user layers) and never fails on it.
    const passed = actual === null || !(actual > gate.maxWastedPercent);
    checks.push({
      name: 'max-wasted-percent',
      limit: pct(gate.maxWastedPercent),
      actual: actual === null ? 'n/a (no layers above the base)' : pct(actual),
      passed,
      message: passed ? undefined : `over the limit by ${((actual! - gate.maxWastedPercent) * 100).toFixed(2)} points`,
    });
  }
  over('max-reclaimable-bytes', gate.maxReclaimableBytes, a.reclaimable.totalBytes, bytesText);
  if (checks.length === 0) return undefined;
  return { passed: checks.every((c) => c.passed), checks };
}
