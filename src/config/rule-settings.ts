/**
 * Rule settings as written in config files and on the command line: a rule key (id, name or
 * alias) with a level and options. An alias such as DL3008 applies to every rule it names.
 */
import { isMap, isPair, isScalar, type Node } from 'yaml';
import { isLevelSetting, type LevelSetting } from '../rules/finding.js';
import { allRuleMetas, resolveRuleKey } from '../rules/registry.js';
import type { OptionSpec, RuleMeta } from '../rules/rule.js';
import { closest, deref, describeNode, issue, isNullish, joinPath, whereOf, type ReadContext, type Schema, type Where } from './schema.js';

export interface RuleSetting {
  /** The key as written. */
  key: string;
  metas: readonly RuleMeta[];
  /** True for an id or a name, false for an alias (which is applied first, so exact keys win). */
  exact: boolean;
  level?: LevelSetting;
  options?: Record<string, unknown>;
}

export const LEVEL_WORDS = ['error', 'warning', 'note', 'off'] as const;

/** ShellCheck codes appear in hadolint configs and pragmas; plimsoll does not run ShellCheck. */
export function isShellCheckCode(key: string): boolean {
  return /^SC\d{4}$/i.test(key.trim());
}

/** The rules a key names, or why it names none. */
export function lookupRuleKey(key: string): { metas: RuleMeta[]; exact: boolean } | { error: string } {
  const metas = resolveRuleKey(key);
  if (metas.length > 0) {
    const k = key.trim().toLowerCase();
    const exact = metas.some((m) => m.id.toLowerCase() === k || m.name.toLowerCase() === k);
    return { metas, exact };
  }
  if (isShellCheckCode(key)) return { error: 'is a ShellCheck code; plimsoll does not run ShellCheck, so there is nothing to configure' };
  const known = allRuleMetas().flatMap((m) => [m.id, m.name, ...m.aliases]);
  const guess = closest(key, known);
  return { error: `unknown rule${guess ? ` (did you mean "${guess}"?)` : ''}; run \`plimsoll rules\` for the list` };
}

/** Checks one option value against its spec; returns an error message or the value. */
export function checkOption(spec: OptionSpec, value: unknown): { value: unknown } | { error: string } {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: 'expected true or false' };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: 'expected a number' };
      if (spec.min !== undefined && value < spec.min) return { error: `expected a number >= ${spec.min}` };
      if (spec.max !== undefined && value > spec.max) return { error: `expected a number <= ${spec.max}` };
      return { value };
    case 'string':
      if (typeof value !== 'string') return { error: spec.enum ? `expected one of ${spec.enum.join(', ')}` : 'expected a string' };
      if (spec.enum && !spec.enum.includes(value)) return { error: `"${value}" is not allowed; expected one of ${spec.enum.join(', ')}` };
      return { value };
    case 'string[]':
      if (typeof value === 'string') return { value: [value] };
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { error: 'expected a list of strings' };
      return { value };
  }
}

/** The `rules:` mapping of .plimsoll.yaml. */
export const rulesSchema: Schema = {
  type: 'custom',
  description: 'rule levels and options, keyed by rule id, name or hadolint alias',
  jsonSchema: {
    type: 'object',
    additionalProperties: {
      anyOf: [
        { type: 'string', enum: [...LEVEL_WORDS] },
        {
          type: 'object',
          properties: {
            level: { type: 'string', enum: [...LEVEL_WORDS] },
            options: { type: 'object' },
          },
          additionalProperties: false,
        },
      ],
    },
  },
  read: (node, path, at, ctx) => readRules(node, path, at, ctx),
};

function readRules(node: Node, path: string, at: Where, ctx: ReadContext): RuleSetting[] | undefined {
  if (!isMap(node)) return issue(ctx, at, path, `expected a mapping of rule → level, got ${describeNode(node)}`);
  const out: RuleSetting[] = [];
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = deref(pair.key, ctx);
    const keyAt = whereOf(keyNode, ctx);
    if (!isScalar(keyNode) || keyNode.value === null) {
      issue(ctx, keyAt, path, 'a rule key must be a rule id, name or alias');
      continue;
    }
    const key = String(keyNode.value);
    const keyPath = joinPath(path, key);
    const found = lookupRuleKey(key);
    if ('error' in found) {
      issue(ctx, keyAt, keyPath, found.error);
      continue;
    }
    const setting = readRuleValue(deref(pair.value, ctx), found.metas, keyPath, keyAt, ctx);
    if (setting) out.push({ key, metas: found.metas, exact: found.exact, ...setting });
  }
  return out;
}

function readRuleValue(
  node: Node | null,
  metas: readonly RuleMeta[],
  path: string,
  at: Where,
  ctx: ReadContext,
): Pick<RuleSetting, 'level' | 'options'> | undefined {
  const levelHelp = `expected a level (${LEVEL_WORDS.join(', ')}) or { level, options }`;
  if (isNullish(node)) return issue(ctx, at, path, `no value; ${levelHelp}`);
  if (isScalar(node)) {
    if (!isLevelSetting(node.value)) {
      return issue(ctx, at, path, `bad level ${describeNode(node).replace(/^the (string|number|boolean) /, '')}; ${levelHelp}`);
    }
    return { level: node.value };
  }
  if (!isMap(node)) return issue(ctx, at, path, `${levelHelp}, got ${describeNode(node)}`);
  const out: Pick<RuleSetting, 'level' | 'options'> = {};
  let ok = true;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = deref(pair.key, ctx);
    const keyAt = whereOf(keyNode, ctx);
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = deref(pair.value, ctx);
    if (key === 'level') {
      if (!isScalar(value) || !isLevelSetting(value.value)) {
        issue(ctx, keyAt, `${path}.level`, `bad level ${describeNode(value).replace(/^the (string|number|boolean) /, '')}; expected ${LEVEL_WORDS.join(', ')}`);
        ok = false;
      } else out.level = value.value;
    } else if (key === 'options') {
      const options = readOptions(value, metas, `${path}.options`, keyAt, ctx);
      if (options) out.options = options;
      else ok = false;
    } else {
      issue(ctx, keyAt, joinPath(path, key), 'unknown key; expected level or options');
      ok = false;
    }
  }
  return ok ? out : undefined;
}

function readOptions(node: Node | null, metas: readonly RuleMeta[], path: string, at: Where, ctx: ReadContext): Record<string, unknown> | undefined {
  if (isNullish(node)) return {};
  if (!isMap(node)) return issue(ctx, at, path, `expected a mapping of option → value, got ${describeNode(node)}`);
  const specs = new Map<string, OptionSpec>();
  for (const m of metas) for (const [k, s] of Object.entries(m.options ?? {})) if (!specs.has(k)) specs.set(k, s);
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = deref(pair.key, ctx);
    const keyAt = whereOf(keyNode, ctx);
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const spec = specs.get(key);
    const name = metas.map((m) => m.id).join(', ');
    if (!spec) {
      const known = [...specs.keys()];
      issue(
        ctx,
        keyAt,
        joinPath(path, key),
        known.length === 0
          ? `unknown option; ${name} has no options`
          : `unknown option${closest(key, known) ? ` (did you mean "${closest(key, known)}"?)` : ''}; ${name} accepts ${known.join(', ')}`,
      );
      ok = false;
      continue;
    }
    const value = deref(pair.value, ctx);
    const js = value ? value.toJSON() : null;
    const checked = checkOption(spec, js);
    if ('error' in checked) {
      issue(ctx, keyAt, joinPath(path, key), `${checked.error}, got ${describeNode(value)}`);
      ok = false;
    } else out[key] = checked.value;
  }
  return ok ? out : undefined;
}
