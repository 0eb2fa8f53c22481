import { describe, expect, it } from 'vitest';
import { ConfigFileError, parseHadolintConfig } from '../../src/config/index.js';
import { parseOverrides, resolveConfig } from '../../src/config/resolve.js';
import { resolveRuleKey } from '../../src/rules/registry.js';

const FILE = '/repo/.hadolint.yaml';
const noFlags = parseOverrides({});
const levelOf = (text: string, key: string) => {
  const config = resolveConfig(parseHadolintConfig(text, FILE, '.hadolint.yaml'), noFlags, '/repo');
  return resolveRuleKey(key).map((m) => config.view.levelOf(m));
};

describe('.hadolint.yaml read in place of a plimsoll config', () => {
  it('ignored: turns off every rule the DL code names', () => {
    expect(levelOf('ignored: [DL3000, DL4006]\n', 'DL3000')).toEqual(['off']);
    expect(levelOf('ignored: [DL3000, DL4006]\n', 'DF041')).toEqual(['off']);
  });

  it('override: error, warning, and info and style as note', () => {
    const text = 'override:\n  error: [DL4006]\n  info: [DL3000]\n';
    expect(levelOf(text, 'DF041')).toEqual(['error']);
    expect(levelOf(text, 'DF001')).toEqual(['note']);
    expect(levelOf('override:\n  style: [DL3000]\n', 'DF001')).toEqual(['note']);
    expect(levelOf('override:\n  warning: [DL3000]\n', 'DF001')).toEqual(['warning']);
  });

  it('ignored wins over override, as in hadolint', () => {
    expect(levelOf('override:\n  error: [DL3000]\nignored: [DL3000]\n', 'DF001')).toEqual(['off']);
  });

  it.each([
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'note'],
    ['style', 'note'],
    ['ignore', 'note'],
    ['none', 'note'],
  ])('failure-threshold: %s is failOn %s', (threshold, failOn) => {
    expect(parseHadolintConfig(`failure-threshold: ${threshold}\n`, FILE).failOn).toBe(failOn);
  });

  it('no-fail: true never fails on findings', () => {
    expect(parseHadolintConfig('no-fail: true\nfailure-threshold: error\n', FILE).failOn).toBe('none');
  });

  it('trustedRegistries (a string or a list) and disable-ignore-pragma', () => {
    const layer = parseHadolintConfig('trustedRegistries: docker.io\ndisable-ignore-pragma: true\n', FILE);
    expect(layer.trustedRegistries).toEqual(['docker.io']);
    expect(layer.inlineIgnores).toBe(false);
    expect(parseHadolintConfig('trustedRegistries: [a.io, "*.gcr.io"]\n', FILE).trustedRegistries).toEqual(['a.io', '*.gcr.io']);
  });

  it('ShellCheck codes are skipped quietly; DL codes with no plimsoll rule get one note', () => {
    const layer = parseHadolintConfig('ignored: [SC2086, DL3000, DL9998, DL9999]\n', FILE, '.hadolint.yaml');
    expect(layer.rules.map((r) => r.key)).toEqual(['DL3000']);
    expect(layer.notes).toEqual(['.hadolint.yaml: no plimsoll rule checks DL9998, DL9999; they are skipped']);
  });

  it('unknown keys are ignored, as hadolint does; keys plimsoll cannot honour get a note with their line', () => {
    const layer = parseHadolintConfig('format: json\nno-color: true\nverbose: true\nsomething-new: 1\nlabel-schema:\n  author: text\nstrict-labels: true\n', FILE, '.hadolint.yaml');
    expect(layer.notes).toEqual([
      expect.stringMatching(/^\.hadolint\.yaml:5:1: label-schema is not honoured/),
      expect.stringMatching(/^\.hadolint\.yaml:7:1: strict-labels is not honoured/),
    ]);
  });

  it('wrong types of known keys are errors naming line and column, and say why the file was read', () => {
    let err: unknown;
    try {
      parseHadolintConfig('ignored: { DL3000: true }\nfailure-threshold: fatal\n', FILE, '.hadolint.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigFileError);
    expect((err as Error).message.split('\n')).toEqual([
      '.hadolint.yaml:1:1: ignored: expected a list of strings (or a single one), got a mapping',
      '.hadolint.yaml:2:1: failure-threshold: "fatal" is not allowed; expected one of "error", "warning", "info", "style", "ignore", "none"',
      '(plimsoll read this .hadolint.yaml because no .plimsoll.yaml was found; see docs/config.md)',
    ]);
  });
});
