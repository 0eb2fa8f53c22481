/**
 * Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}`), as
 * BuildKit applies it to FROM, COPY, ENV and the other non-RUN instructions.
 */

export interface Resolved {
  text: string;
  /** True when a variable had no known value and was left as written. */
  unresolved: boolean;
}

const VAR_RE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])((?:[^}\\]|\\.)*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function resolveVariables(text: string, vars: ReadonlyMap<string, string | undefined>, escapeChar = '\\'): Resolved {
  let unresolved = false;
  const escaped = escapeChar === '\\' ? /\\\$/g : /`\$/g;
  const marker = '\u0000';
  const prepared = text.replace(escaped, marker);
  const out = prepared.replace(VAR_RE, (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const has = vars.has(name) && vars.get(name) !== undefined;
    const value = has ? (vars.get(name) as string) : undefined;
    if (op === ':-' || op === '-') {
      if (value !== undefined && (op === '-' || value !== '')) return value;
      if (!has && vars.has(name) && op === '-') return '';
      return resolveVariables(word ?? '', vars, escapeChar).text;
    }
    if (op === ':+' || op === '+') {
      if (value !== undefined && (op === '+' || value !== '')) return resolveVariables(word ?? '', vars, escapeChar).text;
      if (value === undefined && !vars.has(name)) {
        unresolved = true;
        return whole;
      }
      return '';
    }
    if (value !== undefined) return value;
    unresolved = true;
    return whole;
  });
  return { text: out.replace(/\u0000/g, '$'), unresolved };
}

/** True when the text holds a `$` substitution at all. */
export function hasVariables(text: string): boolean {
  VAR_RE.lastIndex = 0;
  return VAR_RE.test(text);
}
