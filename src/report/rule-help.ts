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

/** Help as plain text: the page with its Markdown markup taken off, and the link. */
export function ruleHelpText(meta: RuleMeta): string {
  const page = ruleDocPage(meta);
  const text = page ? markdownToText(page) : `${meta.id} ${meta.name}\n\n${meta.fullDescription}`;
  return `${text}\n\nDocumentation: ${ruleDocUrl(meta)}\n`;
}

/** Enough of Markdown to read as text: no heading marks, fences, emphasis or link syntax. */
export function markdownToText(md: string): string {
  const out: string[] = [];
  let inCode = false;
  for (const line of md.split('\n')) {
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    // Code keeps its text (a `# plimsoll ignore=` comment is not a heading), indented.
    if (inCode) out.push(`    ${line}`);
    else out.push(line.replace(/^#{1,6}\s+/, '').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'));
  }
  return out.join('\n').trim();
}
