/**
 * `plimsoll rules [ID]`: lists every rule, or prints one rule's documentation page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { UsageError } from '../rules/finding.js';
import { ruleDocUrl, type RuleMeta } from '../rules/rule.js';
import { allRuleMetas, resolveRuleKey } from '../rules/registry.js';
import { PACKAGE_ROOT } from '../version.js';

export interface RulesOptions {
  id?: string;
  format: 'table' | 'json' | string;
}

export function runRules(opts: RulesOptions): string {
  if (opts.id) {
    const metas = resolveRuleKey(opts.id);
    if (metas.length === 0) throw new UsageError(`no rule is named "${opts.id}"; run \`plimsoll rules\` for the list`);
    if (opts.format === 'json') return `${JSON.stringify(metas.map(describeRule), null, 2)}\n`;
    return metas.map((m) => ruleDoc(m)).join('\n---\n\n');
  }
  const metas = allRuleMetas();
  if (opts.format === 'json') return `${JSON.stringify(metas.map(describeRule), null, 2)}\n`;
  if (opts.format !== 'table') throw new UsageError(`unknown --format "${opts.format}" for rules; expected table or json`);
  const table = new Table({ head: ['id', 'name', 'level', 'aliases', 'description'], style: { head: [], border: [] }, wordWrap: true, colWidths: [7, 34, 9, 16, 60] });
  for (const m of metas) table.push([m.id, m.name, m.defaultLevel, m.aliases.join(' '), m.shortDescription]);
  return `${table.toString()}\n${metas.length} rules\n`;
}

function describeRule(m: RuleMeta) {
  return { ...m, helpUri: ruleDocUrl(m) };
}

/** The rule's rules-docs page, shipped in the package. */
export function ruleDoc(m: RuleMeta): string {
  const path = join(PACKAGE_ROOT, 'rules-docs', `${m.id}-${m.name}.md`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  return `# ${m.id} ${m.name}\n\n${m.fullDescription}\n`;
}
