import type { Comment, Dockerfile } from '../../dockerfile/model.js';
import type { Range } from '../finding.js';
import { isKnownRuleKey } from '../rule-keys.js';
import { pragmasOf } from '../suppression.js';
import { defineDockerfileRule } from './types.js';

const SHELLCHECK = /^SC\d{4}$/i;
/** Looks like an attempt at `# plimsoll ignore=...` that the pragma syntax does not accept. */
const NEAR_MISS = /^plimsoll\s*[:-]?\s*(?:(?:global|stage)\s+)?(?:ignore|disable|noqa|skip)\b/i;

export default defineDockerfileRule({
  meta: {
    id: 'DF049',
    name: 'unknown-suppression',
    aliases: [],
    family: 'DF',
    shortDescription: 'A suppression comment should name rules that exist, in a form plimsoll reads',
    fullDescription:
      'A `# plimsoll ignore=` or `# hadolint ignore=` comment that names no known rule (a typo, a retired id) suppresses nothing, and a comment that is almost but not quite a suppression is silently ignored. Either way the finding the author meant to silence is still reported, or worse, the author believes a rule is silenced when the comment does nothing.',
    defaultLevel: 'note',
    tags: ['suppression', 'maintainability'],
    precision: 'very-high',
    messages: {
      unknownRule: 'No rule is named "{{key}}", so this suppression has no effect; run `plimsoll rules` for the list',
      shellcheck: '"{{key}}" is a ShellCheck code and plimsoll does not run ShellCheck; this suppression has no effect',
      malformed: 'This looks like a suppression but is not one; write "# plimsoll ignore=ID[,ID] -- reason"',
      stageMisplaced: 'A stage suppression applies to the stage whose FROM comes next, but the next instruction is {{keyword}}',
    },
  },
  check(df, ctx) {
    const parsed = new Set<Comment>();
    for (const p of pragmasOf(df)) {
      parsed.add(p.comment);
      for (const { key, range } of keyRanges(df, p.comment, p.keys)) {
        if (SHELLCHECK.test(key)) {
          if (p.tool === 'plimsoll') ctx.report({ messageId: 'shellcheck', data: { key }, range, fingerprintKey: key });
          continue;
        }
        if (isKnownRuleKey(key) === false) ctx.report({ messageId: 'unknownRule', data: { key }, range, fingerprintKey: key });
      }
      if (p.scope === 'stage') {
        const next = df.instructions.find((i) => i.range.start.line > p.comment.line);
        if (next && next.keyword !== 'FROM') ctx.report({ messageId: 'stageMisplaced', data: { keyword: next.keyword }, range: p.comment.range });
      }
    }
    for (const c of df.comments) {
      if (!parsed.has(c) && NEAR_MISS.test(c.text)) ctx.report({ messageId: 'malformed', range: c.range });
    }
  },
});

/** Where each key sits in the comment's line, so the finding points at the word. */
function keyRanges(df: Dockerfile, comment: Comment, keys: readonly string[]): { key: string; range: Range }[] {
  const line = df.lines[comment.line - 1] ?? '';
  let from = Math.max(line.indexOf('='), comment.range.start.column - 1);
  return keys.map((key) => {
    const at = line.indexOf(key, from);
    if (at < 0) return { key, range: comment.range };
    from = at + key.length;
    return { key, range: { start: { line: comment.line, column: at + 1 }, end: { line: comment.line, column: at + 1 + key.length } } };
  });
}
