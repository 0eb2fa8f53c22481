/**
 * What the rule runners need to know from the configuration: each rule's level and options,
 * the shared settings, and whether inline ignores count. src/config builds it from files;
 * tests and library users can build it directly.
 */
import type { LevelSetting } from './finding.js';
import type { RuleMeta, SharedSettings } from './rule.js';

export type PresetName = 'recommended' | 'strict';

export interface RuleConfigView {
  levelOf(meta: RuleMeta): LevelSetting;
  optionsOf(meta: RuleMeta): Record<string, unknown>;
  readonly shared: SharedSettings;
  /** False with `--no-inline-ignores`: suppression comments are then reported, not honoured. */
  readonly inlineIgnores: boolean;
}

export function presetLevel(meta: RuleMeta, preset: PresetName): LevelSetting {
  return preset === 'strict' ? (meta.strictLevel ?? meta.defaultLevel) : meta.defaultLevel;
}

export function defaultOptions(meta: RuleMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(meta.options ?? {})) out[key] = spec.default;
  return out;
}

export interface ViewOverrides {
  preset?: PresetName;
  levels?: Record<string, LevelSetting>;
  options?: Record<string, Record<string, unknown>>;
  shared?: Partial<SharedSettings>;
  inlineIgnores?: boolean;
}

/** A view from a preset with optional per-rule overrides keyed by rule id. */
export function presetView(overrides: ViewOverrides = {}): RuleConfigView {
  const preset = overrides.preset ?? 'recommended';
  return {
    levelOf: (meta) => overrides.levels?.[meta.id] ?? presetLevel(meta, preset),
    optionsOf: (meta) => ({ ...defaultOptions(meta), ...(overrides.options?.[meta.id] ?? {}) }),
    shared: { trustedRegistries: [], ...overrides.shared },
    inlineIgnores: overrides.inlineIgnores ?? true,
  };
}
