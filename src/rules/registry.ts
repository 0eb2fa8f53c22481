/**
 * Every rule plimsoll has, and lookup by id, name or alias (case-insensitive), which is how
 * rules are named in config files, suppression comments and on the command line.
 */
import * as generated from './generated-index.js';
import type { RuleMeta } from './rule.js';
import { setRuleKeyLookup } from './rule-keys.js';
import type { DockerfileRule } from './dockerfile/types.js';

/** A rule of any family; each family's runner knows the shape of its own rules. */
export interface AnyRule {
  meta: RuleMeta;
}

export const dockerfileRules: readonly DockerfileRule[] = generated.dockerfileRules as readonly DockerfileRule[];
export const composeRules: readonly AnyRule[] = generated.composeRules as readonly AnyRule[];
export const imageRules: readonly AnyRule[] = generated.imageRules as readonly AnyRule[];
export const filesystemRules: readonly AnyRule[] = generated.filesystemRules as readonly AnyRule[];
export const sizeRules: readonly AnyRule[] = generated.sizeRules as readonly AnyRule[];

export const allRules: readonly AnyRule[] = [
  ...dockerfileRules,
  ...composeRules,
  ...imageRules,
  ...filesystemRules,
  ...sizeRules,
];

const byKey = new Map<string, RuleMeta[]>();
for (const rule of allRules) {
  for (const key of [rule.meta.id, rule.meta.name, ...rule.meta.aliases]) {
    const k = key.toLowerCase();
    const list = byKey.get(k) ?? [];
    if (!list.includes(rule.meta)) list.push(rule.meta);
    byKey.set(k, list);
  }
}

setRuleKeyLookup((key) => byKey.has(key.trim().toLowerCase()));

/** The rules a key names: one for an id or a name, possibly several for an alias. */
export function resolveRuleKey(key: string): RuleMeta[] {
  return byKey.get(key.trim().toLowerCase()) ?? [];
}

export function findRule(key: string): AnyRule | undefined {
  const meta = resolveRuleKey(key)[0];
  return meta && allRules.find((r) => r.meta === meta);
}

export function allRuleMetas(): RuleMeta[] {
  return allRules.map((r) => r.meta);
}
