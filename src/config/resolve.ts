/**
 * Merging: preset < config file < command-line flags.
 */
import { presetView, type PresetName } from '../rules/config-view.js';
import { isLevelSetting, UsageError, type Level, type LevelSetting } from '../rules/finding.js';
import type { ConfigLayer } from './layer.js';
import { PRESETS, FAIL_ON_WORDS } from './layer.js';
import { isShellCheckCode, LEVEL_WORDS, lookupRuleKey, type RuleSetting } from './rule-settings.js';
import type { ResolvedConfig } from './types.js';

/** What the command line adds on top of the config file. */
export interface CliOverrides {
  /** `--preset`: replaces the file's `extends`. */
  preset?: string;
  /** `--rule KEY=LEVEL`, repeatable, later wins. */
  rules?: readonly string[];
  /** `--ignore KEY`, repeatable: turns the rules off (after --rule). */
  ignore?: readonly string[];
  /** `--trusted-registry HOST`, added to the file's list (as hadolint concatenates lists). */
  trustedRegistries?: readonly string[];
  /** `--fail-on`. */
  failOn?: string;
  /** `--no-inline-ignores`. */
  noInlineIgnores?: boolean;
}

export interface ParsedOverrides {
  preset?: PresetName;
  rules: RuleSetting[];
  trustedRegistries: string[];
  failOn?: Level | 'none';
  noInlineIgnores: boolean;
  notes: string[];
}

/** Checks the flags once; a bad one is a UsageError (exit 2). */
export function parseOverrides(o: CliOverrides): ParsedOverrides {
  const notes: string[] = [];
  if (o.preset !== undefined && !PRESETS.includes(o.preset as PresetName)) {
    throw new UsageError(`--preset "${o.preset}": expected ${PRESETS.join(' or ')}`);
  }
  if (o.failOn !== undefined && !(FAIL_ON_WORDS as readonly string[]).includes(o.failOn)) {
    throw new UsageError(`--fail-on "${o.failOn}": expected ${FAIL_ON_WORDS.join(', ')}`);
  }
  const rules: RuleSetting[] = [];
  for (const raw of o.rules ?? []) {
    const m = /^\s*([^=:\s]+)\s*[=:]\s*(\S+)\s*$/.exec(raw);
    if (!m) throw new UsageError(`--rule "${raw}": expected RULE=LEVEL, e.g. --rule DF007=error`);
    const [, key, level] = m;
    if (!isLevelSetting(level)) throw new UsageError(`--rule ${raw}: bad level "${level}"; expected ${LEVEL_WORDS.join(', ')}`);
    if (isShellCheckCode(key)) {
      notes.push(`--rule ${raw}: plimsoll does not run ShellCheck; ignored`);
      continue;
    }
    const found = lookupRuleKey(key);
    if ('error' in found) throw new UsageError(`--rule ${raw}: ${key}: ${found.error}`);
    rules.push({ key, metas: found.metas, exact: found.exact, level });
  }
  for (const key of o.ignore ?? []) {
    for (const one of key.split(',').map((k) => k.trim()).filter(Boolean)) {
      if (isShellCheckCode(one)) {
        notes.push(`--ignore ${one}: plimsoll does not run ShellCheck; ignored`);
        continue;
      }
      const found = lookupRuleKey(one);
      if ('error' in found) throw new UsageError(`--ignore ${one}: ${found.error}`);
      rules.push({ key: one, metas: found.metas, exact: found.exact, level: 'off' });
    }
  }
  return {
    preset: o.preset as PresetName | undefined,
    rules,
    trustedRegistries: [...(o.trustedRegistries ?? [])],
    failOn: o.failOn as Level | 'none' | undefined,
    noInlineIgnores: o.noInlineIgnores === true,
    notes,
  };
}

/** Levels and options by rule id from settings; aliases first so that ids and names win. */
function applySettings(settings: readonly RuleSetting[], levels: Record<string, LevelSetting>, options: Record<string, Record<string, unknown>>): void {
  const ordered = [...settings.filter((s) => !s.exact), ...settings.filter((s) => s.exact)];
  for (const s of ordered) {
    for (const meta of s.metas) {
      if (s.level !== undefined) levels[meta.id] = s.level;
      if (s.options) {
        const declared = meta.options ?? {};
        const own = Object.fromEntries(Object.entries(s.options).filter(([k]) => k in declared));
        options[meta.id] = { ...(options[meta.id] ?? {}), ...own };
      }
    }
  }
}

export function resolveConfig(layer: ConfigLayer | undefined, flags: ParsedOverrides, cwd: string): ResolvedConfig {
  const preset: PresetName = flags.preset ?? layer?.extends?.[layer.extends.length - 1] ?? 'recommended';
  const levels: Record<string, LevelSetting> = {};
  const options: Record<string, Record<string, unknown>> = {};
  applySettings(layer?.rules ?? [], levels, options);
  // Flags in the order given: --rule entries, then --ignore entries (parseOverrides keeps that order).
  for (const s of flags.rules) for (const meta of s.metas) if (s.level !== undefined) levels[meta.id] = s.level;
  const inlineIgnores = flags.noInlineIgnores ? false : (layer?.inlineIgnores ?? true);
  const trustedRegistries = [...(layer?.trustedRegistries ?? []), ...flags.trustedRegistries];
  return {
    source: layer?.file,
    sourceKind: layer?.kind,
    view: presetView({ preset, levels, options, shared: { trustedRegistries }, inlineIgnores }),
    failOn: flags.failOn ?? layer?.failOn ?? 'warning',
    ignorePaths: layer?.ignorePaths ?? [],
    baseDir: layer?.baseDir ?? cwd,
    image: layer?.image ?? {},
    preset,
    inlineIgnores,
    levels,
    options,
    notes: [...(layer?.notes ?? []), ...flags.notes],
  };
}
