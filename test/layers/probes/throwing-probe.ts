/** A probe that throws: the walk must go on and say so in the entry's hits. */
export const name = 'throws';
export const maxBytes = 16;
export function wants(): boolean {
  return true;
}
export function inspect(): never {
  throw new Error('boom');
}
