/**
 * Masking: the only form in which a secret may appear in a message, a fact or a report.
 */

/**
 * `AKIA…(20 chars)`: at most the first 4 characters and the length. Short values show fewer
 * characters (a quarter of the length, rounded down), so a 6-character password shows 1 and a
 * 3-character one shows none. Control characters in the shown prefix become `?`.
 */
export function mask(value: string): string {
  const length = [...value].length;
  const shown = Math.min(4, Math.floor(length / 4));
  const prefix = [...value]
    .slice(0, shown)
    .join('')
    .replace(/[\u0000-\u001f\u007f]/g, '?');
  return `${prefix}…(${length} chars)`;
}
