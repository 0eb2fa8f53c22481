/**
 * `plimsoll rules [ID]`: lists every rule with its level (in a preset, or after a config file),
 * aliases and tags, or prints one rule's documentation page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { loadConfigFor } from '../config/index.js';
import { lookupRuleKey } from '../config/rule-settings.js';
import { presetLevel, presetView, type PresetName, type RuleConfigView } from '../rules/config-view.js';
import { UsageError } from '../rules/finding.js';
import { ruleDocUrl, type RuleMeta } from '../rules/rule.js';
import { allRuleMetas } from '../rules/registry.js';
import { PACKAGE_ROOT } from '../version.js';

export interface RulesOptions {
  id?: string;
  format: 'table' | 'json' | string;
  /** Show this preset's levels. */
  preset?: string;
  /** Show the levels after this config file. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function runRules(opts: RulesOptions): Promise<string> {
  if (opts.format !== 'table' && opts.format !== 'json') throw new UsageError(`unknown --format "${opts.format}" for rules; expected table or json`);
  const view = opts.preset || opts.configPath ? await viewFor(opts) : undefined;
  const levelOf = (m: RuleMeta) => (view ? view.levelOf(m) : m.defaultLevel);
  if (opts.id) {
    const found = lookupRuleKey(opts.id);
    if ('error' in found) throw new UsageError(`rules ${opts.id}: ${found.error}`);
    if (opts.format === 'json') return `${JSON.stringify(found.metas.map((m) => describeRule(m, levelOf(m))), null, 2)}\n`;
    return found.metas.map((m) => ruleDoc(m)).join('\n---\n\n');
  }
  const metas = allRuleMetas();
  if (opts.format === 'json') return `${JSON.stringify(metas.map((m) => describeRule(m, levelOf(m))), null, 2)}\n`;
  const table = new Table({
    head: ['id', 'name', 'level', 'aliases', 'tags', 'description'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
    colWidths: [7, 30, 18, 14, 20, 52],
  });
  for (const m of metas) {
    let level: string = levelOf(m);
    // Without a chosen view, say where the strict preset differs.
    if (!view && m.strictLevel && m.strictLevel !== m.defaultLevel) level += ` (strict: ${presetLevel(m, 'strict')})`;
    table.push([m.id, m.name, level, m.aliases.join(' '), m.tags.join(' '), m.shortDescription]);
  }
  const counts = new Map<string, number>();
  for (const m of metas) counts.set(levelOf(m), (counts.get(levelOf(m)) ?? 0) + 1);
  const summary = ['error', 'warning', 'note', 'off'].map((l) => `${counts.get(l) ?? 0} ${l}`).join(', ');
  const what = opts.configPath ? `after ${opts.configPath}` : opts.preset ? `in the ${opts.preset} preset` : 'in the recommended preset';
  return `${table.toString()}\n${metas.length} rules ${what}: ${summary}\nplimsoll rules ID prints a rule's documentation.\n`;
}

async function viewFor(opts: RulesOptions): Promise<RuleConfigView> {
  // Without --config, the preset alone: a config found by searching would be a surprise here.
  if (!opts.configPath) return presetView({ preset: opts.preset as PresetName | undefined });
  const config = await loadConfigFor(undefined, { cwd: opts.cwd ?? process.cwd(), configPath: opts.configPath, preset: opts.preset, env: opts.env });
  return config.view;
}

function describeRule(m: RuleMeta, level: string) {
  return { ...m, level, helpUri: ruleDocUrl(m) };
}

/** The rule's rules-docs page, shipped in the package. */
export function ruleDoc(m: RuleMeta): string {
  const path = join(PACKAGE_ROOT, 'rules-docs', `${m.id}-${m.name}.md`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  return `# ${m.id} ${m.name}\n\n${m.fullDescription}\n`;
}
