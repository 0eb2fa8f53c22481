/**
 * Sizes and ratios as people write them in config files and flags: `500MB`, `1.2GiB`, `10%`.
 * Decimal units are powers of 1000 and binary units powers of 1024, as dive (go-humanize)
 * reads them, so a limit copied from a .dive-ci means the same here.
 */

const UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
};

export const BYTE_SIZE_HELP = 'a number of bytes or a size such as "500MB" (1000-based) or "1.2GiB" (1024-based)';

/** Bytes from a number or a string like `500MB`, `1.2 GiB`, `20000`; undefined when unreadable. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1 : UNITS[unit];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}

export const FRACTION_HELP = 'a number from 0 to 1, or a percentage such as "10%"';

/** A ratio 0..1 from a number or `"10%"`; undefined when unreadable or out of range. */
export function parseFraction(value: unknown): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
    if (m) n = Number(m[1]) / (m[2] ? 100 : 1);
  }
  if (n === undefined || !Number.isFinite(n) || n < 0 || n > 1) return undefined;
  return n;
}
