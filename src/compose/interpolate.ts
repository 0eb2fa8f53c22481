/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, nested defaults, and `$$` for a
 * literal `$`. Values come only from the variables given (the `.env` file beside the compose
 * file), never from the process environment, so a lint gives the same result on every machine.
 * A variable with no value is "unset": its default applies, and a value that needed it is
 * marked unresolved.
 */
import type { Interpolation, VariableRef } from './model.js';

export interface InterpolationResult extends Interpolation {
  value: string;
  /** Set for a malformed `${...}`; Compose refuses such a file. */
  error?: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** True when the text holds a variable reference (`$$` alone is an escape, not a reference). */
export function hasVariables(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '{' || (next !== undefined && NAME_START.test(next))) return true;
  }
  return false;
}

export function interpolate(text: string, vars: ReadonlyMap<string, string>): InterpolationResult {
  const out: InterpolationResult = { value: '', refs: [], unresolved: false, parts: [] };
  const push = (piece: string, ref?: VariableRef) => {
    if (piece === '' && !ref) return;
    const last = out.parts[out.parts.length - 1];
    if (!ref && last && !last.ref) last.text += piece;
    else out.parts.push(ref ? { text: piece, ref } : { text: piece });
    out.value += piece;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      push(c);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      push('$');
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      const value = vars.get(name);
      const ref: VariableRef = { name, source: value === undefined ? 'unset' : 'env-file' };
      out.refs.push(ref);
      if (value === undefined) out.unresolved = true;
      push(value ?? '', ref);
      i = j;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        out.error = `invalid interpolation "${text.slice(i)}": no closing "}"`;
        push(text.slice(i));
        break;
      }
      const body = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!m) {
        out.error = `invalid interpolation "\${${body}}"`;
        push(text.slice(i, close + 1));
        i = close + 1;
        continue;
      }
      const [, name, operator, operand] = m;
      const value = vars.get(name);
      const ref: VariableRef = { name, operator, operand, source: 'env-file' };
      out.refs.push(ref);
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      let piece = '';
      switch (operator) {
        case undefined:
          if (set) piece = value;
          else {
            ref.source = 'unset';
            out.unresolved = true;
          }
          break;
        case ':-':
        case '-':
          if (operator === ':-' ? nonEmpty : set) piece = value ?? '';
          else {
            const inner = interpolate(operand ?? '', vars);
            ref.source = 'default';
            piece = inner.value;
            out.refs.push(...inner.refs);
            if (inner.unresolved) out.unresolved = true;
            if (inner.error) out.error ??= inner.error;
          }
          break;
        case ':?':
        case '?':
          // Compose stops with the error text when the variable is missing; the value is unknown here.
          if (operator === ':?' ? nonEmpty : set) piece = value ?? '';
          else {
            ref.source = 'unset';
            out.unresolved = true;
          }
          break;
        case ':+':
        case '+':
          if (operator === ':+' ? nonEmpty : set) {
            const inner = interpolate(operand ?? '', vars);
            piece = inner.value;
            out.refs.push(...inner.refs);
            if (inner.unresolved) out.unresolved = true;
          } else if (!set) {
            ref.source = 'unset';
            out.unresolved = true;
          }
          break;
      }
      push(piece, ref);
      i = close + 1;
      continue;
    }
    // A `$` before anything else (`$1`, `$ `, a trailing `$`) stays as it is, as in Compose.
    push('$');
    i++;
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, counting nested `${...}`; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
