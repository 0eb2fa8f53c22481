/**
 * Suppression comments in Dockerfiles:
 *   # plimsoll ignore=DF007,apt-get-unpinned -- reason    the next instruction
 *   # plimsoll stage ignore=DF002 -- reason                the stage whose FROM comes next
 *   # plimsoll global ignore=DF030                         the whole file
 * and hadolint's `# hadolint [global|stage] ignore=DL3008` through the rules' aliases.
 * Suppressed findings are kept and marked, never dropped: SARIF reports them as suppressions.
 */
import type { Comment, Dockerfile } from '../dockerfile/model.js';
import type { Finding, Suppression } from './finding.js';
import type { RuleMeta } from './rule.js';

export type PragmaScope = 'next' | 'stage' | 'global';

export interface Pragma {
  tool: 'plimsoll' | 'hadolint';
  scope: PragmaScope;
  /** The keys as written (ids, names or aliases). */
  keys: string[];
  justification?: string;
  comment: Comment;
}

const PRAGMA_RE = /^(plimsoll|hadolint)\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*)$/i;

export function parsePragma(comment: Comment): Pragma | undefined {
  const m = PRAGMA_RE.exec(comment.text);
  if (!m) return undefined;
  let rest = m[3];
  let justification: string | undefined;
  const sep = /\s+--\s*|\s*#\s*/.exec(rest);
  if (sep) {
    justification = rest.slice(sep.index + sep[0].length).trim() || undefined;
    rest = rest.slice(0, sep.index);
  }
  const keys = rest
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return undefined;
  return {
    tool: m[1].toLowerCase() as Pragma['tool'],
    scope: (m[2]?.toLowerCase() as 'global' | 'stage' | undefined) ?? 'next',
    keys,
    justification,
    comment,
  };
}

export function pragmasOf(df: Dockerfile): Pragma[] {
  return df.comments.map(parsePragma).filter((p): p is Pragma => p !== undefined);
}

function names(meta: RuleMeta): Set<string> {
  return new Set([meta.id, meta.name, ...meta.aliases].map((k) => k.toLowerCase()));
}

/**
 * Marks the findings of one Dockerfile that its pragmas suppress. Returns the pragmas, so a
 * caller can report unknown keys.
 */
export function applyPragmas(df: Dockerfile, findings: Finding[], metaOf: (ruleId: string) => RuleMeta | undefined): Pragma[] {
  const pragmas = pragmasOf(df);
  if (pragmas.length === 0) return pragmas;
  const instructionStarts = df.instructions.map((i) => i.range.start.line);
  for (const f of findings) {
    if (f.suppressed || f.location.kind !== 'file') continue;
    const meta = metaOf(f.ruleId);
    if (!meta) continue;
    const keys = names(meta);
    const line = f.location.range.start.line;
    const instr = df.instructions.find((i) => line >= i.range.start.line && line <= i.range.end.line);
    const stage = stageOfLine(df, line);
    for (const p of pragmas) {
      if (!p.keys.some((k) => keys.has(k.toLowerCase()))) continue;
      let applies = false;
      if (p.scope === 'global') applies = true;
      else if (p.scope === 'next') applies = instr !== undefined && nextInstructionLine(instructionStarts, p.comment.line) === instr.range.start.line;
      else applies = stage !== undefined && nextInstructionLine(instructionStarts, p.comment.line) === df.stages[stage].from.range.start.line;
      if (applies) {
        f.suppressed = suppression(p);
        break;
      }
    }
  }
  return pragmas;
}

function suppression(p: Pragma): Suppression {
  const kind = p.scope === 'next' ? 'inline' : p.scope === 'stage' ? 'stage' : 'file';
  return { kind, justification: p.justification ?? `# ${p.comment.text}` };
}

function nextInstructionLine(starts: number[], commentLine: number): number | undefined {
  return starts.find((s) => s > commentLine);
}

function stageOfLine(df: Dockerfile, line: number): number | undefined {
  let found: number | undefined;
  for (const s of df.stages) if (s.from.range.start.line <= line) found = s.index;
  return found;
}
