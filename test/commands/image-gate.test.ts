import { describe, expect, it } from 'vitest';
import { evaluateGate, mergeGates, parseDiveCi, parseGateFlags, parseHumanizeBytes } from '../../src/commands/image-gate.js';
import type { ImageAnalysis } from '../../src/layers/analysis.js';

describe("dive's byte sizes (go-humanize ParseBytes)", () => {
  const cases: Array<[string, number | undefined]> = [
    ['20MB', 20_000_000],
    ['20Mb', 20_000_000],
    ['20mb', 20_000_000],
    ['20 MB', 20_000_000],
    ['1KiB', 1024],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['1,000,000', 1_000_000],
    ['42', 42],
    ['42b', 42],
    ['2k', 2000],
    ['1e', 1e18],
    ['0.5kb', 500],
    ['1.0001kb', 1000],
    ['MB', undefined],
    [' 20MB', undefined],
    ['20 parsecs', undefined],
    ['-1MB', undefined],
  ];
  for (const [text, want] of cases) it(`"${text}" -> ${want}`, () => expect(parseHumanizeBytes(text)).toBe(want));
});

describe('.dive-ci', () => {
  it("reads dive's camelCase rules", () => {
    expect(parseDiveCi('rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20Mb\n  highestUserWastedPercent: 0.5\n', '.dive-ci')).toEqual({
      gate: { minEfficiency: 0.95, maxWastedBytes: 20_000_000, maxWastedPercent: 0.5 },
      notes: [],
    });
  });

  it("fills what is left out with dive's defaults, and turns rules off with its words", () => {
    expect(parseDiveCi('rules: {}\n', 'x').gate).toEqual({ minEfficiency: 0.9, maxWastedPercent: 0.1 });
    expect(parseDiveCi('', 'x').gate).toEqual({ minEfficiency: 0.9, maxWastedPercent: 0.1 });
    for (const off of ['disabled', 'off', 'false', '""', 'Disabled']) {
      expect(parseDiveCi(`rules:\n  lowestEfficiency: ${off}\n  highestUserWastedPercent: ${off}\n`, 'x').gate).toEqual({});
    }
  });

  it('notes unknown keys (dive ignores them silently, e.g. its own lowest-efficiency-threshold)', () => {
    const r = parseDiveCi('rules:\n  lowest-efficiency-threshold: 0.99\n', '.dive-ci');
    expect(r.gate).toEqual({ minEfficiency: 0.9, maxWastedPercent: 0.1 });
    expect(r.notes[0]).toContain('rules.lowest-efficiency-threshold is not a dive rule; ignored');
  });

  it('bad values are errors naming the file and key', () => {
    expect(() => parseDiveCi('rules:\n  lowestEfficiency: 95%\n', 'ci/.dive-ci')).toThrow('ci/.dive-ci: rules.lowestEfficiency: "95%" is not a number');
    expect(() => parseDiveCi('rules:\n  highestUserWastedPercent: -0.1\n', 'x')).toThrow('outside the allowed range 0 to 1');
    expect(() => parseDiveCi('rules: [\n', 'x')).toThrow('x: not valid YAML');
  });
});

describe('gate', () => {
  const analysis = {
    dive: { efficiency: 0.9, sizeBytes: 1000, wastedBytes: 100, userWastedPercent: null },
    reclaimable: { totalBytes: 50 },
  } as unknown as ImageAnalysis;

  it('flags win over the config, which wins over .dive-ci, key by key', () => {
    expect(mergeGates({ minEfficiency: 0.9, maxWastedBytes: 5 }, { maxWastedBytes: 6 }, parseGateFlags({ minEfficiency: '95%' }))).toEqual({ minEfficiency: 0.95, maxWastedBytes: 6 });
  });

  it('compares strictly as dive does, and never fails on an undefined user wasted percent', () => {
    const g = evaluateGate({ minEfficiency: 0.9, maxSize: 1000, maxWastedPercent: 0, maxReclaimableBytes: 49 }, analysis)!;
    expect(g.checks.map((c) => [c.name, c.passed])).toEqual([
      ['max-size', true],
      ['min-efficiency', true],
      ['max-wasted-percent', true],
      ['max-reclaimable-bytes', false],
    ]);
    expect(g.passed).toBe(false);
    expect(g.checks[3].message).toBe('over the limit by 1 B');
  });

  it('no limits, no gate', () => {
    expect(evaluateGate({}, analysis)).toBeUndefined();
  });

  it('rejects bad flag values', () => {
    expect(() => parseGateFlags({ maxSize: 'big' })).toThrow('--max-size "big"');
    expect(() => parseGateFlags({ maxWastedPercent: '150%' })).toThrow('--max-wasted-percent "150%"');
  });
});
