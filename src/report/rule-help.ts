/**
 * A rule's documentation page (rules-docs/<ID>-<name>.md, shipped in the package), for the
 * reports that carry help text: SARIF's help.markdown, for one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocUrl, type RuleMeta } from '../rules/rule.js';
import { PACKAGE_ROOT } from '../version.js';

const cache = new Map<string, string | null>();

/** The page's Markdown, or undefined when the rule has no page. */
export function ruleDocPage(meta: Pick<RuleMeta, 'id' | 'name'>): string | undefined {
  const key = `${meta.id}-${meta.name}`;
  if (!cache.has(key)) {
    try {
      cache.set(key, readFileSync(join(PACKAGE_ROOT, 'rules-docs', `${key}.md`), 'utf8'));
    } catch {
      cache.set(key, null);
    }
  }
  return cache.get(key) ?? undefined;
}

/** Help in Markdown: the page (or the full description) and a link to the page online. */
export function ruleHelpMarkdown(meta: RuleMeta): string {
  const page = ruleDocPage(meta)?.trim() ?? `# ${meta.id} ${meta.name}\n\n${meta.fullDescription}`;
  return `${page}\n\n[${meta.id} ${meta.name} documentation](${ruleDocUrl(meta)})\n`;
}

/** Help as plain text: the description and the link (Markdown pages read fine as text too). */
export function ruleHelpText(meta: RuleMeta): string {
  const page = ruleDocPage(meta)?.trim() ?? `${meta.id} ${meta.name}\n\n${meta.fullDescription}`;
  return `${page}\n\nDocumentation: ${ruleDocUrl(meta)}\n`;
}
