import type { Position, Range } from '../finding.js';
import { sliceText } from '../../dockerfile/parse.js';
import { defineDockerfileRule } from './types.js';
import { instructionsWithTriggers } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'DF027',
    name: 'env-self-reference',
    aliases: ['DL3044'],
    family: 'DF',
    shortDescription: 'An ENV value refers to a variable set in the same ENV',
    fullDescription:
      'All values of one ENV instruction are expanded before any of its variables is set, so in `ENV A=1 B=$A` the value of B is the A from before the instruction (usually empty), not 1. Split the ENV in two.',
    defaultLevel: 'error',
    tags: ['correctness'],
    precision: 'very-high',
    messages: {
      sibling: '"${{name}}" in the value of {{target}} is expanded before this ENV sets {{name}}, so it does not see the new value; set {{name}} in an earlier ENV',
    },
  },
  check(df, ctx) {
    for (const instr of instructionsWithTriggers(df)) {
      const props = instr.properties;
      if (instr.keyword !== 'ENV' || !props || props.length < 2) continue;
      props.forEach((prop, index) => {
        if (!prop.valueRange) return;
        const raw = sliceText(df.lines, prop.valueRange);
        const seen = new Set<string>();
        for (const ref of variableReferences(raw, prop.valueRange.start, df.escapeChar)) {
          // Its own name counts only when an earlier pair of this ENV set it (`PATH=/a:$PATH PATH=/b:$PATH`).
          const siblings = props.filter((p, i) => (ref.name === prop.name ? i < index : i !== index) && p.name === ref.name);
          if (seen.has(ref.name) || siblings.length === 0) continue;
          // A variable also set before this ENV (or by an ARG) expands to that earlier value, and
          // its own old value (`PATH=/x:$PATH`) is what the author wants: hadolint leaves both
          // alone. Not `ENV PATH=/a:$PATH PATH=/b:$PATH`, which loses /a.
          if (ref.name !== prop.name && instr.vars.has(ref.name)) continue;
          seen.add(ref.name);
          ctx.report({ messageId: 'sibling', data: { name: ref.name, target: prop.name }, range: ref.range, fingerprintKey: `${prop.name}\u0000${ref.name}` });
        }
      });
    }
  },
});

/**
 * `$NAME` and `${NAME...}` references in an ENV value as BuildKit expands them: not inside
 * single quotes, not after the escape character.
 */
function variableReferences(raw: string, start: Position, escapeChar: string): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  let line = start.line;
  let column = start.column;
  let inSingle = false;
  let inDouble = false;
  const advance = (ch: string) => {
    if (ch === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === escapeChar && !inSingle) {
      advance(ch);
      if (i + 1 < raw.length) advance(raw[++i]);
      continue;
    }
    if (ch === "'" && !inDouble) inSingle = !inSingle;
    else if (ch === '"' && !inSingle) inDouble = !inDouble;
    else if (ch === '$' && !inSingle) {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(raw.slice(i));
      if (m && !m[0].includes('\n')) {
        const name = m[1] ?? m[2];
        out.push({ name, range: { start: { line, column }, end: { line, column: column + m[0].length } } });
        for (let k = 0; k < m[0].length - 1; k++) advance(raw[++i]);
      }
    }
    advance(ch);
  }
  return out;
}
