import { describe, expect, it } from 'vitest';
import { parsePlimsollConfig } from '../../src/config/index.js';
import { parseOverrides, resolveConfig, type CliOverrides } from '../../src/config/resolve.js';
import { presetLevel } from '../../src/rules/config-view.js';
import { allRuleMetas, resolveRuleKey } from '../../src/rules/registry.js';

const meta = (key: string) => resolveRuleKey(key)[0];
function resolved(text: string | undefined, flags: CliOverrides = {}) {
  const layer = text === undefined ? undefined : parsePlimsollConfig(text, '/repo/.plimsoll.yaml');
  return resolveConfig(layer, parseOverrides(flags), '/repo');
}

describe('preset < config file < command line', () => {
  it('no config: the recommended preset, failOn warning, inline ignores on', () => {
    const c = resolved(undefined);
    expect(c.view.levelOf(meta('DF001'))).toBe(meta('DF001').defaultLevel);
    expect(c.failOn).toBe('warning');
    expect(c.view.inlineIgnores).toBe(true);
    expect(c.preset).toBe('recommended');
    expect(c.image).toEqual({});
  });

  it('the file overrides the preset; flags override the file', () => {
    expect(resolved('rules: { DF001: note }').view.levelOf(meta('DF001'))).toBe('note');
    expect(resolved('rules: { DF001: note }', { rules: ['DF001=error'] }).view.levelOf(meta('DF001'))).toBe('error');
    expect(resolved('rules: { DF001: note }', { ignore: ['DF001'] }).view.levelOf(meta('DF001'))).toBe('off');
    expect(resolved('failOn: note', { failOn: 'error' }).failOn).toBe('error');
    expect(resolved('failOn: note').failOn).toBe('note');
    expect(resolved('inlineIgnores: true', { noInlineIgnores: true }).view.inlineIgnores).toBe(false);
  });

  it('--ignore wins over --rule for the same rule; later --rule wins over earlier', () => {
    expect(resolved(undefined, { rules: ['DF001=error'], ignore: ['workdir-relative'] }).view.levelOf(meta('DF001'))).toBe('off');
    expect(resolved(undefined, { rules: ['DF001=error', 'DL3000=note'] }).view.levelOf(meta('DF001'))).toBe('note');
    expect(resolved(undefined, { ignore: ['DF001,DF041'] }).view.levelOf(meta('DF041'))).toBe('off');
  });

  it('an id or name in the file wins over an alias, whatever the order', () => {
    expect(resolved('rules:\n  DF001: error\n  DL3000: off\n').view.levelOf(meta('DF001'))).toBe('error');
    expect(resolved('rules:\n  workdir-relative: note\n  DL3000: off\n').view.levelOf(meta('DF001'))).toBe('note');
  });

  it('trusted registries: the file, then --trusted-registry added', () => {
    expect(resolved('trustedRegistries: [docker.io]', { trustedRegistries: ['ghcr.io'] }).view.shared.trustedRegistries).toEqual(['docker.io', 'ghcr.io']);
  });

  it('extends: the last preset wins; --preset replaces extends', () => {
    expect(resolved('extends: [strict, recommended]').preset).toBe('recommended');
    expect(resolved('extends: strict').preset).toBe('strict');
    expect(resolved('extends: strict', { preset: 'recommended' }).preset).toBe('recommended');
  });

  const differs = allRuleMetas().find((m) => m.strictLevel !== undefined && m.strictLevel !== m.defaultLevel);
  it.skipIf(!differs)('the strict preset changes the levels of rules that declare a strictLevel, and the file still wins over it', () => {
    const m = differs!;
    expect(resolved('extends: strict').view.levelOf(m)).toBe(presetLevel(m, 'strict'));
    expect(resolved(undefined, { preset: 'strict' }).view.levelOf(m)).toBe(presetLevel(m, 'strict'));
    expect(resolved(`extends: strict\nrules: { ${m.id}: off }`).view.levelOf(m)).toBe('off');
  });
  if (!differs) console.warn('no rule declares a strictLevel yet: the strict preset is only checked by name');

  it('bad flags are usage errors that say what is allowed', () => {
    expect(() => parseOverrides({ rules: ['DF001'] })).toThrow('--rule "DF001": expected RULE=LEVEL, e.g. --rule DF007=error');
    expect(() => parseOverrides({ rules: ['DF001=loud'] })).toThrow('--rule DF001=loud: bad level "loud"; expected error, warning, note, off');
    expect(() => parseOverrides({ rules: ['DF999=off'] })).toThrow(/--rule DF999=off: DF999: unknown rule/);
    expect(() => parseOverrides({ ignore: ['nope'] })).toThrow(/--ignore nope: unknown rule/);
    expect(() => parseOverrides({ preset: 'lenient' })).toThrow('--preset "lenient": expected recommended or strict');
    expect(() => parseOverrides({ failOn: 'fatal' })).toThrow('--fail-on "fatal": expected error, warning, note, none');
  });

  it('ShellCheck codes on the command line are a note, not an error (hadolint habits)', () => {
    expect(parseOverrides({ ignore: ['SC2086'] }).notes).toEqual(['--ignore SC2086: plimsoll does not run ShellCheck; ignored']);
  });

  it('rule options from the file reach the rule view, over the defaults', () => {
    const m = allRuleMetas().find((x) => Object.keys(x.options ?? {}).length > 0);
    if (!m) return;
    const [name, spec] = Object.entries(m.options!)[0];
    const value = spec.type === 'boolean' ? !spec.default : spec.type === 'number' ? (spec.max ?? (spec.default as number) + 1) : spec.type === 'string' ? (spec.enum?.find((e) => e !== spec.default) ?? 'other') : ['x'];
    const c = resolved(`rules:\n  ${m.id}:\n    options:\n      ${name}: ${JSON.stringify(value)}\n`);
    expect(c.view.optionsOf(m)[name]).toEqual(value);
  });
});
