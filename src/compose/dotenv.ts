/**
 * Reads a `.env` file as Compose does for interpolation: `KEY=value`, `export KEY=value`,
 * `#` comments, single quotes (literal), double quotes (escapes, several lines), unquoted values
 * with ` #` trailing comments, and `${VAR}` references to keys defined earlier in the file.
 * `KEY` alone takes its value from the process environment in Compose; here it stays unset.
 */
import type { InputError } from '../rules/finding.js';
import { interpolate } from './interpolate.js';

export interface DotEnv {
  vars: Map<string, string>;
  errors: InputError[];
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseDotEnv(text: string, path: string): DotEnv {
  const vars = new Map<string, string>();
  const errors: InputError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^export\s+/.test(line)) line = line.replace(/^export\s+/, '');
    const eq = line.search(/[=:]/);
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!KEY_RE.test(key)) {
      errors.push({ source: path, line: lineNo, column: 1, message: `expected KEY=VALUE, found "${line.slice(0, 40)}"` });
      continue;
    }
    if (eq < 0) continue;
    let rest = line.slice(eq + 1).replace(/^[ \t]+/, '');
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines until its closing quote.
      let body = rest.slice(1);
      let end = closingQuote(body, quote);
      while (end < 0 && i + 1 < lines.length) {
        i++;
        body += '\n' + lines[i];
        end = closingQuote(body, quote);
      }
      if (end < 0) {
        errors.push({ source: path, line: lineNo, column: 1, message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value of ${key}` });
        continue;
      }
      const value = body.slice(0, end);
      vars.set(key, quote === "'" ? value : interpolate(unescapeDouble(value), vars).value);
      continue;
    }
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    vars.set(key, interpolate(rest.trim(), vars).value);
  }
  return { vars, errors };
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(value: string): string {
  return value.replace(/\\([\\"nrt$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === '$' ? '$$' : c));
}
