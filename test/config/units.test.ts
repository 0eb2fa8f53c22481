import { describe, expect, it } from 'vitest';
import { parseByteSize, parseFraction } from '../../src/config/units.js';

describe('byte sizes (as dive reads them)', () => {
  it.each([
    [500, 500],
    ['500', 500],
    ['20MB', 20_000_000],
    ['20 MB', 20_000_000],
    ['20mb', 20_000_000],
    ['20M', 20_000_000],
    ['1.5GB', 1_500_000_000],
    ['1.2GiB', Math.round(1.2 * 1024 ** 3)],
    ['512KiB', 512 * 1024],
    ['512k', 512_000],
    ['1TB', 1e12],
    ['100B', 100],
  ])('%j is %d bytes', (input, bytes) => expect(parseByteSize(input)).toBe(bytes));
  it.each([['-1'], [-1], ['1.2.3MB'], ['12 parsecs'], ['MB'], [''], [true], [null], [Number.NaN]])('%j is not a size', (input) =>
    expect(parseByteSize(input)).toBeUndefined(),
  );
});

describe('fractions', () => {
  it.each([
    [0, 0],
    [1, 1],
    [0.95, 0.95],
    ['0.5', 0.5],
    ['10%', 0.1],
    ['100 %', 1],
  ])('%j is %d', (input, value) => expect(parseFraction(input)).toBeCloseTo(value, 10));
  it.each([[1.5], [-0.1], ['150%'], ['ten'], [null]])('%j is not a fraction', (input) => expect(parseFraction(input)).toBeUndefined());
});
