/**
 * Suppression comments in compose files:
 *   # plimsoll ignore=CO001,privileged -- reason    the key on the next line, and everything under it
 *   # plimsoll global ignore=CO014                   the whole file
 * A comment before a service's name covers the whole service; one before `<<: *defaults` or
 * `extends:` covers what they bring in; one inside an anchor covers every service using it.
 * Suppressed findings are kept and marked, never dropped.
 */
import type { ComposeComment, ComposeFile, ComposeNode, ComposeSource } from '../../compose/model.js';
import type { Finding, Suppression } from '../finding.js';
import type { RuleMeta } from '../rule.js';
import { parsePragma, type Pragma } from '../suppression.js';

interface SourcePragmas {
  /** Pragmas keyed by the line they apply to (the next line that is not blank or a comment). */
  byTarget: Map<number, Pragma[]>;
  global: Pragma[];
}

export class ComposeSuppressions {
  private readonly bySource = new Map<ComposeSource, SourcePragmas>();

  constructor(private readonly model: ComposeFile) {}

  private pragmasOf(source: ComposeSource): SourcePragmas {
    let found = this.bySource.get(source);
    if (found) return found;
    found = { byTarget: new Map(), global: [] };
    const commentLines = new Set(source.comments.map((c) => c.line));
    for (const comment of source.comments) {
      const p = parsePragma(comment as ComposeComment);
      if (!p) continue;
      if (p.scope === 'global') {
        found.global.push(p);
        continue;
      }
      if (p.scope !== 'next') continue;
      let target = comment.line + 1;
      while (target <= source.lines.length && (commentLines.has(target) || source.lines[target - 1].trim() === '')) target++;
      const list = found.byTarget.get(target) ?? [];
      list.push(p);
      found.byTarget.set(target, list);
    }
    this.bySource.set(source, found);
    return found;
  }

  /** Marks the finding suppressed when a pragma names its rule and covers its node. */
  apply(finding: Finding, meta: RuleMeta, node: ComposeNode, serviceNode?: ComposeNode): void {
    const keys = new Set([meta.id, meta.name, ...meta.aliases].map((k) => k.toLowerCase()));
    const names = (p: Pragma) => p.keys.some((k) => keys.has(k.toLowerCase()));
    for (const source of new Set([this.model.source, node.source])) {
      const p = this.pragmasOf(source).global.find(names);
      if (p) {
        finding.suppressed = suppression(p, 'file');
        return;
      }
    }
    for (const [source, line] of anchorLines(node, serviceNode)) {
      const p = this.pragmasOf(source).byTarget.get(line)?.find(names);
      if (p) {
        finding.suppressed = suppression(p, 'inline');
        return;
      }
    }
  }
}

/**
 * The lines a `next`-line pragma may sit above to cover a node: the node's own key and value,
 * every enclosing key, and every alias, merge key or `extends` that brought it in.
 */
function anchorLines(node: ComposeNode, serviceNode?: ComposeNode): [ComposeSource, number][] {
  const out: [ComposeSource, number][] = [];
  const seen = new Set<string>();
  const add = (source: ComposeSource, line: number) => {
    const k = `${source.path}\u0000${line}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push([source, line]);
  };
  const visit = (n: ComposeNode | undefined) => {
    for (let a = n; a; a = a.parent) {
      if (a.keyRange) add(a.source, a.keyRange.start.line);
      // A list item has no key: its `- ` line stands for it.
      else if (a === n || a.parent?.kind === 'seq') add(a.source, a.range.start.line);
      for (const v of a.via ?? []) add(v.source, v.range.start.line);
    }
  };
  add(node.source, node.range.start.line);
  visit(node);
  if (serviceNode) visit(serviceNode);
  return out;
}

function suppression(p: Pragma, kind: Suppression['kind']): Suppression {
  return { kind, justification: p.justification ?? `# ${p.comment.text}` };
}
